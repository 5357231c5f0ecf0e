"""The quick loop's list of slow tests names tests that exist (a renamed test would otherwise
silently come back into the quick loop)."""

import pytest
from conftest import SAMPLED, SLOW, TESTS


@pytest.mark.parametrize("file, name", sorted({(file, name) for table in (SLOW, SAMPLED)
                                               for file, names in table.items() for name in names}))
def test_each_test_marked_slow_by_name_exists(file, name):
    assert f"\ndef {name}(" in (TESTS / file).read_text(encoding="utf-8")
