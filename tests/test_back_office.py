"""The back office as a workplace: its home (what waits, by role), its sidebar (every list
once, the technical ones under "System"), its favicon and one history link per record."""

import datetime
from typing import Any

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from lrba.accounts.models import ErasureRequest
from lrba.accounts.tests.factories import ErasureRequestFactory
from lrba.core.admin_site import UNFOLD as _UNFOLD
from lrba.core.dashboard import dashboard_panels
from lrba.events.models import Registration
from lrba.events.tests.factories import EventFactory, RegistrationFactory
from lrba.members.models import MembershipApplication
from lrba.members.tests.factories import LibraryFactory, MembershipApplicationFactory
from lrba.training.models import TrainingRecord
from lrba.training.tests.factories import (
    ProgrammeRunFactory,
    TrainingRecordFactory,
    past_event,
)

pytestmark = pytest.mark.django_db

HOME = "/admin/"
UNFOLD: Any = _UNFOLD


def lt(text: str) -> str:
    with translation.override("lt"):
        return translation.gettext(text)


def _waiting_world(n: int = 1) -> None:
    """`n` of everything the home page counts, plus records it must not count."""
    for _ in range(n):
        MembershipApplicationFactory()
        ErasureRequestFactory()
        TrainingRecordFactory(status=TrainingRecord.Status.PENDING)
        event = EventFactory(starts_at=timezone.now() + datetime.timedelta(days=2), capacity=3)
        RegistrationFactory.create_batch(3, event=event)
        RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
        RegistrationFactory(event=past_event())  # confirmed, nobody marked as attended
        ProgrammeRunFactory()  # its event is over; no certificates issued
    MembershipApplicationFactory(status=MembershipApplication.Status.ADMITTED)
    ErasureRequestFactory(status=ErasureRequest.Status.REJECTED)
    TrainingRecordFactory()  # approved
    EventFactory(starts_at=timezone.now() + datetime.timedelta(days=20))  # not this week


def _panels(user) -> dict[str, int]:
    with translation.override("lt"):
        return {panel.title: panel.count for panel in dashboard_panels(user)}


def test_the_home_shows_what_waits_with_counts_rows_and_links(staff_client):
    _waiting_world(2)
    application = MembershipApplication.objects.filter(status="pending").first()

    content = staff_client.get(HOME).content.decode()

    assert _panels(staff_client.get(HOME).wsgi_request.user) == {
        lt("Membership applications to decide"): 2,
        lt("Erasure requests to decide"): 2,
        lt("External training to approve"): 2,
        lt("Events this week"): 2,
        lt("Attendance to record"): 2,
        lt("Certificates to issue"): 2,
        # The governance panels have their own tests (lrba/governance/tests).
        lt("Minutes to sign"): 0,
        lt("Follow-up tasks due"): 0,
        lt("Notices to post"): 0,
        lt("Written procedures past the deadline"): 0,
        lt("Payments to match"): 0,
        lt("Overdue invoices"): 0,
        lt("Statement files refused"): 0,
        lt("Support to use soon"): 0,
        # The content panels have their own tests (lrba/knowledge, lrba/communications).
        lt("Good practice to review"): 0,
        lt("Questions for the secretariat"): 0,
        lt("Questions past their due date"): 0,
        lt("New libraries' first steps"): 0,
        lt("Messages going out"): 0,
        lt("Annual reports missing from the site"): 6,  # 3 years × 2 kinds, none yet
        # The acquisition panels have their own tests (lrba/acquisition).
        lt("Buying rounds closing this week"): 0,
        lt("Catalogue imports with problems"): 0,
        # The representation and shared calendar panels have their own tests.
        lt("Consultations closing this week"): 0,
        lt("Library events waiting for approval"): 0,
    }
    assert application.library_name in content
    assert reverse("admin:members_membershipapplication_change", args=[application.pk]) in content
    assert "/admin/members/membershipapplication/?status__exact=pending" in content
    assert "/admin/training/trainingrecord/?source__exact=external&amp;status__exact=pending" in (
        content
    )
    assert lt("Work waiting") in content


def test_an_event_this_week_shows_its_fill_and_waiting_list(staff_client):
    event = EventFactory(starts_at=timezone.now() + datetime.timedelta(days=1), capacity=3)
    RegistrationFactory.create_batch(3, event=event)
    RegistrationFactory.create_batch(2, event=event, status=Registration.Status.WAITLISTED)

    content = staff_client.get(HOME).content.decode()

    assert event.title in content
    with translation.override("lt"):
        assert (
            translation.gettext("%(taken)d / %(capacity)d confirmed")
            % {
                "taken": 3,
                "capacity": 3,
            }
            in content
        )
        assert (
            translation.ngettext(
                "%(count)d on the waiting list", "%(count)d on the waiting list", 2
            )
            % {"count": 2}
            in content
        )


def test_applications_waiting_too_long_are_counted_and_linked_as_overdue(staff_client, settings):
    settings.LRBA_DECISION_OVERDUE_DAYS = 30
    old = MembershipApplicationFactory()
    MembershipApplicationFactory()  # today's
    MembershipApplication.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=31)
    )

    panel = next(
        p for p in dashboard_panels(staff_client.get(HOME).wsgi_request.user) if p.count == 2
    )
    content = staff_client.get(HOME).content.decode()

    assert panel.overdue == 1
    assert [row.overdue for row in panel.rows] == [True, False]  # the oldest first
    assert "submitted_at__lt=" in panel.overdue_link
    overdue_list = staff_client.get(panel.overdue_link)
    assert overdue_list.status_code == 200
    assert list(overdue_list.context["cl"].result_list) == [old]
    assert lt("overdue") in content


def test_each_panel_link_opens_the_list_of_exactly_what_it_counts(staff_client):
    _waiting_world(2)
    user = staff_client.get(HOME).wsgi_request.user

    for panel in dashboard_panels(user):
        response = staff_client.get(panel.link)
        assert response.status_code == 200, panel.link
        if panel.title == lt("Annual reports missing from the site"):
            continue  # it counts what is absent; its link opens the reports to add to
        assert _listed_count(response) == panel.count, panel.title


def _listed_count(response) -> int:
    """How many rows the list a panel links to holds: an admin list's result count, or
    the count of a staff page's paginated list (a workflow's own page, such as the help
    desk's queue), or the length of the list it shows whole."""
    from django.core.paginator import Page

    if "cl" in response.context:
        return response.context["cl"].result_count
    for key in response.context.keys():  # noqa: SIM118 (a ContextList iterates its contexts)
        value = response.context[key]
        if isinstance(value, Page):
            return value.paginator.count
    return len(response.context["items"])


def test_the_home_runs_the_same_number_of_queries_whatever_the_data(staff_client):
    _waiting_world(1)
    staff_client.get(HOME)  # warm the content types, sessions and permissions
    with CaptureQueriesContext(connection) as few:
        staff_client.get(HOME)

    _waiting_world(6)
    with CaptureQueriesContext(connection) as many:
        staff_client.get(HOME)

    assert len(many) == len(few)


def test_the_auditor_sees_every_panel_and_its_lists_read_only(client_for, auditor, staff_user):
    _waiting_world(1)
    client = client_for(auditor)

    response = client.get(HOME)

    assert response.status_code == 200
    panels = dashboard_panels(auditor)
    assert len(panels) == len(dashboard_panels(staff_user)) == 24
    for panel in panels:
        listing = client.get(panel.link)
        assert listing.status_code == 200
        if "cl" in listing.context:
            assert not listing.context["has_add_permission"]
        else:  # a staff page: the auditor gets no form that writes
            assert 'method="post"' not in listing.content.decode().split("<main", 1)[1]


def test_a_board_member_without_back_office_permissions_sees_no_panel(client_for, board_member):
    _waiting_world(1)

    assert dashboard_panels(board_member) == []
    assert client_for(board_member).get(HOME).status_code == 302  # not the back office


def test_a_panel_shows_only_to_those_holding_its_view_permission(client_for, secretary):
    from django.contrib.auth.models import Permission

    from lrba.members.tests.factories import UserFactory

    _waiting_world(1)
    clerk = UserFactory(is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="view_event"))

    content = client_for(clerk).get(HOME).content.decode()

    assert list(_panels(clerk)) == [lt("Events this week")]
    assert lt("Membership applications to decide") not in content
    assert len(dashboard_panels(secretary)) == 24


def test_a_past_event_without_attendance_is_in_the_events_needing_attention(staff_client):
    forgotten = RegistrationFactory(event=past_event()).event
    recorded = past_event()
    RegistrationFactory(event=recorded, status=Registration.Status.ATTENDED)
    RegistrationFactory(event=recorded)  # a no-show beside someone checked in

    response = staff_client.get(reverse("admin:events_event_changelist") + "?attention=attendance")

    assert list(response.context["cl"].result_list) == [forgotten]


def _navigation_links() -> list[tuple[str, str]]:
    with translation.override("en"):
        return [
            (str(group["title"]), str(item["link"]))
            for group in UNFOLD["SIDEBAR"]["navigation"]
            for item in group["items"]
        ]


def test_the_sidebar_lists_every_back_office_list_once():
    links = [link for _group, link in _navigation_links()]
    changelists = {
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    }

    assert sorted(set(links)) == sorted(links), "a link appears twice"
    assert changelists - set(links) == set(), "lists missing from the sidebar"
    titles = [str(group["title"]) for group in UNFOLD["SIDEBAR"]["navigation"]]
    assert len(titles) == len(set(titles))
    assert UNFOLD["SIDEBAR"]["show_all_applications"] is False  # Django's list repeats groups


def test_the_technical_records_are_under_system(staff_client):
    system = {link for group, link in _navigation_links() if group == "System"}

    for url_name in (
        "axes_accessattempt",
        "django_tasks_database_dbtaskresult",
        "usersessions_usersession",
        "auditlog_logentry",
        "accounts_authevent",
        "core_numberingseries",
    ):
        assert reverse(f"admin:{url_name}_changelist") in system
    assert "Sistema" in staff_client.get(HOME).content.decode()


def test_the_sidebar_hides_the_lists_a_role_may_not_view(client_for, auditor):
    content = client_for(auditor).get(HOME).content.decode()

    assert reverse("admin:members_membershipapplication_changelist") in content
    assert reverse("admin:axes_accessattempt_changelist") not in content  # superusers only
    assert "Sistema" in content  # the change history and sign-in events are the auditor's


def test_the_back_office_has_the_site_favicon(staff_client):
    content = staff_client.get(HOME).content.decode()

    assert 'rel="icon"' in content
    assert "img/favicon" in content


def _audited_admins():
    from auditlog.mixins import AuditlogHistoryAdminMixin
    from auditlog.registry import auditlog

    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if auditlog.contains(model)
    ], AuditlogHistoryAdminMixin


def test_every_audited_record_offers_its_change_history():
    audited, mixin = _audited_admins()

    missing = [
        model._meta.label for model, model_admin in audited if not isinstance(model_admin, mixin)
    ]

    assert missing == []


@pytest.mark.parametrize(
    "make",
    [
        lambda: MembershipApplicationFactory(),
        lambda: EventFactory(),
        lambda: TrainingRecordFactory(),
        lambda: LibraryFactory(),
    ],
    ids=["application", "event", "training record", "library"],
)
def test_a_change_form_has_one_history_button_leading_to_the_change_history(staff_client, make):
    obj = make()
    opts = obj._meta
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])

    content = staff_client.get(change).content.decode()

    auditlog_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_auditlog", args=[obj.pk])
    django_history = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
    assert content.count(f'href="{auditlog_url}') == 1
    assert django_history not in content
    assert staff_client.get(auditlog_url).status_code == 200


def _export_resources():
    from import_export.admin import ExportMixin

    return [
        resource
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, ExportMixin)
        for resource in model_admin.get_export_resource_classes(None)
    ]


def test_every_export_has_its_headers_in_lithuanian_words():
    resources = _export_resources()

    assert resources
    for resource_class in resources:
        with translation.override("lt"):
            headers = resource_class().get_export_headers()
        codes = [header for header in headers if "_" in header or header.islower()]
        assert codes == [], f"{resource_class.__name__} exports field names: {codes}"


def test_a_library_exported_in_words_imports_back():
    from lrba.members.admin import LibraryResource
    from lrba.members.models import Library

    library = LibraryFactory(kind=Library.Kind.SCHOOL, is_ngo=True)
    with translation.override("lt"):
        dataset = LibraryResource().export(queryset=Library.objects.filter(pk=library.pk))
        assert library.get_kind_display() in dataset[0]
        name = dataset.headers.index("Pavadinimas")
        row = list(dataset.lpop())
        row[name] = "Pakeistas pavadinimas"
        dataset.append(row)

        result = LibraryResource().import_data(dataset, dry_run=False, raise_errors=True)

    assert not result.has_errors()
    library.refresh_from_db()
    assert (library.name, library.kind, library.is_ngo) == (
        "Pakeistas pavadinimas",
        Library.Kind.SCHOOL,
        True,
    )


def test_a_library_s_change_history_shows_its_fields_not_its_search_column():
    from auditlog.models import LogEntry

    library = LibraryFactory(short_name="Šiaulių VB")
    library.short_name = "Šiaulių viešoji biblioteka"
    library.save()

    changes = LogEntry.objects.get_for_object(library).first().changes_dict

    assert "short_name" in changes
    assert "search_text" not in changes


def test_the_home_speaks_english_in_the_english_interface(staff_client):
    MembershipApplicationFactory()
    staff_client.cookies["lrba_language"] = "en"

    content = staff_client.get(HOME).content.decode()

    assert "Membership applications to decide" in content
    assert "waiting since today" in content
    assert "System" in content
    assert "Laukiantys" not in content
