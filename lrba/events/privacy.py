"""The events' personal data: registrations (with the name and e-mail copied onto them)
and feedback (see lrba.accounts.privacy.declarations for the contract)."""

from django.db.models import Q, QuerySet

from lrba.accounts.privacy.declarations import (
    ERASED_NAME,
    Erasure,
    PersonalTable,
    Subject,
    by_email,
)
from lrba.events.models import (
    Feedback,
    MemberCalendarImport,
    MemberCalendarSource,
    MemberEvent,
    Registration,
)


def _registrations(subject: Subject) -> QuerySet[Registration]:
    """Registrations of the person, and those made with one of their addresses (a
    member of the public, or before they had a person record)."""
    mine = by_email("email", subject.emails)
    if subject.person_id:
        mine |= Q(person_id=subject.person_id)
    return Registration.objects.filter(mine).order_by("created_at", "pk")


TABLES = (
    PersonalTable(
        name="event_registrations",
        model=Registration,
        fields=(
            "id",
            "event__title",
            "event__starts_at",
            "person_id",
            "library__name",
            "first_name",
            "last_name",
            "email",
            "institution",
            "status",
            "language",
            "created_at",
            "promoted_at",
            "cancelled_at",
            "checked_in_at",
            "feedback_requested_at",
        ),
        rows=_registrations,
        about=("registracijos į renginius", "your registrations for events"),
    ),
    PersonalTable(
        name="event_feedback",
        model=Feedback,
        fields=(
            "registration_id",
            "registration__event__title",
            "overall",
            "content",
            "organisation",
            "comment",
            "submitted_at",
        ),
        rows=lambda s: Feedback.objects.filter(registration__in=_registrations(s)).order_by(
            "submitted_at"
        ),
        about=("jūsų atsiliepimai apie renginius", "your feedback on events"),
    ),
)

NOT_EXPORTED = {
    "Registration.registered_by": "who registered the participant (they or a representative); "
    "the registration is exported to the participant",
    "Registration.checked_in_by": "the staff member at the check-in desk",
    "Event.created_by": "the staff member who published the event",
    "Event.description": "the event's public description",
    "Event.venue_name": "where the event takes place",
    "Event.address": "the venue's address",
    "Event.cancelled_reason": "why the event was cancelled, told to every participant",
    "Session.speakers": "speakers' names as the published programme shows them; linked to no "
    "person record, so a speaker's request is handled by editing the programme",
    "Session.description": "the programme's public text",
    # The members' shared calendar: a library's public events, feeds and imports. They are
    # the library's records; the person who entered them is only linked, and the link goes
    # on erasure.
    "MemberEvent.created_by": "who published the library's event (its representative or an "
    "authorised employee); the event is the library's",
    "MemberEvent.moderated_by": "the staff member who approved or refused the event",
    "MemberEvent.description": "the library event's public description",
    "MemberEvent.venue": "where the library event takes place",
    "MemberEvent.moderation_note": "the secretariat's reason, told to the library",
    "MemberCalendarSource.created_by": "who added the library's calendar feed",
    "MemberCalendarSource.last_error": "why the library's feed could not be read last time",
    "MemberCalendarImport.created_by": "who imported the library's calendar file",
    "MemberCalendarImport.file_name": "the name of the library's calendar file",
    "MemberCalendarImport.rejections": "the events of the library's file that were refused",
    "MemberCalendarImport.error": "why the library's calendar file could not be read",
}


def erase(erasure: Erasure) -> None:
    """Replace the name, e-mail and institution copied onto each registration and blank
    the feedback comments; the rows stay (seat counts, attendance, certificates). The
    saves refresh the cached event pages (lrba.events.signals)."""
    registrations = list(_registrations(erasure.subject))
    for registration in registrations:
        erasure.names |= {
            registration.full_name,
            registration.first_name,
            registration.last_name,
        }
        erasure.contacts |= {registration.email.lower()}
        registration.first_name = ERASED_NAME
        registration.last_name = f"#{registration.pk}"
        registration.email = f"erased-{registration.pk}@erased.invalid"
        registration.institution = ""
        # Saved without full_clean: the event may be closed, which is no reason to keep a name.
        registration.save(update_fields=["first_name", "last_name", "email", "institution"])
    ids = [registration.pk for registration in registrations]
    erasure.redact_history(
        Registration, ids, contacts=("email",), names=("first_name", "last_name", "institution")
    )
    feedback = list(Feedback.objects.filter(registration_id__in=ids).exclude(comment=""))
    for item in feedback:
        item.comment = ""
        item.save(update_fields=["comment"])
    erasure.redact_history(Feedback, [item.pk for item in feedback], names=("comment",))
    if registrations:
        erasure.keep(f"Registracijos į renginius be vardo ir kontaktų: {len(registrations)}")
    _calendar_links_drop(erasure)


def _calendar_links_drop(erasure: Erasure) -> None:
    """The shared calendar's events, feeds and imports are the libraries' records: they
    stay, without the link to the person who entered, approved or imported them (saved
    one by one, so the change history records it)."""
    user_id = erasure.subject.user_id
    if not user_id:
        return
    kept = 0
    for event in MemberEvent.objects.filter(Q(created_by_id=user_id) | Q(moderated_by_id=user_id)):
        if event.created_by_id == user_id:
            event.created_by = None
        if event.moderated_by_id == user_id:
            event.moderated_by = None
        event.save(update_fields=["created_by", "moderated_by"])
        kept += 1
    for source in MemberCalendarSource.objects.filter(created_by_id=user_id):
        source.created_by = None
        source.save(update_fields=["created_by"])
    for record in MemberCalendarImport.objects.filter(created_by_id=user_id):
        record.created_by = None
        record.save(update_fields=["created_by"])
    if kept:
        erasure.keep(f"Bibliotekų renginiai bendrame kalendoriuje be jūsų paskyros: {kept}")
