"""The shared calendar in the back office: the admin pages, the dashboard panel, the demo."""

import pytest
from django.utils import timezone

from lrba.events.dashboard import member_events_panel
from lrba.events.demo import member_events_demo_load
from lrba.events.models import MemberEvent
from lrba.events.tests.factories import MemberEventFactory
from lrba.members.tests.factories import member_library, municipality

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    ["memberevent", "membercalendarsettings", "membercalendarsource", "membercalendarimport"],
)
def test_the_admin_lists_open(staff_client, model):
    MemberEventFactory(library=member_library("Telšių biblioteka"))
    response = staff_client.get(f"/admin/events/{model}/")
    assert response.status_code == 200


def test_the_admin_action_approves_through_the_service(staff_client):
    event = MemberEventFactory(
        library=member_library("Telšių biblioteka"), status=MemberEvent.Status.PENDING
    )
    response = staff_client.post(
        "/admin/events/memberevent/",
        {"action": "approve_selected", "_selected_action": [event.pk]},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == MemberEvent.Status.PUBLISHED
    assert event.moderated_by is not None


def test_the_panel_counts_waiting_events():
    library = member_library("Telšių biblioteka")
    MemberEventFactory(library=library, status=MemberEvent.Status.PENDING, title="Laukia")
    MemberEventFactory(library=library)
    panel = member_events_panel(now=timezone.now())
    assert panel.count == 1
    assert [row.text for row in panel.rows] == ["Laukia"]


def test_the_demo_spreads_events_over_counties_once():
    for code in ("vilniaus-miesto", "siauliu-miesto", "kauno-miesto", "klaipedos-miesto"):
        member_library(f"Biblioteka {code}", municipality=municipality(code))
    created = member_events_demo_load()
    assert created == 40
    counties = set(MemberEvent.objects.values_list("municipality__county__code", flat=True))
    assert len(counties) == 4
    assert member_events_demo_load() == 0
