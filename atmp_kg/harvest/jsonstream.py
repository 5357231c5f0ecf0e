"""The records of a big JSON file one at a time: the elements of its top-level array, or of the
array under one key of its top-level object (``{"studies": [...], "nextPageToken": ...}``),
without building the whole document: the memory is the text and one record."""

import json

from atmp_kg.errors import LoadError

_DECODER = json.JSONDecoder()
_SPACE = " \t\n\r"


def json_records(text, key, label):
    """Yield each element of the top-level array of ``text``, or of its object's ``key`` array.
    A syntax error or another shape is a LoadError naming ``label``, the line and column and
    the record (its position in the array)."""
    position = _skip(text, 0)
    if text.startswith("[", position):
        yield from _array(text, position, label, [])
        return
    if not text.startswith("{", position):
        raise LoadError(f"{label}: not a JSON file of records (it starts with {text[position:position + 20]!r}); "
                        f"expected the registry's JSON: an array of records or an object with {key!r}")
    found = False
    position = _skip(text, position + 1)
    while not text.startswith("}", position):
        name, position = _decode(text, position, label, "a key")
        position = _expect(text, _skip(text, position), ":", label)
        position = _skip(text, position)
        if name == key:
            if not text.startswith("[", position):
                raise LoadError(f"{label}: {key!r} is not an array")
            found, end = True, []
            yield from _array(text, position, label, end)
            position = end[0]
        else:
            _, position = _decode(text, position, label, f"the value of {name!r}")
        position = _skip(text, position)
        if text.startswith(",", position):
            position = _skip(text, position + 1)
        elif not text.startswith("}", position):
            raise _error(text, position, label, "expected ',' or '}'")
    if not found:
        raise LoadError(f"{label}: no {key!r} array: not the registry's JSON")


def _array(text, position, label, end):
    """Yield the elements of the array at ``position``; ``end`` receives the position after it."""
    position = _skip(text, position + 1)
    index = 0
    while not text.startswith("]", position):
        value, position = _decode(text, position, label, f"record {index + 1}")
        index += 1
        position = _skip(text, position)
        if text.startswith(",", position):
            position = _skip(text, position + 1)
        elif not text.startswith("]", position):
            raise _error(text, position, label, f"after record {index}: expected ',' or ']'")
        yield value
    end.append(position + 1)


def _decode(text, position, label, what):
    try:
        return _DECODER.raw_decode(text, position)
    except json.JSONDecodeError as error:
        raise _error(text, error.pos, label, f"{what}: {error.msg}") from None


def _error(text, position, label, message):
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    cut = " (the file ends there: cut short?)" if position >= len(text.rstrip()) or "Unterminated" in message else ""
    return LoadError(f"{label} line {line} column {column}: not valid JSON: {message}{cut}")


def _skip(text, position):
    while position < len(text) and text[position] in _SPACE:
        position += 1
    return position


def _expect(text, position, char, label):
    if not text.startswith(char, position):
        raise _error(text, position, label, f"expected {char!r}")
    return position + 1
