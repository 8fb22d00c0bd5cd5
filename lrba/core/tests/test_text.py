"""Search folding and the Lithuanian sort key (Facts §5.2)."""

import random

from lrba.core.text import fold, sort_key

# The order PostgreSQL's ICU `lt-LT-x-icu` collation gives (Facts §5.2).
ICU_ORDER = [
    "antis", "ąžuolas", "cukrus", "čiuožti", "eglė", "ėglis", "ęsti", "Ignalina", "iki",
    "yra", "įstatai", "Jonava", "Kaunas", "Kazlų Rūda", "Kėdainiai", "sala", "Šakiai",
    "Šalčininkai", "šuo", "ūkis", "uola", "ųsai", "zuikis", "Žemaitis",
]  # fmt: skip


def test_fold_removes_case_and_lithuanian_diacritics():
    assert fold("Šiaulių") == "siauliu"
    assert fold("ĄČĘĖĮŠŲŪŽ ąčęėįšųūž") == "aceeisuuz aceeisuuz"


def test_fold_removes_accents_the_table_does_not_list():
    assert fold("Mickiewicz Łódź Ñandú") == "mickiewicz lodz nandu"


def test_fold_treats_decomposed_and_composed_letters_alike():
    assert fold("S\u030ciauliai") == fold("Šiauliai") == "siauliai"


def test_sort_key_gives_the_icu_order():
    shuffled = ICU_ORDER[:]
    random.Random(1).shuffle(shuffled)
    assert sorted(shuffled, key=sort_key) == ICU_ORDER


def test_c_s_z_with_caron_are_letters_of_their_own():
    assert sorted(["čia", "cz", "da"], key=sort_key) == ["cz", "čia", "da"]
    assert sorted(["šaka", "sz", "ta"], key=sort_key) == ["sz", "šaka", "ta"]
    assert sorted(["žąsis", "zz"], key=sort_key) == ["zz", "žąsis"]


def test_y_sorts_with_i_and_nasals_only_break_ties():
    assert sorted(["ib", "ya", "ia"], key=sort_key) == ["ia", "ya", "ib"]
    assert sorted(["ąb", "aa"], key=sort_key) == ["aa", "ąb"]


def test_plain_sorted_would_be_wrong():
    assert sorted(ICU_ORDER) != ICU_ORDER


def test_sort_key_puts_spaces_and_punctuation_before_letters_as_icu_does():
    # The order PostgreSQL gives with COLLATE "lt-x-icu" for the same names.
    icu = [
        "„Saulės“ gimnazija",
        "A Mickevičiaus",
        "A. Mickevičiaus",
        "AB Mickevičiaus",
        "Alytaus „Vilties“ progimnazija",
        "Alytaus miesto biblioteka",
        "Biblioteka 10",
        "Biblioteka 9",
        "Biblioteka-9",
        "Kauno (centrinė) biblioteka",
        "Kauno centrinė",
        "Kelmės r. Tytuvėnų filialas",
        "Kelmės rajono Tytuvėnų filialas",
    ]
    assert sorted(reversed(icu), key=sort_key) == icu


def test_sort_key_orders_case_after_letters_and_accents():
    assert sorted(["KAUNAS", "Kaunas", "kaunas"], key=sort_key) == ["kaunas", "Kaunas", "KAUNAS"]
    assert sorted(["Yla", "Įla", "Ila", "ila"], key=sort_key) == ["ila", "Ila", "Įla", "Yla"]
