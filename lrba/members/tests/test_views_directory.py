import datetime

import pytest
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lrba.core.cache import REGISTER, content_changed
from lrba.members.models import Library, Membership
from lrba.members.tests.factories import (
    BranchFactory,
    LibraryFactory,
    MembershipFactory,
    PersonFactory,
    member_library,
    municipality,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("members:library_list")


@pytest.fixture
def libraries():
    siauliai = member_library("Šiaulių miesto savivaldybės viešoji biblioteka", city="Šiauliai")
    BranchFactory(name="Gegužių filialas", parent=siauliai)
    member_library(
        "Kauno miesto biblioteka", city="Kaunas", municipality=municipality("kauno-miesto")
    )
    return siauliai


def test_directory_lists_member_libraries_with_the_ids_the_browser_tests_use(client, libraries):
    response = client.get(LIST_URL)

    html = response.content.decode()
    assert response.status_code == 200
    for marker in [
        'id="library-search"',
        'id="filter-county"',
        'id="filter-municipality"',
        'id="filter-kind"',
        'id="library-results"',
        'aria-live="polite"',
        'class="library-card"',
        'hx-trigger="input changed delay:300ms, search"',
    ]:
        assert marker in html
    assert html.count("<h1") == 1
    assert html.count('<option value="" selected>') == 3  # "all" is the default of each filter
    assert response.context["page_obj"].paginator.count == 3


def test_search_works_without_javascript(client, libraries):
    response = client.get(LIST_URL, {"q": "siauliu"})

    assert "<html" in response.content.decode()
    assert [lib.name for lib in response.context["libraries"]] == [
        "Gegužių filialas",
        "Šiaulių miesto savivaldybės viešoji biblioteka",
    ]
    assert 'value="siauliu"' in response.content.decode()


def test_htmx_request_gets_only_the_results_fragment(client, libraries):
    response = client.get(LIST_URL, {"q": "kauno"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="library-search"' not in html
    assert "Kauno miesto biblioteka" in html
    assert "Šiaulių" not in html
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(client, libraries):
    response = client.get(
        LIST_URL, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )

    assert "<html" in response.content.decode()


def test_filters_narrow_the_results(client, libraries):
    response = client.get(LIST_URL, {"county": "kauno", "kind": "municipal_public"})

    assert [lib.name for lib in response.context["libraries"]] == ["Kauno miesto biblioteka"]
    assert 'value="kauno" selected' in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 5000},
        {"q": "'; DROP TABLE members_library; --"},
        {"q": "<script>alert(1)</script>"},
        {"q": "% _ \\ \" '"},
        {"county": "nonexistent"},
        {"municipality": "../../etc/passwd"},
        {"kind": "bogus"},
        {"page": "9999"},
        {"page": "abc"},
        {"page": "-1"},
        {"county": ["kauno", "siauliu"], "kind": ""},
    ],
)
def test_bad_input_never_fails(client, libraries, params):
    response = client.get(LIST_URL, params)
    fragment = client.get(LIST_URL, params, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert fragment.status_code == 200
    assert "<script>alert" not in response.content.decode()


def test_over_long_query_is_cut_with_a_note(client, libraries):
    response = client.get(LIST_URL, {"q": "siauliu " + "x" * 5000})

    assert len(response.context["filters"]["q"]) == 100
    assert any("100" in note for note in response.context["notes"])


def test_unknown_filters_are_ignored_with_a_visible_note(client, libraries):
    response = client.get(LIST_URL, {"county": "atlantida", "kind": "bogus"})

    assert response.context["page_obj"].paginator.count == 3
    html = response.content.decode()
    assert "atlantida" in html and "bogus" in html
    assert 'class="notes"' in html


def test_injection_attempt_is_just_a_search_that_finds_nothing(client, libraries):
    response = client.get(LIST_URL, {"q": "'; DROP TABLE members_library; --"})

    assert response.context["page_obj"].paginator.count == 0
    assert client.get(LIST_URL).context["page_obj"].paginator.count == 3


def test_page_past_the_end_shows_the_last_page(client):
    for n in range(30):
        member_library(f"Biblioteka {n:02d}")

    response = client.get(LIST_URL, {"page": "9999"})

    assert response.context["page_obj"].number == 2
    assert len(response.context["libraries"]) == 5
    assert response.context["notes"]
    assert client.get(LIST_URL, {"page": "abc"}).context["page_obj"].number == 1


def test_pagination_links_keep_the_filters(client):
    for n in range(30):
        member_library(f"Kauno biblioteka {n:02d}", municipality=municipality("kauno-miesto"))

    html = client.get(LIST_URL, {"q": "kauno"}).content.decode()

    assert "?q=kauno&amp;page=2" in html


def _queries_per_page(client, count: int) -> dict[str, int]:
    """Add `count` member libraries and branches, then count each page's queries."""
    counts = {}
    parent = member_library(f"Tėvinė biblioteka {count}")
    for n in range(count):
        BranchFactory(parent=parent, name=f"Filialas {n}")
        member_library(f"Biblioteka {n}")
    urls = {
        "directory": LIST_URL,
        "search": LIST_URL + "?q=filialas&county=siauliu&kind=branch",
        "fragment": LIST_URL + "?q=filialas",
        "detail": parent.get_absolute_url(),
        "home": reverse("website:home"),
    }
    # From an empty cache (the home's news and events part would otherwise be left from
    # an earlier round: no news changed), with the layout's menus, cached once for every
    # page, already drawn.
    cache.clear()
    client.get(reverse("website:floor"))
    for name, url in urls.items():
        headers = {"HX-Request": "true"} if name == "fragment" else {}
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, headers=headers).status_code == 200
        counts[name] = len(queries)
    return counts


# Anonymous visitors, first request after a change: every page reads its content
# versions (1 query; a library page in the query that finds the library), then the
# directory runs 2 queries (count, page) and, once per version, the filter choices and
# the member totals under its heading (a whole page only); a
# library page 4 small ones (the library, its membership, the responsible library, its
# branches) and 3 for the other apps' sections (the projects' version and list, the
# library's good practice), and home 2 for the figures (counts by county, totals) and 4
# for the news and events beside them, whatever the size of the register.
EXPECTED_QUERIES = {"directory": 5, "search": 3, "fragment": 3, "detail": 8, "home": 7}
# Once rendered, a page costs only the version check until the register changes (a
# library's page also its sections': the projects' version and the library's practice).
EXPECTED_CACHED_QUERIES = {"directory": 1, "search": 1, "fragment": 1, "detail": 3, "home": 1}


def test_query_counts_do_not_grow_with_the_data(client):
    small = _queries_per_page(client, 3)
    large = _queries_per_page(client, 40)

    assert small == EXPECTED_QUERIES
    assert large == EXPECTED_QUERIES


def test_a_page_seen_before_costs_one_query_until_the_register_changes(client):
    _queries_per_page(client, 3)
    member_library("Pakruojo biblioteka")  # a change: the next visit recomputes
    assert _queries_per_page(client, 0) == EXPECTED_QUERIES

    urls = [
        LIST_URL,
        LIST_URL + "?q=filialas&county=siauliu&kind=branch",
        reverse("website:home"),
        Library.objects.get(name="Pakruojo biblioteka").get_absolute_url(),
    ]
    for url in urls:
        client.get(url)  # seen once
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        expected = (
            "detail"
            if "/bibliotekos/" in url and url != LIST_URL and "?" not in url
            else "directory"
        )
        assert len(queries) == EXPECTED_CACHED_QUERIES[expected], url


def test_the_directory_shows_a_change_at_once(client):
    member_library("Biržų biblioteka")
    assert "Joniškio biblioteka" not in client.get(LIST_URL + "?q=bibl").content.decode()

    joniskis = member_library("Joniškio biblioteka")
    assert "Joniškio biblioteka" in client.get(LIST_URL + "?q=bibl").content.decode()

    joniskis.memberships.update(status=Membership.Status.ENDED, ended_on=datetime.date(2026, 1, 1))
    content_changed(REGISTER)  # a queryset update() sends no signal; services save()
    assert "Joniškio biblioteka" not in client.get(LIST_URL + "?q=bibl").content.decode()


def test_library_page_shows_branches_and_municipality(client, libraries):
    response = client.get(libraries.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Gegužių filialas" in html
    assert "Šiaulių miesto savivaldybė" in html
    assert "Šiaulių apskrities Povilo Višinskio viešoji biblioteka" in html


def test_library_page_of_unknown_slug_is_404(client):
    response = client.get(reverse("members:library_detail", args=["nera-tokios"]))

    assert response.status_code == 404
    assert "<h1" in response.content.decode()


def test_library_page_of_a_non_member_says_so(client):
    library = LibraryFactory()

    response = client.get(library.get_absolute_url())

    assert response.status_code == 200
    assert response.context["detail"].is_member is False


def test_member_list_redirects_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("members:member_list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_member_list_shows_libraries_and_individual_members_to_members(member_client, libraries):
    MembershipFactory(
        library=None,
        person=PersonFactory(first_name="Ona", last_name="Žemaitė", email="ona@example.lt"),
    )

    response = member_client.get(reverse("members:member_list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Žemaitė Ona" in html
    assert "ona@example.lt" not in html  # contact details stay private
    assert libraries.legal_entity_code in html
    assert "Gegužių filialas" not in html  # branches are not members
    # The two above and the member user's own library.
    assert response.context["libraries"].paginator.count == 3
    assert response.context["people"].paginator.count == 1


def test_member_list_survives_bad_page_numbers(member_client, libraries):
    response = member_client.get(
        reverse("members:member_list"), {"page": "x", "people_page": "999"}
    )

    assert response.status_code == 200


def test_member_list_force_login_works_with_model_backend(client, member_user, libraries):
    client.force_login(member_user, backend=f"{ModelBackend.__module__}.{ModelBackend.__name__}")

    assert client.get(reverse("members:member_list")).status_code == 200
