"""The home page: what the association is doing now, beside the members' figures."""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import lt
from lrba.core.association import association
from lrba.events.models import Event
from lrba.events.tests.factories import EventFactory
from lrba.website.models import NewsItem
from lrba.website.tests.factories import NewsImageFactory, NewsItemFactory
from lrba.website.views_news import HOME_NEWS

pytestmark = pytest.mark.django_db


def _home(client) -> str:
    response = client.get(reverse("website:home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_home_page_shows_the_latest_news_with_its_picture_and_the_next_events(client):
    item = NewsItemFactory(title="Regionų bibliotekų forumas")
    NewsImageFactory(news_item=item, alt_text="Forumo dalyviai")
    for number in range(HOME_NEWS):
        NewsItemFactory(
            title=f"Senesnė žinia {number}",
            publish_at=timezone.now() - datetime.timedelta(days=10 + number),
        )
    EventFactory(title="Artimiausias seminaras")
    EventFactory(title="Atšauktas seminaras", status=Event.Status.CANCELLED)
    EventFactory(title="Nepaskelbtas renginys", status=Event.Status.DRAFT)

    html = _home(client)

    assert "Regionų bibliotekų forumas" in html
    assert 'alt="Forumo dalyviai"' in html
    assert f"Senesnė žinia {HOME_NEWS - 1}" not in html  # only the latest few
    assert "Artimiausias seminaras" in html
    assert "Atšauktas seminaras" in html
    assert "Nepaskelbtas renginys" not in html
    assert reverse("website:news_list") in html
    assert reverse("events:event_list") in html
    assert "stats__numbers" in html  # the members' figures stay
    assert f'<h1 id="hero-title">{association().name}</h1>' in html


def test_drafts_and_scheduled_news_stay_off_the_home_page_until_their_time(client):
    NewsItemFactory(title="Dar juodraštis", status=NewsItem.Status.DRAFT)
    NewsItemFactory(title="Rytojaus žinia", publish_at=timezone.now() + datetime.timedelta(hours=5))

    html = _home(client)
    assert "Dar juodraštis" not in html
    assert "Rytojaus žinia" not in html

    with mock.patch(
        "django.utils.timezone.now", return_value=timezone.now() + datetime.timedelta(hours=6)
    ):
        html = _home(client)
    assert "Rytojaus žinia" in html
    assert "Dar juodraštis" not in html


def test_news_published_in_the_back_office_shows_on_the_cached_home_page(client):
    _home(client)
    NewsItemFactory(title="Ką tik paskelbta")

    assert "Ką tik paskelbta" in _home(client)


def test_a_warm_home_page_costs_one_query(client):
    NewsImageFactory()
    EventFactory()
    _home(client)

    with CaptureQueriesContext(connection) as queries:
        _home(client)

    # The content versions; the news's schedule is cached with them.
    assert len(queries) == 1, [query["sql"] for query in queries]


def test_a_news_item_leaves_the_cached_members_figures_alone(client):
    _home(client)
    NewsItemFactory(title="Nauja žinia")

    with CaptureQueriesContext(connection) as queries:
        html = _home(client)

    assert "Nauja žinia" in html
    sql = " ".join(query["sql"] for query in queries)
    assert "members_membership" not in sql


def test_an_empty_site_says_there_is_nothing_yet(client):
    html = _home(client)

    assert lt("No news yet.") in html
    assert lt("No upcoming events just now.") in html
