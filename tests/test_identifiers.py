"""The identifier checks of atmp_kg.read.identifiers, on identifiers the registries published
(KU Leuven, Ghent University, ULB, UCLouvain and ULiège in ROR; Apple Inc. in GLEIF; the enterprise
number of the tiny fixture) and on the same with one character changed."""

import pytest

from atmp_kg.read.identifiers import enterprise_number_problem, lei_problem, qid_problem, ror_problem


@pytest.mark.parametrize("ror", ["05f950310", "00cv9y106", "01r9htc13", "02495e989", "00afp2z80"])
def test_published_ror_ids_pass_and_a_changed_check_digit_or_character_fails(ror):
    assert ror_problem(ror) is None
    assert "check digits" in ror_problem(ror[:8] + str((int(ror[8]) + 1) % 10))
    assert "check digits" in ror_problem(ror[:3] + ("1" if ror[3] != "1" else "2") + ror[4:])


def test_a_ror_id_in_the_wrong_shape_is_named_as_such():
    for wrong in ("5f950310", "05f9503100", "05f95o310", "15f950310"):
        assert "is not a ROR id" in ror_problem(wrong)


@pytest.mark.parametrize("lei", ["HWUPKR0MPOU8FGXBT394", "969500ABCDEFGHIJKL46"])
def test_leis_pass_their_iso_17442_check_and_fail_with_a_changed_character(lei):
    assert lei_problem(lei) is None
    assert "check digits" in lei_problem(lei[:-1] + str((int(lei[-1]) + 1) % 10))
    assert "check digits" in lei_problem("X" + lei[1:])
    assert "is not an LEI" in lei_problem(lei.lower())


def test_qids_and_enterprise_numbers():
    assert qid_problem("Q42") is None and "not a Wikidata QID" in qid_problem("Q042")
    assert enterprise_number_problem("0403.170.701") is None
    assert "mod-97" in enterprise_number_problem("0403.170.702")
    assert "written 0123.456.789" in enterprise_number_problem("0403170701")
