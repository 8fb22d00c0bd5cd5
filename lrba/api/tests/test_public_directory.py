"""/api/v1/libraries/: the public directory's rows, filters and order, and a library."""

import pytest
from django.urls import reverse

from lrba.members.tests.factories import (
    BranchFactory,
    LibraryFactory,
    member_library,
    municipality,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/libraries/"
PAGE = reverse("members:library_list")


@pytest.fixture
def libraries():
    siauliai = member_library(
        "Šiaulių miesto savivaldybės viešoji biblioteka", short_name="ŠMSVB", city="Šiauliai"
    )
    BranchFactory(name="Gegužių filialas", parent=siauliai, city="Šiauliai")
    member_library(
        "Kauno miesto biblioteka", city="Kaunas", municipality=municipality("kauno-miesto")
    )
    # Č after C and before D (code-point order would put it after Z).
    member_library(
        "Čekiškės biblioteka",
        kind="school",
        city="Čekiškė",
        municipality=municipality("kauno-rajono"),
    )
    member_library("Zarasų biblioteka", city="Zarasai", municipality=municipality("zarasu-rajono"))
    LibraryFactory(name="Ne narė biblioteka")  # no membership: not in the directory
    return siauliai


def _page_names(client, query):
    response = client.get(PAGE, query)
    assert response.status_code == 200
    return [library.name for library in response.context["libraries"]]


def _api_names(client, query):
    response = client.get(LIST, query)
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"q": "biblioteka"},
        {"q": "siauliu"},
        {"q": "kaunas"},
        {"county": "kauno"},
        {"municipality": "siauliu-miesto"},
        {"kind": "school"},
        {"kind": "branch"},
        {"county": "kauno", "q": "miesto"},
    ],
)
def test_the_list_has_the_directory_pages_rows_in_its_order(client, libraries, query):
    assert _api_names(client, query) == _page_names(client, query)


def test_the_list_is_in_lithuanian_order_and_leaves_out_non_members(client, libraries):
    names = _api_names(client, {})

    assert names == [
        "Čekiškės biblioteka",
        "Gegužių filialas",
        "Kauno miesto biblioteka",
        "Šiaulių miesto savivaldybės viešoji biblioteka",
        "Zarasų biblioteka",
    ]


def test_a_card_says_what_the_directory_card_says(client, libraries):
    items = client.get(LIST, {"q": "geguziu"}).json()["items"]

    assert len(items) == 1
    branch = items[0]
    assert branch["kind"] == "branch"
    assert branch["parent"] == {"name": libraries.name, "slug": libraries.slug}
    assert branch["membership_status"] == "active"  # the parent's
    assert branch["municipality"]["code"] == "siauliu-miesto"
    assert branch["county"]["code"] == "siauliu"
    assert branch["url"].endswith(branch["url"].split("testserver")[1])
    assert branch["url"].startswith("http://testserver/")


def test_labels_follow_accept_language(client, libraries):
    lt = client.get(LIST, {"kind": "school"}, HTTP_ACCEPT_LANGUAGE="lt").json()["items"][0]
    en = client.get(LIST, {"kind": "school"}, HTTP_ACCEPT_LANGUAGE="en").json()["items"][0]

    assert en["kind_label"] == "School library"
    assert lt["kind_label"] != en["kind_label"]
    assert lt["kind_label"].startswith("Mokykl")
    assert en["membership_status_label"] == "Active"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"county": "nera"}, "county"),
        ({"municipality": "nera"}, "municipality"),
        ({"kind": "castle"}, "kind"),
        ({"q": "x" * 101}, "q"),
        ({"q": "a\x00b"}, "q"),
        ({"county": "\x00"}, "county"),
    ],
)
def test_unknown_filters_are_refused_in_the_error_shape(client, libraries, query, field):
    response = client.get(LIST, query)

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert [detail["field"] for detail in error["details"]] == [field]


def test_pages_are_paginated_and_a_huge_page_is_refused(client, libraries):
    first = client.get(LIST, {"page_size": 2}).json()
    last = client.get(LIST, {"page_size": 2, "page": 3}).json()
    huge = client.get(LIST, {"page_size": 101})

    assert (first["count"], first["pages"], len(first["items"])) == (5, 3, 2)
    assert first["previous"] is None
    assert "page=2" in first["next"]
    assert [item["name"] for item in last["items"]] == ["Zarasų biblioteka"]
    assert last["next"] is None
    assert huge.status_code == 422
    assert huge.json()["error"]["code"] == "invalid"
    assert huge.json()["error"]["details"][0]["field"] == "page_size"


def test_the_list_runs_a_bounded_number_of_queries(
    client, libraries, django_assert_max_num_queries
):
    for n in range(30):
        member_library(f"Papildoma biblioteka {n}")
    with django_assert_max_num_queries(4):
        response = client.get(LIST, {"page_size": 100})
    assert response.json()["count"] == 35


def test_a_library_by_id_or_slug_says_what_its_page_says(client, libraries):
    by_id = client.get(f"{LIST}{libraries.pk}")
    by_slug = client.get(f"{LIST}{libraries.slug}")

    assert by_id.status_code == 200
    assert by_id.json() == by_slug.json()
    library = by_id.json()
    assert library["name"] == libraries.name
    assert library["is_member"] is True
    assert library["membership_status"] == "active"
    assert library["joined_on"] == "2020-02-01"
    assert library["legal_entity_code"] == libraries.legal_entity_code
    assert [branch["name"] for branch in library["branches"]] == ["Gegužių filialas"]
    assert library["responsible_library_name"]


def test_a_library_outside_the_association_is_shown_as_on_its_page(client, libraries):
    outsider = LibraryFactory(name="Ne narė", description="<p>Apie</p><script>x()</script>")

    response = client.get(f"{LIST}{outsider.pk}")

    assert response.status_code == 200
    assert response.json()["is_member"] is False
    assert response.json()["membership_status"] is None
    assert response.json()["description_html"] == "<p>Apie</p>"


@pytest.mark.parametrize(
    "ref", ["999999", "nera-tokios", "0", "9" * 40, "١٢", "a%00b", "%C5%A1iauliai", "x" * 300]
)
def test_an_unknown_library_is_404_in_the_error_shape(client, libraries, ref):
    response = client.get(f"{LIST}{ref}")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_an_unchanged_answer_is_not_sent_again(client, libraries):
    first = client.get(LIST)
    etag = first["ETag"]

    again = client.get(LIST, HTTP_IF_NONE_MATCH=etag)
    member_library("Naujoji biblioteka")
    changed = client.get(LIST, HTTP_IF_NONE_MATCH=etag)

    assert etag
    assert again.status_code == 304
    assert again.content == b""
    assert changed.status_code == 200


def test_a_warm_list_costs_one_query_and_a_change_shows_at_once(
    client, libraries, django_assert_max_num_queries
):
    client.get(LIST, {"page_size": 2})
    with django_assert_max_num_queries(1):
        warm = client.get(LIST, {"page_size": 2})
    member_library("Ąžuolyno biblioteka")
    changed = client.get(LIST, {"page_size": 2})

    assert warm.json()["count"] == 5
    assert changed.json()["count"] == 6
    assert changed.json()["items"][0]["name"] == "Ąžuolyno biblioteka"
    # Another host's answer links to that host, never to the first one's.
    other = client.get(LIST, {"page_size": 2}, HTTP_HOST="localhost")
    assert other.json()["next"].startswith("http://localhost/")
