"""``python build.py`` is ``atmp-kg build``: build the graph from ontology/ and graph/ into dist/."""

import sys

from atmp_kg.cli import main

if __name__ == "__main__":
    main(["build", *sys.argv[1:]], prog_name="build.py")
