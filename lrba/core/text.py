"""Lithuanian text: search folding and the alphabetical sort key.

Search ignores case and diacritics (`siauliu` finds `Šiaulių`). Sorting follows the
Lithuanian rules (Facts §5.2, the CLDR/ICU `lt` tailoring): č, š, ž are letters of
their own after c, s, z; ą ę ė į ų ū differ from their base letter only at the
secondary level; y sorts with i. PostgreSQL uses ICU (`lt-x-icu`); SQLite and Python
use `sort_key` below, which is tested against the ICU order. Both functions are
cached: SQLite calls them once per row and the same names come back on every request.
"""

import functools
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


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, diacritic-free form of `text` for comparisons in search."""
    folded = unicodedata.normalize("NFC", text).translate(_FOLD_TABLE)
    # Anything the table does not know (rare foreign letters) loses its accents here.
    folded = "".join(
        ch for ch in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(ch)
    )
    return folded.lower()


# Spaces and punctuation sort before digits and letters and among themselves in the
# order of the CLDR root collation, as PostgreSQL's ICU does (it does not ignore them).
_PUNCTUATION = " _-‐‑‒–—,;:!¡?¿.…'‘’‚‛‹›\"“”„‟«»()[]{}§¶@*/\\&#%‰†‡•`´˜^¯+±<=>¬|¦~¤$€"
# Primary letters in Lithuanian order: č, š, ž have their own place; y is not here
# because it sorts with i, nor are ą ę ė į ų ū (they sort with their base letter).
_ALPHABET = "0123456789abcčdefghijklmnopqrsštuvwxzž"
_LEVEL_SEPARATOR = "\x01"  # below every weight, so a shorter string sorts first


def _weights(ch: str) -> list[tuple[str, str, str]]:
    """(primary, secondary, tertiary) weights of one character, as one-character strings."""
    lower = ch.lower()
    case = "1" if ch != lower else "0"
    if lower in _OWN_LETTERS:
        return [(chr(0x100 + _ALPHABET.index(lower)), "0", case)]
    if lower in _SECONDARY:
        base, rank = _SECONDARY[lower]
        return [(chr(0x100 + _ALPHABET.index(base)), str(rank), case)]
    if not any(c.isalnum() for c in lower):  # "İ".lower() is two characters
        position = _PUNCTUATION.find(ch)
        return [(chr(0x20 + position) if position >= 0 else "\xff", "0", "0")]
    plain = fold(lower)
    accent = "0" if plain == lower else "3"
    weights: list[tuple[str, str, str]] = []
    for letter in plain:  # one letter, or several for ligatures such as "ﬁ"
        position = _ALPHABET.find(letter)
        # Letters of other scripts come after the Latin alphabet, in code-point order.
        primary = chr(0x100 + position) if position >= 0 else chr(0x1000 + ord(letter))
        weights.append((primary, accent, case))
    return weights


@functools.lru_cache(maxsize=65536)
def sort_key(text: str | None) -> str:
    """A string whose plain (code-point) order is the Lithuanian order of `text`.

    Compared level by level like ICU: letters first (č after c, y with i …), then accents
    (a < ą), then case (lower before upper). Being a plain string, it also sorts inside
    SQLite at C speed (`lrba.core.db.LithuanianOrder`). Names repeat, hence the cache.
    """
    weights = [w for ch in unicodedata.normalize("NFC", text or "") for w in _weights(ch)]
    primary = "".join(w[0] for w in weights)
    secondary = "".join(w[1] for w in weights)
    tertiary = "".join(w[2] for w in weights)
    return _LEVEL_SEPARATOR.join((primary, secondary, tertiary))
