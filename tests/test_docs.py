"""The documents: docs/cli.md is the real --help, and every Markdown file of the project is sound
(code fences closed, headings in order, relative links and images that resolve, and their
anchors where they point into a Markdown file)."""

import importlib.util
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIPPED = {".git", ".venv", "dist", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache"}
SKIPPED_PATHS = {ROOT / "bench" / "data", ROOT / "bench" / "out", ROOT / "build"}


def markdown_files():
    """Every *.md of the project: not the venv, build outputs, generated landscapes or caches."""
    found = []
    for folder, subfolders, files in os.walk(ROOT):
        here = Path(folder)
        subfolders[:] = sorted(name for name in subfolders if name not in SKIPPED and not name.endswith(".egg-info")
                               and here / name not in SKIPPED_PATHS)
        found += [here / name for name in files if name.endswith(".md")]
    return sorted(found)


FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]|$)")
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


def fenced_lines(text):
    """(line number, line, inside a code fence, problem or None) for each line of ``text``.

    A fence is closed by a line of the same marker, at least as long, with nothing after it. A line
    that would open a fence (```sh) inside an open one means the open one was never closed: a
    renderer would show the rest of the page as code up to the next bare marker."""
    fence = None
    for number, line in enumerate(text.splitlines(), 1):
        match = FENCE.match(line)
        if fence is None:
            opening = match and not (match.group(1)[0] == "`" and "`" in match.group(2))
            if opening:
                fence = (match.group(1), number)
            yield number, line, bool(opening), None
            continue
        same = match and match.group(1)[0] == fence[0][0] and len(match.group(1)) >= len(fence[0])
        if same and not match.group(2).strip():
            fence = None
        problem = None
        if same and match.group(2).strip():
            problem = f"line {number}: code fence opened inside the one of line {fence[1]}, never closed"
        yield number, line, True, problem
    if fence is not None:
        yield fence[1], "", True, f"line {fence[1]}: code fence never closed"


def anchors(text):
    """The anchors GitHub gives the headings of ``text``: lower case, punctuation dropped, spaces
    as hyphens, a repeated one numbered (``-1``, ``-2``...)."""
    found, seen = set(), {}
    for _, line, fenced, _ in fenced_lines(text):
        heading = HEADING.match(line)
        if fenced or not heading:
            continue
        slug = re.sub(r"[^\w\- ]", "", line[heading.end():].strip().strip("#").strip().lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def problems(path, text=None):
    """What is wrong with the Markdown file ``path`` (its text may be given): a list of messages."""
    text = path.read_text(encoding="utf-8") if text is None else text
    found, level = [], 0
    for number, line, fenced, problem in fenced_lines(text):
        if problem:
            found.append(problem)
        if fenced:
            continue
        heading = HEADING.match(line)
        if heading:
            new = len(heading.group(1))
            if new > level + 1:
                found.append(f"line {number}: heading level {new} after level {level} ({line.strip()})")
            level = new
        prose = CODE_SPAN.sub("", line)
        targets = [m.group(1) for m in LINK.finditer(prose)] + [m.group(1) for m in REFERENCE.finditer(prose)]
        for target in targets:
            target = target.strip("<>")
            if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) or target.startswith("//"):
                continue  # a URL or a mail address
            file_part, _, anchor = target.split("?", 1)[0].partition("#")
            linked = path.parent / file_part if file_part else path
            if file_part and not linked.exists():
                found.append(f"line {number}: link to a missing file: {target}")
            elif anchor and linked.suffix == ".md":
                linked_text = text if linked == path else linked.read_text(encoding="utf-8")
                if anchor not in anchors(linked_text):
                    found.append(f"line {number}: no heading for the anchor: {target}")
    return found


@pytest.mark.parametrize("path", markdown_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_markdown_is_sound(path):
    assert problems(path) == []


def test_the_markdown_files_are_found():
    found = {str(p.relative_to(ROOT)) for p in markdown_files()}
    assert {"README.md", "docs/cli.md", "bench/README.md", "queries/README.md"} <= found
    assert not any(name.startswith((".venv/", "dist/")) for name in found)


@pytest.mark.parametrize("text, expected", [
    ("# a\n\n```sh\nrun\n```\n\n```text\nUsage: x\n", "line 7: code fence never closed"),
    ("# a\n\n```\nUsage: x\n```sh\nrun\n```\n", "line 5: code fence opened inside the one of line 3, never closed"),
    ("# a\n\n````md\n```sh\nrun\n```\n````\n", None),
    ("# a\n\n### c\n", "line 3: heading level 3 after level 1 (### c)"),
    ("## a\n", "line 1: heading level 2 after level 0 (## a)"),
    ("# a\n\n```\n### not a heading\n```\n\n## b\n\n### c\n\n## d\n", None),
    ("# a\n\nSee [the guide](docs/missing.md#intro).\n", "line 3: link to a missing file: docs/missing.md#intro"),
    ("# a\n\n![picture](missing.png)\n", "line 3: link to a missing file: missing.png"),
    ("# a\n\n[x]: missing.md\n", "line 3: link to a missing file: missing.md"),
    ("# a\n\n[site](https://example.org/x) [here](#a) `[not](a-link.md)`\n", None),
    ("# A `b/` c!\n\n## A b c\n\n[x](#a-b-c) [y](#a-b-c-1) [z](#nowhere)\n",
     "line 5: no heading for the anchor: #nowhere"),
])
def test_the_checker_finds_each_kind_of_problem(tmp_path, text, expected):
    found = problems(tmp_path / "page.md", text)
    assert found == ([] if expected is None else [expected])


def test_the_checker_finds_the_unclosed_fence_of_an_old_readme(tmp_path):
    # the README once left the gaps command's --help open: the serve example below it showed as code
    old = "# atmp-kg\n\n## gaps\n\n```\nUsage: atmp-kg gaps [OPTIONS]\n  -h, --help  Show this message.\n" \
          "```sh\natmp-kg build && atmp-kg serve\n```\n\n| address | what |\n\n```text\nUsage: atmp-kg serve\n```\n"
    assert problems(tmp_path / "README.md", old) == ["line 8: code fence opened inside the one of line 5, never closed"]


def cli_reference():
    spec = importlib.util.spec_from_file_location("make_cli_reference", ROOT / "docs" / "make_cli_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_the_real_help():
    module = cli_reference()
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == module.render(), f"docs/cli.md is stale: run {module.COMMAND}"


def test_cli_reference_has_every_command():
    from atmp_kg.cli import main

    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"## atmp-kg {name}\n" in text and f"Usage: atmp-kg {name} " in text, name


def test_no_pasted_help_outside_the_cli_reference():
    for path in markdown_files():
        if path != ROOT / "docs" / "cli.md":
            assert "Usage: atmp-kg" not in path.read_text(encoding="utf-8"), f"{path}: link docs/cli.md instead"


def test_readme_has_the_two_quickstart_commands_and_links_every_page_of_docs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 -m venv .venv && . .venv/bin/activate && pip install -e . && python build.py" in readme
    assert ". .venv/bin/activate && pip install -e '.[test]' && python -m pytest -q" in readme
    assert len(readme.splitlines()) < 200
    for page in sorted((ROOT / "docs").glob("*.md")):
        assert f"(docs/{page.name}" in readme, f"README.md does not link docs/{page.name}"
