"""/api/v1/decisions/: the public decisions as their page shows them, nothing else."""

import datetime

import pytest
from django.urls import reverse

from lrba.governance.models import Meeting
from lrba.governance.services.decisions import decision_record
from lrba.governance.tests.factories import MeetingFactory, board, decision_kind

pytestmark = pytest.mark.django_db

LIST = "/api/v1/decisions/"


def _decision(meeting, title, *, adopted_on, kind="ordinary", is_public=False):
    return decision_record(
        body=meeting.body,
        kind=decision_kind(kind),
        title=title,
        text=f"{title}: pritarta.",
        adopted_on=adopted_on,
        meeting=meeting,
        is_public=is_public,
    )


@pytest.fixture
def decisions():
    general = MeetingFactory(reference="VNS-2026-1", status=Meeting.Status.MINUTED)
    board_meeting = MeetingFactory(
        body=board(), reference="V-2026-1", status=Meeting.Status.MINUTED
    )
    return {
        "statutes": _decision(
            general,
            "Dėl įstatų keitimo",
            kind="statute_amendment",
            adopted_on=datetime.date(2026, 4, 20),
            is_public=True,
        ),
        "fees": _decision(
            board_meeting,
            "Dėl nario mokesčio",
            adopted_on=datetime.date(2026, 5, 2),
            is_public=True,
        ),
        "private": _decision(
            board_meeting,
            "Dėl narių priėmimo",
            kind="admission",
            adopted_on=datetime.date(2026, 5, 3),
        ),
    }


def _numbers(response):
    assert response.status_code == 200, response.content
    return [item["number"] for item in response.json()["items"]]


def test_the_list_is_the_public_pages_newest_first(client, decisions):
    page = client.get(reverse("governance:public_decisions"))

    numbers = _numbers(client.get(LIST))

    assert numbers == [decisions["fees"].number, decisions["statutes"].number]
    assert numbers == [decision.number for decision in page.context["decisions"]]


def test_a_decision_says_what_the_page_says_in_the_requests_language(client, decisions):
    decision = decisions["fees"]

    en = client.get(f"{LIST}{decision.pk}", HTTP_ACCEPT_LANGUAGE="en").json()
    lt = client.get(f"{LIST}{decision.pk}", HTTP_ACCEPT_LANGUAGE="lt").json()

    assert en == {
        "id": decision.pk,
        "number": decision.number,
        "year": 2026,
        "title": "Dėl nario mokesčio",
        "text": "Dėl nario mokesčio: pritarta.",
        "adopted_on": "2026-05-02",
        "body": {"kind": "board", "name": decision.body.name_en or decision.body.name},
    }
    assert lt["body"]["name"] == decision.body.name


def test_a_decision_not_marked_public_is_absent_and_404(client, member_client, decisions):
    private = decisions["private"]

    for caller in (client, member_client):
        assert private.number not in _numbers(caller.get(LIST))
        response = caller.get(f"{LIST}{private.pk}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_the_list_is_paginated_and_refuses_a_huge_page(client, decisions):
    first = client.get(LIST, {"page_size": 1}).json()
    huge = client.get(LIST, {"page_size": 1000})

    assert (first["count"], first["pages"]) == (2, 2)
    assert huge.status_code == 422
    assert huge.json()["error"]["details"][0]["field"] == "page_size"


def test_the_list_runs_a_bounded_number_of_queries(
    client, decisions, django_assert_max_num_queries
):
    meeting = MeetingFactory(reference="VNS-2026-9", status=Meeting.Status.MINUTED)
    for n in range(20):
        _decision(meeting, f"Klausimas {n}", adopted_on=datetime.date(2026, 6, 1), is_public=True)
    with django_assert_max_num_queries(3):
        response = client.get(LIST, {"page_size": 100})
    assert response.json()["count"] == 22


def test_an_unchanged_list_answers_304(client, decisions):
    etag = client.get(LIST)["ETag"]

    assert client.get(LIST, HTTP_IF_NONE_MATCH=etag).status_code == 304
