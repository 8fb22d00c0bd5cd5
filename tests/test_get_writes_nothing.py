"""No page writes to the database when it is only read (issue 7, point 5).

Every URL of the project is opened with GET, by an anonymous visitor and by the
secretariat (who may open every page), on a world of real objects (tests.staff_access);
the database must be the same afterwards and no task may be queued. A write belongs in
a POST, or in a service run by a legitimate trigger (a task, a command).
"""

import pytest
from django.core import mail
from django.urls import get_resolver

from lrba.accounts.tests.factories import MODEL_BACKEND
from tests.staff_access import (
    SLUG,
    database_fingerprint,
    fingerprint_diff,
    url_samples,
    world,
)
from tests.test_url_access import _routes
from tests.test_url_access_roles import _paths

pytestmark = pytest.mark.django_db

# Pages whose GET writes by design, each with the reason.
WRITES_ON_GET = {
    # allauth's e-mail page records the account's address as an EmailAddress row the
    # first time it opens for an account made outside allauth (as the test's is).
    "account_email": "allauth records a missing EmailAddress row",
}


@pytest.fixture
def objects(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return world()


@pytest.mark.parametrize("who", ["anonymous", "secretariat"])
def test_no_get_writes_to_the_database(
    request, client, objects, who, django_capture_on_commit_callbacks
):
    routes = list(_routes(get_resolver(), "/", "", SLUG))
    assert len(routes) > 50, "the walk missed most of the URL configuration"
    user = request.getfixturevalue("secretary") if who != "anonymous" else None
    failures = []
    for route, path in _paths(routes, url_samples(objects)):
        if route.name in WRITES_ON_GET:
            continue
        if user is not None:
            client.force_login(user, backend=MODEL_BACKEND)
        before = database_fingerprint()
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = client.get(path)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        changed = fingerprint_diff(before, database_fingerprint())
        if changed or callbacks or mail.outbox:
            failures.append((route.name, path, response.status_code, changed, len(callbacks)))
        mail.outbox.clear()
    assert not failures, f"GET wrote: {failures}"
