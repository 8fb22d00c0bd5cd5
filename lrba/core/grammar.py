"""Lithuanian name forms that sentences need: an institution's genitive and a person's
vocative.

Lithuanian names decline: "Gavome Kuršėnų bibliotekos prašymą" (genitive), "Laba diena,
Jonai," (vocative). The register stores an institution's genitive (suggested here, and
editable, because a rule can miss an irregular name); a first name's vocative is derived
each time from the standard endings, and a greeting falls back to one without the name
when the name does not end in a known Lithuanian ending (`vocative` returns None).

Both work on the written endings only, which holds for the regular names of the
register: institutions are noun phrases whose adjectives agree with the head noun
("viešoji biblioteka" → "viešosios bibliotekos"), while the words in the genitive before
them ("Šiaulių miesto savivaldybės") and quoted proper names ("„Šilo“") stay as they are.
"""

import re

from django.utils import translation

# Nominative singular (and plural -ai) endings and their genitives, longest first, so
# "viešoji" is read as -oji before -i and "skyrius" as -ius before -us. Adjectives agree
# with the noun and share its endings (centrinė, centrinis), except the definite -oji and
# -asis forms.
GENITIVE_ENDINGS = (
    ("ioji", "iosios"),  # didžioji
    ("oji", "osios"),  # viešoji
    ("iasis", "iojo"),
    ("asis", "ojo"),  # viešasis
    ("iai", "ių"),  # plural names: rūmai, namai
    ("ai", "ų"),
    ("ias", "io"),
    ("ius", "iaus"),  # skyrius
    ("tis", "čio"),
    ("dis", "džio"),
    ("is", "io"),  # centrinis
    ("ys", "io"),
    ("as", "o"),  # filialas, centras
    ("us", "aus"),  # muziejus
    ("a", "os"),  # biblioteka, asociacija
    ("ė", "ės"),  # centrinė, bendruomenė
)
# Endings that look nominative but are genitives already ("Mickevičiaus", "skyriaus").
GENITIVE_LOOKALIKES = ("aus",)

# First names: the ending and its vocative, longest first.
VOCATIVE_ENDINGS = (
    ("ius", "iau"),  # Paulius → Pauliau
    ("jus", "jau"),  # Andriejus → Andriejau
    ("ias", "iau"),
    ("us", "au"),
    ("as", "ai"),  # Jonas → Jonai
    ("ys", "y"),  # Kazys → Kazy
    ("is", "i"),  # Jurgis → Jurgi
    ("a", "a"),  # Rūta
    ("ė", "e"),  # Žydrūnė → Žydrūne
)
# Names whose vocative the endings do not give (women's names of the -is declension).
IRREGULAR_VOCATIVES = {"ugnis": "Ugnie", "smiltis": "Smiltie"}
LITHUANIAN_LETTERS = set("aąbcčdeęėfghiįyjklmnoprsštuųūvzž")
# Letter pairs Lithuanian spelling does not use: a name with them is foreign ("Thomas").
FOREIGN_PAIRS = ("th", "ph", "sh", "ee", "oo", "ck")
VOWELS = set("aąeęėiįyouųū")

QUOTED = re.compile(r"„[^“”]*[“”]|\"[^\"]*\"")


def _with_case_of(word: str, replacement: str) -> str:
    return replacement.upper() if word.isupper() and len(word) > 1 else replacement


def _word_genitive(word: str) -> str:
    lower = word.lower()
    # Abbreviations (VB, sav., Nr.), numbers and words in other alphabets stay.
    if not word.isalpha() or (word.isupper() and len(word) > 1):
        return word
    if lower.endswith(GENITIVE_LOOKALIKES):
        return word
    for ending, genitive in GENITIVE_ENDINGS:
        if lower.endswith(ending) and len(lower) > len(ending):
            return word[: -len(ending)] + _with_case_of(word, genitive)
    return word


def genitive_suggestion(name: str) -> str:
    """The genitive of an institution's name in the nominative, by the regular endings.

    "Šiaulių miesto savivaldybės centrinė biblioteka" → "… centrinės bibliotekos";
    "„Šilo“ pagrindinės mokyklos biblioteka-muziejus" → "… bibliotekos-muziejaus".
    Words in the genitive and quoted names are kept; an empty name gives "".
    """
    parts: list[str] = []
    position = 0
    for quoted in QUOTED.finditer(name):
        parts.append(_phrase_genitive(name[position : quoted.start()]))
        parts.append(quoted.group())
        position = quoted.end()
    parts.append(_phrase_genitive(name[position:]))
    return "".join(parts)


def _phrase_genitive(text: str) -> str:
    # Split on spaces and hyphens, keeping them, so "biblioteka-muziejus" declines both.
    tokens = re.split(r"([\s\-–,]+)", text)
    return "".join(token if i % 2 else _word_genitive(token) for i, token in enumerate(tokens))


def _name_vocative(name: str) -> str | None:
    lower = name.lower()
    if lower in IRREGULAR_VOCATIVES:
        return IRREGULAR_VOCATIVES[lower]
    if not lower or not set(lower) <= LITHUANIAN_LETTERS:
        return None
    if any(pair in lower for pair in FOREIGN_PAIRS):
        return None
    for ending, vocative in VOCATIVE_ENDINGS:
        stem = lower[: -len(ending)]
        if lower.endswith(ending) and set(stem) & VOWELS:
            return name[: -len(ending)] + _with_case_of(name, vocative)
    return None


def vocative(first_name: str) -> str | None:
    """The vocative of a Lithuanian first name ("Jonas" → "Jonai", "Žydrūnė" → "Žydrūne"),
    or None when it cannot be told: an empty name, a foreign one ("John", "Thomas"), or
    one not ending in a known Lithuanian ending. Double names decline in both parts
    ("Rūta Marija", "Jonas-Paulius")."""
    words = re.split(r"([\s\-]+)", first_name.strip())
    if not words or not words[0]:
        return None
    forms = []
    for i, word in enumerate(words):
        if i % 2:
            forms.append(word)
            continue
        form = _name_vocative(word)
        if form is None:
            return None
        forms.append(form)
    return "".join(forms)


def is_lithuanian() -> bool:
    return (translation.get_language() or "").split("-")[0] == "lt"


def genitive_in_language(name: str, genitive: str = "") -> str:
    """The form of an institution's name for a genitive slot of a sentence in the active
    language: the stored genitive (or the suggestion) in Lithuanian, the name otherwise
    (English has no cases)."""
    if not is_lithuanian():
        return name
    return genitive or genitive_suggestion(name)
