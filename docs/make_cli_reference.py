"""Write docs/cli.md, the CLI reference, from the real ``--help`` of ``atmp-kg`` and its commands.

    python docs/make_cli_reference.py           # rewrite docs/cli.md
    python docs/make_cli_reference.py --check   # exit 1 if docs/cli.md is stale

tests/test_docs.py fails when docs/cli.md differs from what this script writes.
"""

import sys
from pathlib import Path

from click.testing import CliRunner

from atmp_kg.cli import main

CLI_MD = Path(__file__).resolve().parent / "cli.md"
COMMAND = "python docs/make_cli_reference.py"

HEADER = f"""# CLI reference

Every command's `--help`, as `atmp-kg` prints it. Generated from the commands themselves by
`{COMMAND}`; do not edit by hand (`tests/test_docs.py` fails when this page is stale).
Exit codes: [README](../README.md#exit-codes).
"""


def help_text(*args):
    """The help of ``atmp-kg *args``, as printed in a terminal 100 columns wide."""
    result = CliRunner().invoke(main, [*args, "--help"], prog_name="atmp-kg", terminal_width=100)
    if result.exit_code != 0:
        raise RuntimeError(f"atmp-kg {' '.join(args)} --help exited with {result.exit_code}:\n{result.output}")
    return result.output.rstrip() + "\n"


def render():
    """The text of docs/cli.md: the group's help, then each command's in alphabetical order."""
    parts = [HEADER, "## atmp-kg\n", "```text\n" + help_text() + "```\n"]
    for name in sorted(main.commands):
        parts += [f"## atmp-kg {name}\n", "```text\n" + help_text(name) + "```\n"]
    return "\n".join(parts)


if __name__ == "__main__":
    text = render()
    if sys.argv[1:] == ["--check"]:
        stale = not CLI_MD.exists() or CLI_MD.read_text(encoding="utf-8") != text
        print(f"docs/cli.md is stale: run {COMMAND}" if stale else "docs/cli.md is up to date")
        sys.exit(1 if stale else 0)
    CLI_MD.write_text(text, encoding="utf-8")
    print(f"wrote {CLI_MD}")
