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


def pytest_collection_modifyitems(items):
    """Every test that uses the ``browser`` fixture is a ``browser`` test, and every test on the
    generated landscape of tests/test_scale.py (the ``landscape`` fixture, or ``fixture_dir``
    set to it) a ``slow`` one: ``-m "not browser and not slow"`` leaves them out. Other tests
    that launch chromium or take long carry the marker by hand."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "browser" in fixtures:
            item.add_marker(pytest.mark.browser)
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "landscape" in fixtures or params.get("fixture_dir") == "landscape":
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
