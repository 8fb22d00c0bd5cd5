import pytest
from allauth.usersessions.models import UserSession
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _usersession_writes(queries) -> int:
    return sum(
        1
        for query in queries
        if "usersessions_usersession" in query["sql"]
        and query["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    )


def test_a_session_is_recorded_once_a_minute_not_on_every_request(client_for, alice):
    client = client_for(alice)
    page = reverse("accounts:my_account")

    with CaptureQueriesContext(connection) as first:
        client.get(page)
    with CaptureQueriesContext(connection) as second:
        client.get(page)

    assert _usersession_writes(first.captured_queries) == 1
    assert _usersession_writes(second.captured_queries) == 0
    session = UserSession.objects.get(user=alice)

    cache.delete(f"session-seen:{session.session_key}")  # a minute later
    client.get(page, REMOTE_ADDR="203.0.113.7")
    session.refresh_from_db()
    assert session.ip == "203.0.113.7"
