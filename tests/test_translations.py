"""The Lithuanian catalogues are complete (DESIGN.md §6): no untranslated or fuzzy entry.

Two catalogues: locale/ holds our own strings (`make messages` regenerates it) and
locale_overrides/ corrects the third-party apps' shipped translations (see settings).
"""

import re
import runpy
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PO_FILE = ROOT / "locale" / "lt" / "LC_MESSAGES" / "django.po"
OVERRIDES_PO_FILE = ROOT / "locale_overrides" / "lt" / "LC_MESSAGES" / "django.po"
# The admin's scripts (its permission pickers, calendar) read the "djangojs" domain.
OVERRIDES_JS_PO_FILE = OVERRIDES_PO_FILE.with_name("djangojs.po")
CATALOGUES = [PO_FILE, OVERRIDES_PO_FILE, OVERRIDES_JS_PO_FILE]
# %(name)s, %s, %d … as Python's %-formatting reads them; %% is a literal percent sign.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")


def _catalog(po_file: Path = PO_FILE):
    if not po_file.exists():
        pytest.fail(f"{po_file} does not exist: run makemessages and translate it.")
    with po_file.open("rb") as f:
        return read_po(f, locale="lt")


def _messages(po_file: Path | None = None):
    files = [po_file] if po_file else CATALOGUES
    # The header has an empty msgid.
    return [m for path in files for m in _catalog(path) if m.id]


def _msgid(message) -> str:
    return message.id[0] if isinstance(message.id, tuple | list) else message.id


def _translations(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string]


def _label(message) -> str:
    msgid = _msgid(message)
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


def test_both_catalogues_are_the_ones_django_and_the_compile_script_read():
    # Read from the script itself (scripts/ is not a package).
    locale_dirs = runpy.run_path(str(ROOT / "scripts" / "compile_messages.py"))["LOCALE_DIRS"]

    assert [PO_FILE.parents[2], OVERRIDES_PO_FILE.parents[2]] == list(settings.LOCALE_PATHS)
    assert list(locale_dirs) == list(settings.LOCALE_PATHS)


def test_an_override_never_repeats_a_message_of_our_own_catalogue():
    # locale/ comes first in LOCALE_PATHS, so its translation would win and the override
    # would be dead text; a message our code also uses is translated there only. (The same
    # words under another context, e.g. a task's "Running" and a project's, are another
    # message.)
    ours = {(m.context, _msgid(m)) for m in _messages(PO_FILE)}
    repeated = sorted(
        _msgid(m) for m in _messages(OVERRIDES_PO_FILE) if (m.context, _msgid(m)) in ours
    )
    assert not repeated, "translate these in locale/ only:\n" + "\n".join(repeated)


def test_the_overrides_win_over_the_translations_the_apps_ship():
    from django.utils import translation

    with translation.override("lt"):
        # allauth ships "Dviejų Faktorių Autentifikacija" and "Patvirtinkite Prieigą".
        assert translation.gettext("Two-Factor Authentication") == "Dviejų veiksnių autentifikacija"
        assert translation.gettext("Confirm Access") == "Patvirtinkite tapatybę"
        # Unfold ships no Lithuanian at all.
        assert translation.gettext("Search apps and models...") == "Ieškoti skilčių ir sąrašų…"
