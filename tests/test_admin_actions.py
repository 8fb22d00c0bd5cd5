"""Every back-office action declares the permission it needs, and the auditor runs none
that writes (issue 7, point 10: the auditor cancelled registrations and events, suspended
and ended memberships, issued, revoked and approved training records through bulk
actions, because an action without `permissions=` is offered to whoever sees the list).

Enumerates every ModelAdmin registered on the admin site and every action it has, then
runs each as the auditor: a POST to the change list with an object selected (and the
confirmation step's answers), and nothing may change.
"""

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin import helpers
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from lrba.accounts.tests.factories import MODEL_BACKEND
from tests.staff_access import database_fingerprint, fingerprint_diff, world

pytestmark = pytest.mark.django_db

# Answers to the confirmation step of the actions that ask first (a reason, a date):
# sent along with every action, so a step that would apply them does.
CONFIRMATION = {
    "apply": "1",
    "reason": "left",  # a valid end reason for memberships, and a text for the others
    "note": "Auditoriaus bandymas",
    "ended_on": timezone.localdate().isoformat(),
}
# Unfold's own admin actions (row, detail, list and submit-line buttons).
UNFOLD_ACTION_LISTS = ("actions_list", "actions_row", "actions_detail", "actions_submit_line")


def _ours(model_admin: Any) -> bool:
    return type(model_admin).__module__.startswith("lrba.")


def _declared_actions(model_admin: Any) -> list[tuple[str, Any]]:
    """(name, function) of every changelist action the admin has, before any permission
    filtering (Django's `delete_selected` included)."""
    return [(name, func) for func, name, _description in model_admin._get_base_actions()]


def _reads_only(func: Any) -> bool:
    return set(getattr(func, "allowed_permissions", ())) == {"view"}


def _request_as(user: Any) -> Any:
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_every_action_of_ours_declares_the_permission_it_needs():
    undeclared = []
    for model, model_admin in admin.site._registry.items():
        if not _ours(model_admin):
            continue
        for name, func in _declared_actions(model_admin):
            if not getattr(func, "allowed_permissions", None):
                undeclared.append(f"{model._meta.label}.{name}")
        for attribute in UNFOLD_ACTION_LISTS:
            for name in getattr(model_admin, attribute, None) or ():
                func = getattr(type(model_admin), name, None)
                if func is not None and not getattr(func, "allowed_permissions", None):
                    undeclared.append(f"{model._meta.label}.{name}")
    assert not undeclared, f"Actions without permissions=[...]: {undeclared}"


def test_the_auditor_is_offered_no_action_that_writes(settings, tmp_path, auditor):
    settings.MEDIA_ROOT = tmp_path
    world()
    offered = []
    request = _request_as(auditor)
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_view_or_change_permission(request):
            continue  # the list itself is refused (403), actions and all
        actions = model_admin.get_actions(request)
        for name, func in _declared_actions(model_admin):
            if name in actions and not _reads_only(func):
                offered.append(f"{model._meta.label}.{name}")
    assert not offered, f"Offered to the auditor: {offered}"


def test_the_secretariat_is_offered_the_actions_the_auditor_is_not(secretary):
    """The permissions must not lock out the people the actions are for."""
    missing = []
    for model, model_admin in admin.site._registry.items():
        if not _ours(model_admin):
            continue
        actions = model_admin.get_actions(_request_as(secretary))
        for name, _func in _declared_actions(model_admin):
            if name != "delete_selected" and name not in actions:
                missing.append(f"{model._meta.label}.{name}")
    assert not missing, f"Not offered to the secretariat: {missing}"


def test_every_action_run_by_the_auditor_changes_nothing(
    client, settings, tmp_path, auditor, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    world()
    client.force_login(auditor, backend=MODEL_BACKEND)
    ran, failures = [], []
    for model, model_admin in admin.site._registry.items():
        actions = _declared_actions(model_admin)
        if not actions:
            continue
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            # world() makes an object for every list with actions of ours but the delete.
            assert not _ours(model_admin) or [n for n, _f in actions] == ["delete_selected"], model
            continue
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        for name, _func in actions:
            before = database_fingerprint()
            data = {"action": name, helpers.ACTION_CHECKBOX_NAME: [obj.pk], **CONFIRMATION}
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(url, data)
            changed = fingerprint_diff(before, database_fingerprint())
            if changed or mail.outbox or response.status_code >= 500:
                failures.append((opts.label, name, response.status_code, changed))
            mail.outbox.clear()
            ran.append(f"{opts.label}.{name}")
    # The actions the security probe used are among those run.
    assert {
        "events.Registration.cancel_selected",
        "events.Event.cancel_selected",
        "members.Membership.suspend_selected",
        "members.Membership.end_selected",
        "training.ProgrammeRun.issue_certificates",
        "training.Certificate.revoke_selected",
        "training.TrainingRecord.approve_selected",
    } <= set(ran)
    assert not failures, f"The auditor changed data through actions: {failures}"
