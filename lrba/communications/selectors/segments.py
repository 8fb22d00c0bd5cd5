"""Who a message goes to: a segment resolved into people with e-mail addresses.

Each segment is read from the register the way the rest of the project reads it
(`Employment.objects.current().at_member_libraries()`, `Membership.objects.current()`,
`Mandate.objects.current()`, the Board role of lrba.accounts.roles, an event's
registrations). The result has one recipient per address (lower-cased, the first person
found keeps it), which is what `Delivery`'s unique constraint expects.

Newsletters go only to people whose newsletter consent is in force (GDPR Art. 6(1)(a));
service announcements go to everyone the segment concerns. Blocked addresses
(`Suppression`) are reported apart, so the page can say how many are left out and why.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from lrba.accounts import roles
from lrba.accounts.models import ConsentRecord, User
from lrba.communications.models import Message, Suppression
from lrba.events.models import Registration
from lrba.members.models import Employment, Mandate, Membership, Person

ENGLISH = "en"


@dataclass(frozen=True)
class Recipient:
    email: str  # lower-cased
    person_id: int | None
    language: str


@dataclass(frozen=True)
class Audience:
    """A message's recipients as sending would write them now."""

    recipients: list[Recipient]  # the ones a delivery is sent to
    suppressed: list[Recipient]  # blocked addresses (bounces, complaints)
    without_consent: int  # people of the segment left out of a newsletter

    @property
    def count(self) -> int:
        return len(self.recipients)


def _staff_of_member_libraries() -> QuerySet[Employment]:
    return Employment.objects.current().at_member_libraries()


def segment_people(message: Message) -> QuerySet[Person]:
    """The register's people a person-based segment names (every segment but an event's
    participants, whose registrations may carry no person)."""
    Segment = Message.Segment
    segment = message.segment
    if segment == Segment.ALL_MEMBERS:
        individual = Membership.objects.current().filter(person=OuterRef("pk"))
        staff = _staff_of_member_libraries().filter(person=OuterRef("pk"))
        return Person.objects.filter(Exists(individual) | Exists(staff))
    if segment == Segment.INDIVIDUAL_MEMBERS:
        return Person.objects.filter(
            Exists(Membership.objects.current().filter(person=OuterRef("pk")))
        )
    if segment == Segment.REPRESENTATIVES:
        # The current director of a member library, or a person holding a current mandate
        # for a period for one (as Library.objects.represented_by reads it).
        member_libraries = Membership.objects.current().filter(library__isnull=False)
        directs = Employment.objects.current().filter(
            person=OuterRef("pk"),
            is_director=True,
            library__in=member_libraries.values("library_id"),
        )
        mandated = Mandate.objects.current().filter(
            person=OuterRef("pk"), library__in=member_libraries.values("library_id")
        )
        return Person.objects.filter(Exists(directs) | Exists(mandated))
    if segment == Segment.COUNTY:
        staff = _staff_of_member_libraries().filter(
            person=OuterRef("pk"), library__municipality__county=message.county
        )
        return Person.objects.filter(Exists(staff))
    if segment == Segment.LIBRARY_KIND:
        staff = _staff_of_member_libraries().filter(
            person=OuterRef("pk"), library__kind=message.library_kind
        )
        return Person.objects.filter(Exists(staff))
    if segment == Segment.BOARD:
        return Person.objects.filter(
            user__groups__name=roles.BOARD, user__is_active=True
        ).distinct()
    raise ValueError(f"Not a person-based segment: {segment}")


def _board_accounts_without_person() -> QuerySet[User]:
    """Board members whose account has no person in the register: reached by an
    announcement through the account's address."""
    return User.objects.filter(
        groups__name=roles.BOARD, is_active=True, person__isnull=True
    ).distinct()


def _consenting(people: QuerySet[Person]) -> QuerySet[Person]:
    consent = ConsentRecord.objects.filter(
        person=OuterRef("pk"),
        purpose=ConsentRecord.Purpose.NEWSLETTER,
        withdrawn_at__isnull=True,
    )
    return people.filter(Exists(consent))


def _language(value: str | None) -> str:
    return ENGLISH if value == ENGLISH else "lt"


def _person_rows(people: QuerySet[Person]) -> Iterable[Recipient]:
    rows = people.order_by("pk").values_list("pk", "email", "user__email", "user__language")
    for pk, email, account_email, language in rows.iterator(chunk_size=2000):
        address = (email or account_email or "").strip().lower()
        if address:
            yield Recipient(address, pk, _language(language))


def _candidates(message: Message) -> tuple[list[Recipient], int]:
    """Everyone the segment names, with an address (duplicates still in), and how many
    of its people were left out for want of newsletter consent."""
    newsletter = message.kind == Message.Kind.NEWSLETTER
    if message.segment == Message.Segment.EVENT_PARTICIPANTS:
        registrations = Registration.objects.filter(
            event=message.event, status__in=Registration.OPEN_STATUSES
        )
        if newsletter:
            # A newsletter needs a consent, which only a person in the register can give.
            consenting = _consenting(Person.objects.all()).values("pk")
            left_out = registrations.exclude(person__in=consenting).count()
            registrations = registrations.filter(person__in=consenting)
        else:
            left_out = 0
        rows = registrations.order_by("pk").values_list("email", "person_id", "language")
        found = [
            Recipient(email.strip().lower(), person_id, _language(language))
            for email, person_id, language in rows
            if email
        ]
        return found, left_out
    people = segment_people(message)
    if newsletter:
        chosen = _consenting(people)
        left_out = people.count() - chosen.count()
        return list(_person_rows(chosen)), left_out
    found = list(_person_rows(people))
    if message.segment == Message.Segment.BOARD:
        accounts = _board_accounts_without_person().order_by("pk")
        found += [
            Recipient(user.email.lower(), None, _language(user.language)) for user in accounts
        ]
    return found, 0


def message_audience(message: Message) -> Audience:
    """The recipients of `message` now: one per address, blocked addresses apart."""
    candidates, left_out = _candidates(message)
    unique: dict[str, Recipient] = {}
    for recipient in candidates:
        unique.setdefault(recipient.email, recipient)
    blocked = _suppressed_among(unique)
    return Audience(
        recipients=[r for email, r in unique.items() if email not in blocked],
        suppressed=[r for email, r in unique.items() if email in blocked],
        without_consent=left_out,
    )


def _suppressed_among(emails: Iterable[str]) -> set[str]:
    """The blocked ones of `emails`. The block list is short (bounces and complaints), so
    it is read whole rather than asking about 30,000 addresses."""
    blocked = {email.lower() for email in Suppression.objects.values_list("email", flat=True)}
    return blocked.intersection(emails)


def address_suppressed(email: str) -> bool:
    return Suppression.objects.filter(email__iexact=email.strip()).exists()


def newsletter_consent_active(person_id: int | None) -> bool:
    if person_id is None:
        return False
    return ConsentRecord.objects.filter(
        person_id=person_id,
        purpose=ConsentRecord.Purpose.NEWSLETTER,
        withdrawn_at__isnull=True,
    ).exists()
