"""The news feeds as a feed reader meets them."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from lrba.website.feeds import FEED_ITEMS
from lrba.website.models import NewsItem
from lrba.website.tests.factories import NewsItemFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def news():
    NewsItemFactory(title="Paskelbta žinia", slug="paskelbta", lead="Svarbu <visiems> & kitiems")
    NewsItemFactory(title="Juodraštis", status=NewsItem.Status.DRAFT)
    NewsItemFactory(
        title="Suplanuota žinia", publish_at=timezone.now() + datetime.timedelta(days=1)
    )


def test_the_rss_feed_is_valid_xml_with_the_published_items_only(client, news):
    response = client.get(reverse("website:news_rss"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel is not None
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Paskelbta žinia"]
    assert items[0].findtext("description") == "Svarbu <visiems> & kitiems"
    assert items[0].findtext("link") == "http://testserver/naujienos/paskelbta/"
    assert items[0].findtext("pubDate")


def test_the_atom_feed_is_valid_xml_with_the_published_items_only(client, news):
    response = client.get(reverse("website:news_atom"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Paskelbta žinia"]
    link = entries[0].find(f"{ATOM}link")
    assert link is not None and link.get("href") == "http://testserver/naujienos/paskelbta/"
    assert entries[0].findtext(f"{ATOM}updated")


def test_the_feed_holds_the_latest_items_newest_first(client):
    for number in range(FEED_ITEMS + 3):
        NewsItemFactory(
            title=f"Žinia {number:02d}",
            publish_at=timezone.now() - datetime.timedelta(hours=number + 1),
        )

    channel = ET.fromstring(client.get(reverse("website:news_rss")).content).find("channel")

    assert channel is not None
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert len(titles) == FEED_ITEMS
    assert titles[0] == "Žinia 00"


def test_the_news_list_announces_both_feeds_in_its_head(client):
    html = client.get(reverse("website:news_list")).content.decode()
    head = html[: html.index("</head>")]

    assert (
        '<link rel="alternate" type="application/rss+xml" title="' in head
        and reverse("website:news_rss") in head
    )
    assert 'type="application/atom+xml"' in head and reverse("website:news_atom") in head
