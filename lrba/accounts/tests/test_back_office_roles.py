"""The back office by role: the auditor looks but changes nothing, and every write —
through a service or through the admin — lands in the change history with its author."""

import re

import pytest
from auditlog.models import LogEntry
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lrba.accounts import roles
from lrba.accounts.models import AuthEvent
from lrba.members.services import membership as member_services
from lrba.members.tests import factories
from lrba.website.models import Document

pytestmark = pytest.mark.django_db

AUDITED_APPS = {*roles.ROLE_APP_LABELS, "auditlog"}


@pytest.fixture
def records(settings, tmp_path, staff_user):
    """At least one row for most models the back office shows."""
    settings.MEDIA_ROOT = tmp_path
    employment = factories.EmploymentFactory()
    factories.MembershipFactory(library=employment.library)
    factories.MembershipApplicationFactory()
    factories.MandateFactory(library=employment.library, person=employment.person)
    factories.InvitationFactory(library=employment.library)
    Document.objects.create(title="Protokolas", file=SimpleUploadedFile("p.pdf", b"%PDF-1.4"))
    AuthEvent.objects.create(kind=AuthEvent.Kind.LOGIN, user=staff_user)
    assert LogEntry.objects.exists()


@pytest.fixture
def auditor_client(client_for, auditor) -> Client:
    return client_for(auditor)


def _model_admins() -> list[tuple[type, admin.ModelAdmin]]:
    found = [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in AUDITED_APPS
    ]
    assert len(found) > 10
    return found


def _url(model: type, view: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_the_auditor_opens_every_list_and_record_without_edit_buttons(auditor_client, records):
    opened = 0
    for model, _model_admin in _model_admins():
        response = auditor_client.get(_url(model, "changelist"))
        assert response.status_code == 200, model
        html = response.content.decode()
        assert _url(model, "add") not in html, model
        obj = model._default_manager.first()
        if obj is None:
            continue
        response = auditor_client.get(_url(model, "change", obj.pk))
        assert response.status_code == 200, model
        html = response.content.decode()
        assert not re.search(r'name="_(save|continue|addanother)"', html), model
        assert _url(model, "delete", obj.pk) not in html, model
        opened += 1
    assert opened >= 10


def test_the_auditor_cannot_add_change_or_delete_anything(auditor_client, records):
    for model, _model_admin in _model_admins():
        assert auditor_client.post(_url(model, "add"), {}).status_code == 403, model
        obj = model._default_manager.first()
        if obj is None:
            continue
        response = auditor_client.post(_url(model, "change", obj.pk), {})
        # Django answers a view-only user's POST with the read-only page again (nothing
        # saved), or 403 where the admin forbids changes outright.
        assert response.status_code in (200, 403), model
        assert not response.context or not response.context.get("errors"), model
        assert (
            auditor_client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
        )
        assert model._default_manager.filter(pk=obj.pk).exists(), model


def test_a_view_only_post_changes_nothing(auditor_client):
    library = factories.LibraryFactory(name="Senasis pavadinimas")

    auditor_client.post(_url(library.__class__, "change", library.pk), {"name": "Naujas"})

    library.refresh_from_db()
    assert library.name == "Senasis pavadinimas"


def test_a_write_through_a_service_is_logged_with_its_author(staff_user):
    application = factories.MembershipApplicationFactory()

    membership = member_services.application_admit(
        application=application,
        decided_by=staff_user,
        decision="Valdybos nutarimas Nr. 7",
        decided_on=timezone.localdate(),
    )

    entry = LogEntry.objects.get_for_object(membership).get(action=LogEntry.Action.CREATE)
    assert entry.actor == staff_user


def _change_form_data(response) -> dict[str, object]:
    """What the browser would send back from an admin change form, unchanged."""
    data: dict[str, object] = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if value is None:
            continue
        data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for index, inline_form in enumerate(formset.forms):
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value is not None:
                    data[f"{formset.prefix}-{index}-{name}"] = value
    return data


def test_a_write_through_the_back_office_is_logged_with_its_author(staff_client, staff_user):
    library = factories.LibraryFactory(name="Senoji biblioteka")
    url = _url(library.__class__, "change", library.pk)
    data = _change_form_data(staff_client.get(url))
    data["name"] = "Atnaujinta biblioteka"

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    library.refresh_from_db()
    assert library.name == "Atnaujinta biblioteka"
    entry = LogEntry.objects.get_for_object(library).latest("timestamp")
    assert entry.action == LogEntry.Action.UPDATE and entry.actor == staff_user


def test_the_change_history_finds_one_records_entries_by_id_or_name(staff_client, staff_user):
    library = factories.LibraryFactory(name="Ieškomoji biblioteka")
    other = factories.LibraryFactory(name="Kita biblioteka")
    changelist = reverse("admin:auditlog_logentry_changelist")

    by_id = staff_client.get(changelist, {"q": str(library.pk)}).context["cl"].result_list
    by_name = staff_client.get(changelist, {"q": "Ieškomoji"}).context["cl"].result_list

    assert {e.object_pk for e in by_id} >= {str(library.pk)}
    assert str(other.pk) not in {e.object_pk for e in by_name}
    assert {e.object_pk for e in by_name} == {str(library.pk)}


def test_the_sidebar_reaches_the_change_history_and_the_sign_in_events(staff_client):
    html = staff_client.get(reverse("admin:index")).content.decode()

    assert reverse("admin:auditlog_logentry_changelist") in html
    assert reverse("admin:accounts_authevent_changelist") in html
