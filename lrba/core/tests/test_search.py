"""The site search (lrba.core.search), on whichever database the suite runs: SQLite by
default, PostgreSQL with DATABASE_URL. Both must find the same things for the same
queries, so the tests below hold for both; a few look inside the index of one of them.

The sources here are the apps' real ones (libraries, events, documents); a test that
needs a behaviour no real source has (a scheduled entry, partners in the text) swaps in
a source of its own.
"""

import datetime
import io
from collections.abc import Iterator

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from conftest import lt
from lrba.core import search
from lrba.core.models import Audience, SearchEntry
from lrba.core.search import (
    SearchDocument,
    SearchSource,
    search_counts,
    search_entries,
    search_index_remove,
    search_index_update,
    search_reindex,
)
from lrba.events.models import Event
from lrba.events.tests.factories import EventFactory
from lrba.members.models import Membership
from lrba.members.tests.factories import BranchFactory, LibraryFactory, MembershipFactory
from lrba.website.models import Document
from lrba.website.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

EVERYONE = [Audience.PUBLIC]
MEMBERS = [Audience.PUBLIC, Audience.MEMBERS]
BOARD = [Audience.PUBLIC, Audience.MEMBERS, Audience.BOARD]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def titles(query: str, audiences=EVERYONE, kinds=()) -> list[str]:
    return [entry.title for entry in search_entries(query=query, audiences=audiences, kinds=kinds)]


def an_event(title: str, **fields) -> Event:
    """A published event whose only text is `title` (and `fields`): the factory's venue
    and summary would match the queries below too."""
    bare = {"summary": "", "venue_name": "", "address": "", "municipality": None}
    return EventFactory(title=title, **{**bare, **fields})


@pytest.fixture
def swapped_sources(monkeypatch) -> Iterator[list[SearchSource]]:
    """Replace the apps' sources by the ones the test appends to the yielded list."""
    sources: list[SearchSource] = []
    monkeypatch.setattr(search, "_sources", lambda: tuple(sources))
    yield sources


# --- Lithuanian words ---------------------------------------------------------------------


def test_a_word_in_one_case_finds_it_in_another():
    an_event("Viešųjų bibliotekų forumas")
    an_event("Skaitymo skatinimo konferencija")

    assert titles("bibliotekose") == ["Viešųjų bibliotekų forumas"]
    assert titles("biblioteka") == ["Viešųjų bibliotekų forumas"]
    assert titles("bibliotekų") == ["Viešųjų bibliotekų forumas"]


def test_a_query_without_diacritics_finds_words_written_with_them():
    an_event("Šiaulių krašto bibliotekininkų sąskrydis")

    assert titles("siauliu") == ["Šiaulių krašto bibliotekininkų sąskrydis"]
    assert titles("SIAULIUOSE sąskrydžio") == ["Šiaulių krašto bibliotekininkų sąskrydis"]
    assert titles("Šiaulių") == ["Šiaulių krašto bibliotekininkų sąskrydis"]


def test_every_word_of_the_query_must_occur():
    an_event("Vaikų skaitymo vasara")
    an_event("Vaikų kūrybos dirbtuvės")

    assert titles("vaikų skaitymas") == ["Vaikų skaitymo vasara"]
    assert sorted(titles("vaikams")) == ["Vaikų kūrybos dirbtuvės", "Vaikų skaitymo vasara"]


def test_a_match_in_the_title_ranks_above_one_in_the_text():
    an_event("Metų susitikimas", description="Kalbėsime apie komiksus.")
    an_event("Komiksų dirbtuvės", description="Piešime.")

    assert titles("komiksai") == ["Komiksų dirbtuvės", "Metų susitikimas"]


def test_the_websearch_syntax_works_the_same_on_both_databases():
    an_event("Skaitmeninės paslaugos bibliotekose")
    an_event("Paslaugos senjorams")
    an_event("Bibliotekų skaitmeninimo projektas")

    assert sorted(titles("paslaugos -senjorams")) == ["Skaitmeninės paslaugos bibliotekose"]
    assert titles('"skaitmeninės paslaugos"') == ["Skaitmeninės paslaugos bibliotekose"]
    assert sorted(titles("senjorams or projektas")) == [
        "Bibliotekų skaitmeninimo projektas",
        "Paslaugos senjorams",
    ]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        '"',
        '"bibliotek',
        "bibliotek*",
        "NEAR(biblioteka forumas)",
        "title:biblioteka",
        "biblioteka AND OR NOT",
        "NOT biblioteka",
        "-biblioteka",
        "--",
        "(((",
        "^biblioteka",
        "'; DROP TABLE core_searchentry; --",
        "biblioteka\x00forumas",
        "bi\u200bblioteka",
        "or or or",
        "!&|:*<->",
        "biblioteka " * 2000,
        "ą" * 10_000,
        "😀 bibliotekos",
    ],
)
def test_no_query_a_visitor_types_fails(query):
    an_event("Viešųjų bibliotekų forumas")

    found = titles(query)
    counts = search_counts(query=query, audiences=EVERYONE)

    assert found in ([], ["Viešųjų bibliotekų forumas"])
    assert sum(counts.values()) == len(found)


def test_an_empty_query_finds_nothing():
    an_event("Viešųjų bibliotekų forumas")

    assert titles("") == []
    assert titles(" -- ") == []


def test_an_overlong_query_is_cut_not_refused():
    an_event("Viešųjų bibliotekų forumas")

    assert titles("bibliotekos " + "x" * 5000) == []  # the cut leaves "xxx…" to match
    assert titles("forumas bibliotekos" + " " * 5000) == ["Viešųjų bibliotekų forumas"]


# --- who sees what ------------------------------------------------------------------------


def test_results_are_only_of_the_audiences_given():
    DocumentFactory(title="Įstatai ir bibliotekų narystė", access=Document.Access.PUBLIC)
    DocumentFactory(title="Narių susirinkimo bibliotekų protokolas", access=Document.Access.MEMBERS)
    DocumentFactory(title="Valdybos bibliotekų posėdis", access=Document.Access.BOARD)

    assert titles("bibliotekos") == ["Įstatai ir bibliotekų narystė"]
    assert len(titles("bibliotekos", MEMBERS)) == 2
    assert len(titles("bibliotekos", BOARD)) == 3
    assert titles("bibliotekos", []) == []


def test_a_scheduled_entry_is_found_only_from_its_publication(swapped_sources):
    later = timezone.now() + datetime.timedelta(hours=2)
    swapped_sources.append(
        SearchSource(
            kind="document",
            label="Documents",
            model=Document,
            document=lambda d: SearchDocument(title=d.title, url="/d/", published_at=later),
            queryset=Document.objects.all,
        )
    )
    DocumentFactory(title="Bibliotekų metinė ataskaita")

    assert titles("ataskaitos") == []
    SearchEntry.objects.update(published_at=timezone.now() - datetime.timedelta(seconds=1))
    assert titles("ataskaitos") == ["Bibliotekų metinė ataskaita"]


def test_kinds_limit_the_results_and_are_counted():
    an_event("Bibliotekų forumas")
    DocumentFactory(title="Bibliotekų forumo nutarimas")
    DocumentFactory(title="Bibliotekų forumo protokolas")

    assert titles("bibliotekos", kinds=["event"]) == ["Bibliotekų forumas"]
    assert len(titles("bibliotekos", kinds=["event", "document"])) == 3
    assert search_counts(query="bibliotekos", audiences=EVERYONE) == {"event": 1, "document": 2}


# --- the index follows its objects ----------------------------------------------------------


def test_a_changed_object_is_found_by_its_new_text():
    event = an_event("Pavasario seminaras")
    event.title = "Rudens seminaras"
    event.save()

    assert titles("pavasaris") == []
    assert titles("rudenį") == ["Rudens seminaras"]


def test_a_deleted_object_leaves_the_index():
    document = DocumentFactory(title="Bibliotekų metinė ataskaita")
    document.delete()

    assert titles("ataskaita") == []
    assert not SearchEntry.objects.exists()
    if connection.vendor == "sqlite":
        assert _sqlite_rows() == 0


def test_an_unpublished_event_leaves_the_index_and_a_cancelled_one_stays():
    draft = an_event("Bibliotekų forumas")
    cancelled = an_event("Bibliotekų šventė")
    draft.status = Event.Status.DRAFT
    draft.save()
    cancelled.status = Event.Status.CANCELLED
    cancelled.save()

    assert titles("bibliotekų") == ["Bibliotekų šventė"]
    assert SearchEntry.objects.get().summary.startswith(lt("Cancelled."))


def test_a_library_is_found_while_it_is_a_member_and_so_are_its_branches():
    library = LibraryFactory(name="Kelmės rajono savivaldybės viešoji biblioteka")
    BranchFactory(parent=library, name="Kelmės viešosios bibliotekos Tytuvėnų filialas")
    assert titles("Kelmės") == []

    membership = MembershipFactory(library=library)
    assert len(titles("kelme")) == 2
    assert titles("tytuvenai") == ["Kelmės viešosios bibliotekos Tytuvėnų filialas"]

    membership.status = Membership.Status.ENDED
    membership.ended_on = datetime.date(2026, 1, 1)
    membership.end_reason = Membership.EndReason.LEFT
    membership.save()
    assert titles("kelme") == []


def test_a_library_is_found_by_its_public_profile_and_county():
    MembershipFactory(
        library=LibraryFactory(
            name="Joniškio rajono savivaldybės viešoji biblioteka",
            description="Turime edukacinę erdvę jaunimui ir 3D spausdintuvą.",
        )
    )

    assert titles("spausdintuvai") == ["Joniškio rajono savivaldybės viešoji biblioteka"]
    assert titles("Šiaulių apskritis") == ["Joniškio rajono savivaldybės viešoji biblioteka"]


def test_a_many_to_many_change_reindexes_the_object(swapped_sources):
    swapped_sources.append(
        SearchSource(
            kind="event",
            label="Events",
            model=Event,
            document=lambda e: SearchDocument(
                title=e.title,
                url="/e/",
                body=" ".join(library.name for library in e.partner_libraries.all()),
            ),
            queryset=Event.objects.all,
        )
    )
    event = an_event("Bendras projektas")
    partner = LibraryFactory(name="Pakruojo viešoji biblioteka")
    assert titles("Pakruojo") == []

    event.partner_libraries.add(partner)
    assert titles("Pakruojo") == ["Bendras projektas"]
    event.partner_libraries.remove(partner)
    assert titles("Pakruojo") == []
    partner.partner_events.add(event)  # from the other side: `pk_set` holds the events
    assert titles("Pakruojo") == ["Bendras projektas"]


def test_removing_and_updating_an_object_of_no_source_does_nothing():
    user_library = LibraryFactory()  # not a member: not searchable
    search_index_update(user_library)
    search_index_remove(user_library)
    search_index_update(SearchEntry(pk=1))  # a model no source has

    assert not SearchEntry.objects.exists()


def test_reindex_restores_a_lost_index_and_drops_what_is_gone():
    an_event("Bibliotekų forumas")
    document = DocumentFactory(title="Bibliotekų ataskaita")
    SearchEntry.objects.all().delete()
    Document.objects.filter(pk=document.pk).update(title="Bibliotekų metinė ataskaita")
    assert titles("bibliotekos") == []

    search_reindex()  # every kind (the seeded pages, say, are indexed too)
    assert search_reindex(kind="document") == 1
    ours = ["event", "document"]
    assert sorted(titles("bibliotekos", kinds=ours)) == [
        "Bibliotekų forumas",
        "Bibliotekų metinė ataskaita",
    ]

    Event.objects.update(status=Event.Status.DRAFT)  # a bulk update sends no signal
    assert search_reindex(kind="event") == 0
    assert titles("bibliotekos", kinds=ours) == ["Bibliotekų metinė ataskaita"]


def test_the_reindex_command_reports_and_refuses_an_unknown_kind():
    an_event("Bibliotekų forumas")
    out = io.StringIO()

    call_command("search_reindex", "--kind", "event", stdout=out)

    assert "Indexed 1 entries (event)" in out.getvalue()
    with pytest.raises(CommandError, match="Unknown kind"):
        call_command("search_reindex", "--kind", "nothing", stdout=out)


# --- inside each database's index ---------------------------------------------------------


def _sqlite_rows() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {search.SQLITE_TABLE}")
        return cursor.fetchone()[0]


def test_words_are_stemmed_then_folded_for_sqlite():
    assert search.index_tokens("Šiaulių bibliotekose", "Bibliotekų") == "siaul bibliotek bibliotek"
    assert search.search_token("VIEŠOJI") == search.search_token("viesoji")


def test_the_sqlite_query_is_built_only_from_quoted_tokens():
    assert search.sqlite_match("bibliotekose") == '(("bibliotek"))'
    assert search.sqlite_match('"viešoji biblioteka" -vaikų or NEAR(x)') == (
        '(("vies bibliotek") NOT "vaik") OR (("near" AND "x"))'
    )
    assert search.sqlite_match('title:* ^ ( ) " -') == '(("titl"))'
    assert search.sqlite_match("-vaikai") == ""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table is SQLite's")
def test_sqlite_keeps_one_fts_row_per_entry():
    event = an_event("Bibliotekų forumas")
    event.save()
    event.save()

    assert _sqlite_rows() == SearchEntry.objects.count() == 1
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT title FROM {search.SQLITE_TABLE}")
        assert cursor.fetchone()[0] == "bibliotek forum"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the tsvector is PostgreSQL's")
def test_postgresql_weights_the_title_above_the_text_in_its_vector():
    an_event("Šiaulių forumas", description="Skaitymas")

    with connection.cursor() as cursor:
        cursor.execute("SELECT vector::text FROM core_searchentry")
        vector = cursor.fetchone()[0]
    assert "'šiaul':1A" in vector
    assert "'siaul':3A" in vector  # the folded copy
    assert "'skaitym':6C" in vector
