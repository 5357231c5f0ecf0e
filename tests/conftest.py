"""Shared fixtures: small hand-made graphs whose right answers are known by construction."""

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

from atmp_kg.pipeline import build
from atmp_kg.read.load import Inputs

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
DATA = TESTS / "data"
ONTOLOGY = ROOT / "ontology"


def inputs_for(graph_dir):
    return Inputs(ontology_dir=ONTOLOGY, graph_dir=graph_dir)


def bench_module(name):
    """The script ``bench/<name>.py`` as a module (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def tiny_build():
    """The build of ``tests/data/tiny`` (3 actors, see tests/data/README.md)."""
    return build(inputs_for(DATA / "tiny"), reasoner="owlrl")


@pytest.fixture
def tiny_copy(tmp_path):
    """A writable copy of the tiny fixture tables, for tests that break one file."""
    target = tmp_path / "graph"
    shutil.copytree(DATA / "tiny", target)
    return target


def require_browser():
    """Skip (or fail in CI, where ATMP_KG_REQUIRE_BROWSER=1) when Debian chromium is missing."""
    chromium = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if chromium is None:
        if os.environ.get("ATMP_KG_REQUIRE_BROWSER") == "1":
            pytest.fail("Debian chromium is required (apt-get install -y chromium)")
        pytest.skip("Debian chromium is not installed")
    return chromium


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


# The quick loop, ``python -m pytest -q -m "not browser and not slow"``, runs in under a minute
# and still runs every test file. It leaves out (marks ``slow``) the tests named in SLOW and, of
# the parametrized tests named in SAMPLED, every case after the first few (the other cases check
# the same code path with other data). The whole suite, ``python -m pytest -q``, runs them all.
SLOW = {
    "test_bad_inputs.py": {"test_an_empty_folder_or_a_build_made_before_the_mark_is_replaced",
                           "test_out_that_cannot_be_written", "test_excel_belgian_export_builds",
                           "test_report_csv_cells_never_run_as_spreadsheet_formulas",
                           "test_stale_staging_folders_are_removed_by_the_next_build",
                           "test_a_failed_write_keeps_dist_and_leaves_no_staging_folder",
                           "test_gaps_replaces_its_earlier_report"},
    "test_build.py": {"test_the_build_command_leaves_the_garbage_collector_on",
                      "test_a_rebuild_replaces_the_output_and_leaves_no_folder_behind"},
    "test_publish.py": {"test_a_failed_publish_leaves_the_previous_version",
                        "test_a_store_that_asks_for_a_user_is_refused_with_the_way_to_give_one"},
    "test_reason.py": {"test_inputs_are_not_mutated"},
    "test_scale.py": {"test_each_engine_alone_writes_the_same_bytes",
                      "test_default_engines_report_violations_like_the_reference_engines",
                      "test_default_engines_write_the_reference_bytes",
                      "test_default_engines_answer_queries_and_count_alike",
                      "test_the_engines_asked_for_are_the_engines_that_run",
                      "test_rules_engine_entails_what_owlrl_entails",
                      "test_turbo_validation_gives_pyshacls_findings_and_report", "test_turtle_is_deterministic",
                      "test_peak_memory_counts_the_whole_process_tree_and_passes_the_exit_code",
                      "test_both_processes_write_every_actors_pages_as_one_process_makes_them"},
    "test_serve.py": {"test_the_server_stops_cleanly_with_its_workers"},
    "test_serve_hostile.py": {"test_idle_and_slow_connections_are_closed_and_bounded",
                              "test_a_sandboxed_process_cannot_reach_the_canary_even_with_service",
                              "test_the_federated_named_query_tab_does_not_reach_the_canary"},
}
SAMPLED = {  # test -> how many of its first cases the quick loop keeps
    "test_bad_inputs.py": {"test_bad_input_is_reported_and_loses_nothing": 4,
                           "test_a_fifo_input_is_refused_without_waiting": 1,
                           "test_gaps_out_never_replaces_what_it_did_not_write": 1},
    "test_publish.py": {"test_an_invalid_graph_iri_is_refused_before_any_request": 1,
                        "test_publish_then_query_gives_the_rows_of_the_local_build": 1,
                        "test_an_endpoint_that_is_not_an_http_url_is_refused_before_any_request": 1},
    "test_queries.py": {"test_hostile_values_are_literals_and_change_nothing": 1,
                        "test_build_fails_with_the_rows_of_the_broken_rule": 1,
                        "test_rdflib_and_oxigraph_give_the_same_rows": 5,
                        "test_every_query_parses_and_has_its_header": 10},
    "test_serve.py": {"test_service_is_refused_and_never_reaches_the_canary": 1,
                      "test_sparqlwrapper_gets_the_rows_of_in_process_rdflib": 3,
                      "test_rdflib_sparqlstore_gets_the_rows_of_in_process_rdflib": 3},
    "test_serve_hostile.py": {"test_no_spelling_of_service_reaches_the_canary": 1},
}


def pytest_collection_modifyitems(items):
    """Mark ``browser`` every test that uses the ``browser`` fixture, and ``slow`` every test on
    the generated landscape of tests/test_scale.py (the ``landscape`` fixture, or ``fixture_dir``
    set to it) and those SLOW and SAMPLED name. Tests that launch chromium themselves, and a few
    more slow ones, carry their marker by hand."""
    cases = {}
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "browser" in fixtures:
            item.add_marker(pytest.mark.browser)
        params = getattr(getattr(item, "callspec", None), "params", {})
        file, name = item.path.name, getattr(item, "originalname", item.name)
        cases[file, name] = case = cases.get((file, name), 0) + 1
        on_landscape = "landscape" in fixtures or params.get("fixture_dir") == "landscape"
        if on_landscape or name in SLOW.get(file, ()) or case > SAMPLED.get(file, {}).get(name, case):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="module")
def browser():
    """Headless Debian chromium under Playwright (its own browser download does not work here)."""
    chromium = require_browser()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
