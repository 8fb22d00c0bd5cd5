import datetime
import threading

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone, translation

from lrba.members.models import (
    Employment,
    Library,
    Membership,
    MembershipApplication,
    MembershipStatusChange,
    Person,
)
from lrba.members.services import membership as services
from lrba.members.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Refusals are matched by their English source text; the Lithuanian wording is the
    translators' (tests/test_translations.py checks every message has one)."""
    with translation.override("en"):
        yield


DECIDED_ON = datetime.date(2099, 11, 26)
DECISION = "Valdybos 2099-11-26 nutarimas Nr. 5"


def _admit(application, user, **kwargs):
    return services.application_admit(
        application=application,
        decided_by=user,
        decision=kwargs.get("decision", DECISION),
        decided_on=kwargs.get("decided_on", DECIDED_ON),
    )


def _application_data(**overrides):
    application = factories.MembershipApplicationFactory.build()
    data = {
        f.name: getattr(application, f.name)
        for f in MembershipApplication._meta.concrete_fields
        if f.name not in {"id", "status", "submitted_at", "language"}
    }
    data.update(overrides)
    return data


def test_application_submit_stores_it_and_mails_the_secretariat_and_the_representative(
    settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_submit(
            data=_application_data(representative_email="rep@example.lt"), language="en"
        )

    assert application.status == MembershipApplication.Status.PENDING
    assert application.language == "en"
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([settings.LRBA_SECRETARIAT_EMAIL, "rep@example.lt"])


def test_application_submit_refuses_a_second_pending_application_for_the_same_code():
    first = factories.MembershipApplicationFactory()

    with pytest.raises(ValidationError, match="already waiting"):
        services.application_submit(
            data=_application_data(legal_entity_code=first.legal_entity_code), language="lt"
        )
    assert MembershipApplication.objects.count() == 1


def test_application_admit_creates_library_person_employment_membership_and_history(
    application, staff_user, django_capture_on_commit_callbacks
):
    # The secretary works in English; the applicant chose Lithuanian.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        membership = _admit(application, staff_user)

    library = Library.objects.get(legal_entity_code="190020587")
    assert membership.library == library
    assert library.slug == "kauno-sv-mato-gimnazijos-biblioteka"
    assert library.kind == application.library_kind
    assert membership.status == Membership.Status.ACTIVE
    assert membership.joined_on == DECIDED_ON
    assert membership.applied_on == timezone.localdate(application.submitted_at)
    assert membership.decision == DECISION

    person = Person.objects.get(email=application.representative_email)
    employment = Employment.objects.get(person=person, library=library)
    assert employment.is_director  # "direktorė"

    moves = list(membership.status_changes.values_list("from_status", "to_status", "changed_by"))
    assert moves == [("", "applied", None), ("applied", "active", staff_user.pk)]

    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.ADMITTED
    assert application.decided_by == staff_user
    assert application.library == library
    assert application.membership == membership

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [application.representative_email]
    with translation.override("lt"):
        expected = translation.gettext("%(name)s is admitted to the association") % {
            "name": application.library_name_genitive
        }
    assert mail.outbox[0].subject == expected


def test_application_admit_writes_in_the_applicants_language(
    staff_user, django_capture_on_commit_callbacks
):
    english = factories.MembershipApplicationFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        _admit(english, staff_user)

    assert "is admitted to the association" in mail.outbox[0].subject
    assert "has been admitted as a member" in mail.outbox[0].body


def test_application_admit_records_the_actor_in_the_audit_log(application, staff_user):
    membership = _admit(application, staff_user)

    entry = LogEntry.objects.get_for_object(membership).get()
    assert entry.actor == staff_user


def test_application_admit_reuses_the_library_with_the_same_code(application, staff_user):
    existing = factories.LibraryFactory(legal_entity_code=application.legal_entity_code)

    membership = _admit(application, staff_user)

    assert membership.library == existing
    assert Library.objects.count() == 1


def test_application_admit_gives_a_clashing_slug_a_number(application, staff_user):
    factories.LibraryFactory(slug="kauno-sv-mato-gimnazijos-biblioteka")

    membership = _admit(application, staff_user)

    assert membership.library is not None
    assert membership.library.slug == "kauno-sv-mato-gimnazijos-biblioteka-2"


def test_application_admit_refuses_a_library_that_is_already_a_member(application, staff_user):
    library = factories.LibraryFactory(legal_entity_code=application.legal_entity_code)
    factories.MembershipFactory(library=library)

    with pytest.raises(ValidationError, match="already a member"):
        _admit(application, staff_user)

    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.PENDING
    assert Membership.objects.count() == 1


def test_application_admit_needs_a_decision_text(application, staff_user):
    with pytest.raises(ValidationError) as caught:
        _admit(application, staff_user, decision="  ")

    assert "decision" in caught.value.message_dict


def test_a_second_decision_on_the_same_application_is_refused_and_changes_nothing(
    application, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _admit(application, staff_user)
    sent = len(mail.outbox)

    with pytest.raises(ValidationError, match="already been decided"):
        _admit(application, staff_user)
    with pytest.raises(ValidationError, match="already been decided"):
        services.application_reject(application=application, decided_by=staff_user, reason="Ne")

    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.ADMITTED
    assert Membership.objects.count() == 1
    assert MembershipStatusChange.objects.count() == 2
    assert len(mail.outbox) == sent


def test_application_reject_needs_a_reason(application, staff_user):
    with pytest.raises(ValidationError) as caught:
        services.application_reject(application=application, decided_by=staff_user, reason="")

    assert "reason" in caught.value.message_dict
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.PENDING


def test_application_reject_records_the_reason_and_mails_the_applicant(
    application, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.application_reject(
            application=application, decided_by=staff_user, reason="Ne biblioteka."
        )

    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.REJECTED
    assert application.decision_reason == "Ne biblioteka."
    assert application.decided_at is not None
    assert len(mail.outbox) == 1
    assert "Ne biblioteka." in mail.outbox[0].body
    assert not Membership.objects.exists()


def test_membership_can_be_suspended_resumed_and_ended(staff_user):
    membership = factories.MembershipFactory()

    services.membership_suspend(
        membership=membership, suspended_on=datetime.date(2024, 1, 1), decided_by=staff_user
    )
    membership.refresh_from_db()
    assert membership.status == Membership.Status.SUSPENDED
    assert membership.suspended_on == datetime.date(2024, 1, 1)

    services.membership_resume(
        membership=membership, resumed_on=datetime.date(2024, 6, 1), decided_by=staff_user
    )
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert membership.suspended_on is None

    services.membership_end(
        membership=membership,
        ended_on=datetime.date(2025, 1, 1),
        reason=Membership.EndReason.LEFT,
        decided_by=staff_user,
        note="Prašymas 2024-12-01",
    )
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ENDED
    assert membership.end_reason == Membership.EndReason.LEFT
    moves = list(membership.status_changes.values_list("from_status", "to_status"))
    assert moves == [("active", "suspended"), ("suspended", "active"), ("active", "ended")]


def test_an_ended_membership_cannot_be_suspended_resumed_or_ended_again(staff_user):
    membership = factories.MembershipFactory()
    services.membership_end(
        membership=membership,
        ended_on=datetime.date(2025, 1, 1),
        reason=Membership.EndReason.EXPELLED,
        decided_by=staff_user,
    )

    with pytest.raises(ValidationError, match="cannot become"):
        services.membership_suspend(membership=membership, suspended_on=datetime.date(2025, 2, 1))
    with pytest.raises(ValidationError):
        services.membership_resume(membership=membership, resumed_on=datetime.date(2025, 2, 1))
    with pytest.raises(ValidationError, match="cannot become"):
        services.membership_end(
            membership=membership,
            ended_on=datetime.date(2025, 2, 1),
            reason=Membership.EndReason.LEFT,
        )
    assert membership.status_changes.count() == 1


def test_an_active_membership_cannot_be_resumed():
    membership = factories.MembershipFactory()

    with pytest.raises(ValidationError, match="cannot become|Only a suspended"):
        services.membership_resume(membership=membership, resumed_on=datetime.date(2025, 2, 1))


def test_membership_end_needs_a_known_reason_and_a_date_after_joining():
    membership = factories.MembershipFactory(joined_on=datetime.date(2020, 2, 1))

    with pytest.raises(ValidationError):
        services.membership_end(
            membership=membership, ended_on=datetime.date(2025, 1, 1), reason="bored"
        )
    with pytest.raises(ValidationError, match="earlier than"):
        services.membership_end(
            membership=membership,
            ended_on=datetime.date(2019, 1, 1),
            reason=Membership.EndReason.LEFT,
        )
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE


def test_a_library_holds_at_most_one_open_membership(application, staff_user):
    library = factories.LibraryFactory()
    factories.MembershipFactory(library=library)

    second = Membership(
        library=library,
        status=Membership.Status.ACTIVE,
        applied_on=datetime.date(2024, 1, 1),
        joined_on=datetime.date(2024, 2, 1),
    )
    with pytest.raises(ValidationError):
        services.membership_register(membership=second, created_by=staff_user)


def test_a_library_whose_membership_ended_may_be_admitted_again(application, staff_user):
    library = factories.LibraryFactory(legal_entity_code=application.legal_entity_code)
    old = factories.MembershipFactory(library=library)
    services.membership_end(
        membership=old, ended_on=datetime.date(2024, 1, 1), reason=Membership.EndReason.LEFT
    )

    membership = _admit(application, staff_user)

    assert membership.library == library
    assert library.memberships.count() == 2


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks (SELECT … FOR UPDATE) need PostgreSQL"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("migrated_data_restored")
def test_two_secretaries_admitting_at_once_create_exactly_one_membership(staff_user):
    application = factories.MembershipApplicationFactory()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def admit() -> None:
        try:
            barrier.wait()
            _admit(application, staff_user)
            outcomes.append("admitted")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=admit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["admitted", "refused"]
    assert Membership.objects.count() == 1
    assert Library.objects.count() == 1
