"""Where atmp-kg finds its files: the one module that decides.

The ontology (``atmp.ttl``, ``vocabularies.ttl``, ``shapes.ttl``) and the named queries
(``*.rq``) are package data, read with :mod:`importlib.resources`. The repository keeps them at
its top level, in ``ontology/`` and ``queries/``, where curators edit them; the wheel carries
them inside the package as ``atmp_kg/ontology/`` and ``atmp_kg/queries/`` (see the hatch build
section of ``pyproject.toml``). An installed wheel therefore reads its own copy; a checkout (an
editable install, or ``python build.py`` at the repository root) reads the folders beside the
package, so an edit is seen at once.

The curated data and the build folder are the user's, not the package's: ``graph/`` and
``dist/`` relative to the current working directory.

>>> from atmp_kg.resources import ONTOLOGY_DIR, QUERIES_DIR
>>> (ONTOLOGY_DIR / "shapes.ttl").is_file(), any(QUERIES_DIR.glob("*.rq"))
(True, True)
"""

import atexit
from contextlib import ExitStack
from importlib.resources import as_file, files
from pathlib import Path

GRAPH_DIR = Path("graph")
DIST_DIR = Path("dist")

_held = ExitStack()  # as_file() yields a real path: the folder itself when installed unpacked; kept until exit
atexit.register(_held.close)


def _folder(name):
    """The package's ``name/`` folder as a ``Path``; in a checkout, the repository's top-level one."""
    packaged = files("atmp_kg") / name
    if packaged.is_dir():
        return _held.enter_context(as_file(packaged))
    return Path(__file__).resolve().parent.parent / name


ONTOLOGY_DIR = _folder("ontology")
QUERIES_DIR = _folder("queries")
