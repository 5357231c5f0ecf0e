"""The wheel carries what the command needs: installed away from the checkout and run from
another folder, ``atmp-kg`` lists its named queries and builds a graph with its own ontology."""

import os
import subprocess
import sys

import pytest
from conftest import DATA, ROOT

pytestmark = pytest.mark.slow


def run(args, **options):
    return subprocess.run(args, capture_output=True, text=True, timeout=600, **options)


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """``(site, run_here)``: the wheel built from the checkout, installed into ``site``, and a
    function running a command from an empty folder with only that installation importable."""
    tmp = tmp_path_factory.mktemp("wheel")
    # the build backend (hatchling) is a test dependency: the wheel is built without the network
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp / "wheels"),
                 str(ROOT)])
    assert built.returncode == 0, built.stdout + built.stderr
    wheels = list((tmp / "wheels").glob("atmp_kg-*.whl"))
    assert len(wheels) == 1, wheels
    site = tmp / "site"
    done = run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--target", str(site),
                str(wheels[0])])
    assert done.returncode == 0, done.stdout + done.stderr
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env["PYTHONPATH"] = str(site)

    def run_here(*args):
        return run([sys.executable, *args], cwd=elsewhere, env=env)

    return site, run_here


def test_the_wheel_is_what_runs(installed):
    site, run_here = installed
    done = run_here("-c", "import atmp_kg; print(atmp_kg.__file__)")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().startswith(str(site)), done.stdout


def test_installed_command_lists_the_named_queries(installed):
    site, run_here = installed
    done = run_here(str(site / "bin" / "atmp-kg"), "queries")
    assert done.returncode == 0, done.stdout + done.stderr
    listed = {line for line in done.stdout.splitlines() if line and not line.startswith(" ")}
    named = {path.stem for path in (ROOT / "queries").glob("*.rq")}
    assert named and {line.split()[0] for line in listed} == named


def test_installed_command_builds_with_its_own_ontology(installed, tmp_path):
    site, run_here = installed
    out = tmp_path / "out"
    done = run_here(str(site / "bin" / "atmp-kg"), "build", "-q", "--graph", str(DATA / "tiny"), "--out", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    assert (out / "atmp-kg.ttl").is_file()
