"""The Lithuanian catalogue is complete (DESIGN.md §6): no untranslated or fuzzy entry."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

PO_FILE = Path(__file__).resolve().parent.parent / "locale" / "lt" / "LC_MESSAGES" / "django.po"
# %(name)s, %s, %d … as Python's %-formatting reads them; %% is a literal percent sign.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")


def _catalog():
    if not PO_FILE.exists():
        pytest.fail(f"{PO_FILE} does not exist: run makemessages and translate it.")
    with PO_FILE.open("rb") as f:
        return read_po(f, locale="lt")


def _messages():
    return [m for m in _catalog() if m.id]  # the header has an empty msgid


def _translations(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string]


def _label(message) -> str:
    msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
    where = ", ".join(f"{path}:{line}" for path, line in message.locations[:2])
    return f"{msgid!r} ({where})" if where else repr(msgid)


def test_every_message_is_translated_and_none_is_fuzzy():
    problems = []
    for message in _messages():
        if message.fuzzy:
            problems.append(f"fuzzy: {_label(message)}")
        elif not all(_translations(message)):
            problems.append(f"untranslated: {_label(message)}")
    assert not problems, f"{len(problems)} entries need work:\n" + "\n".join(problems)


def _placeholders(text: str) -> list[str]:
    return sorted(p for p in PLACEHOLDER.findall(text) if p != "%%")


def test_translations_keep_the_python_format_placeholders():
    problems = []
    for message in _messages():
        if "python-format" not in message.flags:
            continue
        ids = list(message.id) if isinstance(message.id, tuple | list) else [message.id]
        expected = _placeholders(ids[-1])
        for text in filter(None, _translations(message)):  # empty ones: see the test above
            found = _placeholders(text)
            # A plural form may leave the number out ("vienas narys"), but it may not
            # bring in a placeholder the English plural does not have.
            ok = found == expected if len(ids) == 1 else set(found) <= set(expected)
            if not ok:
                problems.append(f"{_label(message)}: {found} ≠ {expected}")
    assert not problems, "placeholders differ:\n" + "\n".join(problems)
