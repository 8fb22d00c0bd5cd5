"""Lithuanian text: search folding and the alphabetical sort key.

Search ignores case and diacritics (`siauliu` finds `Šiaulių`). Sorting follows the
Lithuanian rules (Facts §5.2, the CLDR/ICU `lt` tailoring): č, š, ž are letters of
their own after c, s, z; ą ę ė į ų ū differ from their base letter only at the
secondary level; y sorts with i. PostgreSQL uses ICU (`lt-x-icu`); SQLite and Python
use `sort_key` below, which is tested against the ICU order.
"""

import unicodedata

# Letters that carry their own primary weight, right after their base letter.
_OWN_LETTERS = {"č": ("c", 1), "š": ("s", 1), "ž": ("z", 1)}
# Letters that sort with another letter and differ only at the secondary level.
_SECONDARY = {
    "ą": ("a", 1),
    "ę": ("e", 1),
    "ė": ("e", 2),
    "į": ("i", 1),
    "y": ("i", 2),
    "ų": ("u", 1),
    "ū": ("u", 2),
}

# Search folding: every letter to its plain lowercase Latin base. The same table feeds
# the SQL `translate()` on PostgreSQL, so Python and both databases agree.
FOLD_FROM = "ĄČĘĖĮŠŲŪŽąčęėįšųūžŁłÓóŃńŚśĆćŹźŻżÄäÖöÜüÉéÈèÀàÁáÍíÚú"
FOLD_TO = "ACEEISUUZaceeisuuzLlOoNnSsCcZzZzAaOoUuEeEeAaAaIiUu"
_FOLD_TABLE = str.maketrans(FOLD_FROM, FOLD_TO)


def fold(text: str) -> str:
    """Lower-case, diacritic-free form of `text` for comparisons in search."""
    folded = unicodedata.normalize("NFC", text).translate(_FOLD_TABLE)
    # Anything the table does not know (rare foreign letters) loses its accents here.
    folded = "".join(
        ch for ch in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(ch)
    )
    return folded.lower()


def _letter_weights(ch: str) -> tuple[tuple[str, int], int]:
    """(primary letter and rank, secondary weight) of one lower-case character."""
    if ch in _OWN_LETTERS:
        base, rank = _OWN_LETTERS[ch]
        return (base, rank), 0
    if ch in _SECONDARY:
        base, secondary = _SECONDARY[ch]
        return (base, 0), secondary
    plain = fold(ch) or ch
    return (plain, 0), 0 if plain == ch else 3


def sort_key(text: str) -> tuple:
    """Key that orders strings the Lithuanian way: primary, then secondary, then case."""
    text = unicodedata.normalize("NFC", text or "")
    primary: list[tuple[str, int]] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    for ch in text:
        lower = ch.lower()
        weights, accent = _letter_weights(lower)
        if not weights[0].isalnum():
            # Spaces and punctuation are ignorable at the primary level, like ICU's
            # default "shifted" handling would treat them; they still break ties.
            tertiary.append(ord(ch))
            continue
        primary.append(weights)
        secondary.append(accent)
        tertiary.append(0 if ch == lower else 1)
    return (primary, secondary, tertiary)


def collate(a: str, b: str) -> int:
    """Three-way comparison with `sort_key`, for SQLite's create_collation()."""
    ka, kb = sort_key(a), sort_key(b)
    return (ka > kb) - (ka < kb)
