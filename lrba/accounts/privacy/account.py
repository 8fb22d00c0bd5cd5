"""The accounts app's personal data: the account, consents, erasure requests, sign-ins
and the change history (see lrba.accounts.privacy.declarations for the contract)."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db.models import Q, QuerySet
from django.utils import timezone

from lrba.accounts.models import AuthEvent, ConsentRecord, ErasureRequest, User
from lrba.accounts.privacy.declarations import Erasure, PersonalTable, Subject, by_email


def _users(subject: Subject) -> QuerySet[User]:
    return User.objects.filter(pk=subject.user_id)


def _with_roles(subject: Subject, rows: list[dict]) -> list[dict]:
    roles = ", ".join(subject.user.groups.values_list("name", flat=True)) if subject.user else ""
    return [{**row, "roles": roles} for row in rows]


def _erasure_requests(subject: Subject) -> QuerySet[ErasureRequest]:
    mine = Q(person_id=subject.person_id) if subject.person_id else Q(pk__in=[])
    if subject.user is not None:
        mine |= Q(requested_by=subject.user, person__isnull=True)
    return ErasureRequest.objects.filter(mine).order_by("requested_at")


def _audit_entries(subject: Subject) -> QuerySet[LogEntry]:
    """The changes the person made, and the changes made to their record in the register."""
    about = Q(pk__in=[])
    if subject.user is not None:
        about |= Q(actor=subject.user)
    if subject.person is not None:
        person_type = ContentType.objects.get_for_model(type(subject.person))
        about |= Q(content_type=person_type, object_pk=str(subject.person_id))
    return LogEntry.objects.filter(about).order_by("timestamp")


TABLES = (
    PersonalTable(
        name="user",
        model=User,
        fields=("id", "email", "full_name", "language", "is_active", "date_joined", "last_login"),
        rows=_users,
        finish=_with_roles,
        about=("jūsų paskyra (be slaptažodžio)", "your account (no password)"),
    ),
    PersonalTable(
        name="consents",
        model=ConsentRecord,
        fields=(
            "id",
            "person_id",
            "purpose",
            "text_version",
            "text",
            "given_at",
            "withdrawn_at",
            "source",
        ),
        rows=lambda s: ConsentRecord.objects.filter(person_id=s.person_id).order_by("given_at"),
        about=("jūsų duoti ir atšaukti sutikimai", "the consents you gave and withdrew"),
    ),
    PersonalTable(
        name="erasure_requests",
        model=ErasureRequest,
        fields=(
            "id",
            "person_id",
            "requested_by_id",
            "requested_at",
            "reason",
            "status",
            "decided_at",
            "rejection_reason",
            "legal_basis_note",
            "kept_records",
            "notify_email",
        ),
        rows=_erasure_requests,
        about=("prašymai ištrinti duomenis", "requests to erase your data"),
    ),
    PersonalTable(
        name="sign_in_events",
        model=AuthEvent,
        fields=("created_at", "kind", "user_id", "email", "ip_address", "user_agent"),
        rows=lambda s: AuthEvent.objects.filter(
            Q(user_id=s.user_id) | by_email("email", s.emails)
        ).order_by("created_at"),
        about=("prisijungimų žurnalas", "sign-in events"),
    ),
    PersonalTable(
        name="audit_log",
        model=LogEntry,
        fields=("timestamp", "action", "content_type__model", "object_repr", "changes"),
        rows=_audit_entries,
        about=(
            "pakeitimų žurnalas: ką keitėte jūs ir kas keitė jūsų duomenis",
            "the change history: changes you made and changes made to your record",
        ),
    ),
)

NOT_EXPORTED = {
    "ErasureRequest.decided_by": "the secretariat member who decided; their own record",
    "Anonymisation.person": "the record that the erasure happened, kept after it as proof "
    "(Art. 5(2)); it holds no data left to export",
    "Anonymisation.user": "as Anonymisation.person",
    "Anonymisation.reason": "as Anonymisation.person; the request's reason is exported "
    "with the erasure request",
    "Anonymisation.legal_basis": "as Anonymisation.person",
    "Anonymisation.by": "the secretariat member who erased; their own record",
    "ProcessingActivity.name": "the association's register of processing activities, "
    "about no one person",
    "ProcessingActivity.purpose": "as ProcessingActivity.name",
    "ProcessingActivity.legal_basis_detail": "as ProcessingActivity.name",
    "ProcessingActivity.data_subjects": "as ProcessingActivity.name",
    "ProcessingActivity.data_categories": "as ProcessingActivity.name",
    "ProcessingActivity.recipients": "as ProcessingActivity.name",
    "ProcessingActivity.retention": "as ProcessingActivity.name",
    "ProcessingActivity.security_measures": "as ProcessingActivity.name",
}


def erase(erasure: Erasure) -> None:
    """Close the account, withdraw the consents (the records stay as proof of consent)
    and remove the sign-in traces; axes' throttling records go entirely."""
    subject = erasure.subject
    user = subject.user
    if subject.person is not None:
        consents = list(ConsentRecord.objects.filter(person_id=subject.person_id))
        for consent in consents:
            if consent.withdrawn_at is None:
                consent.withdrawn_at = timezone.now()
                consent.save(update_fields=["withdrawn_at"])
        if consents:
            erasure.keep(f"Sutikimų įrašai (atšaukti; sutikimo įrodymas): {len(consents)}")
        erasure.redact_history(ConsentRecord, [consent.pk for consent in consents])
    erasure.redact_history(
        ErasureRequest,
        _erasure_requests(subject).values_list("pk", flat=True),
        contacts=("notify_email",),
    )
    if user is not None:
        names = () if erasure.name_kept else ("full_name",)
        if user.full_name and not erasure.name_kept:
            erasure.names.add(user.full_name)
        erasure.redact_history(User, [user.pk], contacts=("email",), names=names)
        _user_anonymise(user)
    events = by_email("email", subject.emails)
    if user is not None:
        events |= Q(user=user)
    AuthEvent.objects.filter(events).update(email="", ip_address=None, user_agent="")
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(by_email("username", subject.emails)).delete()


def _user_anonymise(user: User) -> None:
    user.email = f"erased-{user.pk}@erased.invalid"
    user.full_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.full_clean()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    if apps.is_installed("allauth.usersessions"):  # its rows hold the IP and the browser
        apps.get_model("usersessions", "UserSession").objects.filter(user=user).delete()
    # Changing the password already invalidates every session; delete them all the same.
    for session in Session.objects.all().iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
