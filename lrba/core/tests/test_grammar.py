"""Names in the case a sentence needs (lrba.core.grammar): institutions' genitives and
first names' vocatives, and the template tags that use them."""

import pytest
from django.template import Context, Template
from django.utils import translation

from lrba.core.grammar import genitive_in_language, genitive_suggestion, vocative

# Common Lithuanian first names and their vocatives (the standard endings).
VOCATIVES = [
    # Men: -as → -ai
    ("Jonas", "Jonai"), ("Gintaras", "Gintarai"), ("Vytautas", "Vytautai"),
    ("Matas", "Matai"), ("Dovydas", "Dovydai"), ("Ignas", "Ignai"), ("Tomas", "Tomai"),
    ("Lukas", "Lukai"), ("Mantas", "Mantai"), ("Darius", "Dariau"), ("Petras", "Petrai"),
    ("Algirdas", "Algirdai"), ("Rokas", "Rokai"), ("Nojus", "Nojau"), ("Arnas", "Arnai"),
    # -is → -i, -ys → -y
    ("Jurgis", "Jurgi"), ("Kęstutis", "Kęstuti"), ("Benediktas", "Benediktai"),
    ("Kazys", "Kazy"), ("Antanas", "Antanai"), ("Vilius", "Viliau"), ("Rytis", "Ryti"),
    # -ius → -iau, -jus → -jau, -us → -au
    ("Paulius", "Pauliau"), ("Andrius", "Andriau"), ("Marius", "Mariau"),
    ("Saulius", "Sauliau"), ("Mindaugas", "Mindaugai"), ("Kajus", "Kajau"),
    ("Andriejus", "Andriejau"), ("Linas", "Linai"),
    # Women: -a stays, -ė → -e
    ("Rūta", "Rūta"), ("Jurgita", "Jurgita"), ("Asta", "Asta"), ("Lina", "Lina"),
    ("Dalia", "Dalia"), ("Kristina", "Kristina"), ("Rasa", "Rasa"), ("Aušra", "Aušra"),
    ("Laima", "Laima"), ("Vilma", "Vilma"), ("Irena", "Irena"), ("Ona", "Ona"),
    ("Žydrūnė", "Žydrūne"), ("Jūratė", "Jūrate"), ("Eglė", "Egle"), ("Agnė", "Agne"),
    ("Gintarė", "Gintare"), ("Aistė", "Aiste"), ("Rasa", "Rasa"), ("Ieva", "Ieva"),
    ("Simona", "Simona"), ("Daiva", "Daiva"), ("Vaida", "Vaida"), ("Austėja", "Austėja"),
    ("Ugnė", "Ugne"), ("Ugnis", "Ugnie"), ("Goda", "Goda"), ("Gabija", "Gabija"),
    # Double names decline in both parts; capitals stay capitals.
    ("Rūta Marija", "Rūta Marija"), ("Jonas Paulius", "Jonai Pauliau"),
    ("Ona-Marija", "Ona-Marija"), ("JONAS", "JONAI"), ("  Eglė ", "Egle"),
]  # fmt: skip

# Names whose vocative cannot be told: foreign, without a Lithuanian ending, or empty.
UNSURE = ["", "   ", "John", "Chris", "Thomas", "Sophie", "Mohammed", "Wojciech", "Li",
          "Anne", "Jean-Pierre", "Olaf", "X", "Jonas Smith"]  # fmt: skip

GENITIVES = [
    (
        "Šiaulių miesto savivaldybės centrinė biblioteka",
        "Šiaulių miesto savivaldybės centrinės bibliotekos",
    ),
    ("Kuršėnų miesto bendruomenės biblioteka", "Kuršėnų miesto bendruomenės bibliotekos"),
    ("Kauno apskrities viešoji biblioteka", "Kauno apskrities viešosios bibliotekos"),
    (
        "Klaipėdos apskrities viešoji Ievos Simonaitytės biblioteka",
        "Klaipėdos apskrities viešosios Ievos Simonaitytės bibliotekos",
    ),
    (
        "Vilniaus apskrities Adomo Mickevičiaus viešoji biblioteka",
        "Vilniaus apskrities Adomo Mickevičiaus viešosios bibliotekos",
    ),
    (
        "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešoji biblioteka",
        "Panevėžio apskrities Gabrielės Petkevičaitės-Bitės viešosios bibliotekos",
    ),
    (
        "Šiaulių rajono savivaldybės viešosios bibliotekos Kuršėnų miesto filialas",
        "Šiaulių rajono savivaldybės viešosios bibliotekos Kuršėnų miesto filialo",
    ),
    ("Kuršėnų filialas Nr. 2", "Kuršėnų filialo Nr. 2"),
    ("Lietuvos bibliotekų informacijos centras", "Lietuvos bibliotekų informacijos centro"),
    ("Skaitymo skyrius", "Skaitymo skyriaus"),
    ("Panevėžio kraštotyros muziejus", "Panevėžio kraštotyros muziejaus"),
    ("Lietuvos regionų bibliotekų asociacija", "Lietuvos regionų bibliotekų asociacijos"),
    ("Kauno technologijos universiteto biblioteka", "Kauno technologijos universiteto bibliotekos"),
    ("„Šilo“ biblioteka", "„Šilo“ bibliotekos"),
    ("„Saulės“ gimnazijos biblioteka", "„Saulės“ gimnazijos bibliotekos"),
    ("Biblioteka „Šilas“", "Bibliotekos „Šilas“"),
    ("Kultūros ir meno centras", "Kultūros ir meno centro"),
    ("Kudirkos Naumiesčio kultūros namai", "Kudirkos Naumiesčio kultūros namų"),
    ("Rokiškio centrinis knygynas", "Rokiškio centrinio knygyno"),
    ("Vilniaus biblioteka-muziejus", "Vilniaus bibliotekos-muziejaus"),
    ("VšĮ Vilniaus kolegija", "VšĮ Vilniaus kolegijos"),
    ("Maironio lietuvių literatūros muziejus", "Maironio lietuvių literatūros muziejaus"),
    (
        "Lietuvos nacionalinė Martyno Mažvydo biblioteka",
        "Lietuvos nacionalinės Martyno Mažvydo bibliotekos",
    ),
    ("Vytauto Didžiojo universiteto biblioteka", "Vytauto Didžiojo universiteto bibliotekos"),
    ("Kauno apskrities viešoji biblioteka (KAVB)", "Kauno apskrities viešosios bibliotekos (KAVB)"),
    ("LRBA", "LRBA"),
    ("", ""),
]


@pytest.mark.parametrize(("name", "expected"), VOCATIVES)
def test_vocative_follows_the_standard_first_name_endings(name, expected):
    assert vocative(name) == expected


def test_the_vocative_table_holds_at_least_forty_common_names():
    assert len({name for name, _form in VOCATIVES}) >= 40


@pytest.mark.parametrize("name", UNSURE)
def test_vocative_is_unknown_for_foreign_and_empty_names(name):
    assert vocative(name) is None


@pytest.mark.parametrize(("name", "expected"), GENITIVES)
def test_genitive_suggestion_declines_the_head_noun_and_its_adjectives(name, expected):
    assert genitive_suggestion(name) == expected


def test_genitive_in_language_gives_the_stored_form_in_lithuanian_and_the_name_in_english():
    name = "Kuršėnų miesto bendruomenės biblioteka"
    with translation.override("lt"):
        assert genitive_in_language(name, "Kuršėnų bendruomenės bibliotekos") == (
            "Kuršėnų bendruomenės bibliotekos"
        )
        assert genitive_in_language(name) == "Kuršėnų miesto bendruomenės bibliotekos"
    with translation.override("en"):
        assert genitive_in_language(name, "Kuršėnų bendruomenės bibliotekos") == name


def _render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load lrba_grammar %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "first_name", "expected"),
    [
        ("lt", "Žydrūnė", "Laba diena, Žydrūne,"),
        ("lt", "Jonas", "Laba diena, Jonai,"),
        ("lt", "John", "Laba diena,"),
        ("lt", "", "Laba diena,"),
        ("lt", None, "Laba diena,"),
        ("en", "Žydrūnė", "Hello Žydrūnė,"),
        ("en", "", "Hello,"),
    ],
)
def test_greeting_addresses_by_the_vocative_or_greets_without_the_name(
    language, first_name, expected
):
    assert _render("{% greeting name %}", language, name=first_name) == expected


def test_the_genitive_filter_uses_the_stored_form_in_lithuanian_only():
    source = "{{ name|genitive:stored }}"
    context = {"name": "„Šilo“ biblioteka", "stored": "„Šilo“ bibliotekos"}

    assert _render(source, "lt", **context) == "„Šilo“ bibliotekos"
    assert _render(source, "en", **context) == "„Šilo“ biblioteka"


def test_the_vocative_filter_is_empty_when_unsure_in_lithuanian():
    assert _render("{{ name|vocative }}", "lt", name="Jonas") == "Jonai"
    assert _render("{{ name|vocative }}", "lt", name="John") == ""
    assert _render("{{ name|vocative }}", "en", name="Jonas") == "Jonas"
