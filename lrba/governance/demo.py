"""Demonstration data of governance: the Board, a past General Meeting with signed
minutes and its decisions, a convened General Meeting with advance voting open, a Board
meeting with an admission on its agenda and the Board's written procedures.

Runs after the register demo (its libraries, directors, members and the pending
applications) and goes through the governance services, as the secretariat would, so
the records are what the system itself makes (numbers, notices, quorum, results). Dates
are relative to the day of loading (the meetings must be past or ahead of it). Natural
keys — a meeting's title, a procedure's question, the Board's current seats — make a
second run create nothing.

Two things the services cannot date in the past are set afterwards: the past meeting's
polls closed and its decisions adopted on the meeting's day (the services stamp "now"),
with the registry-filing follow-up counted from that day.
"""

import datetime
from typing import Any
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.utils import timezone

from lrba.accounts.models import User
from lrba.core.demo import DemoLoaded
from lrba.governance.models import (
    Attendance,
    BoardSeat,
    Body,
    Decision,
    FollowUp,
    Meeting,
    Notice,
    Poll,
    WrittenProcedure,
)
from lrba.members.demo import ADMIN_EMAIL, _audit_disabled, _demo_two_factor
from lrba.members.models import Employment, Membership, MembershipApplication, Person

VILNIUS = ZoneInfo("Europe/Vilnius")
BOARD_PASSWORD = "demo-valdyba"
PLACE = "Šiaulių apskrities Povilo Višinskio viešoji biblioteka, Aušros al. 62, Šiauliai"
ONLINE = "https://meet.jit.si/lrba-susirinkimas"

PAST_TITLE = "Eilinis visuotinis narių susirinkimas"
CONVENED_TITLE = "Neeilinis visuotinis narių susirinkimas"
BOARD_TITLE = "Valdybos posėdis"
FAILED_TITLE = "Dėl asociacijos logotipo keitimo"

# The past meeting's agenda: (decision kind, question, draft decision, share for,
# share against) of the members in the room; the rest abstain.
PAST_AGENDA = (
    (
        "annual_statements",
        "Dėl 2025 m. metinių finansinių ataskaitų rinkinio ir veiklos ataskaitos tvirtinimo",
        "Patvirtinti asociacijos 2025 m. metinių finansinių ataskaitų rinkinį ir veiklos "
        "ataskaitą.",
        0.85,
        0.05,
    ),
    (
        "fees",
        "Dėl nario mokesčio dydžio 2027 metams",
        "Nustatyti 2027 m. metinį nario mokestį: bibliotekai – 150 Eur, asmeniui – 20 Eur.",
        0.7,
        0.2,
    ),
    (
        "statute_amendment",
        "Dėl įstatų 5.3 punkto pakeitimo",
        "Pakeisti įstatų 5.3 punktą: nariai gali balsuoti iš anksto raštu, taip pat "
        "elektroninėmis priemonėmis.",
        0.8,
        0.1,
    ),
)
PUBLIC_KIND = "fees"  # the decision published on the website
CONVENED_AGENDA = (
    (
        "ordinary",
        "Dėl asociacijos 2027 m. veiklos plano",
        "Pritarti asociacijos 2027 m. veiklos planui.",
        Poll.Secrecy.OPEN,
    ),
    (
        "statute_amendment",
        "Dėl įstatų naujos redakcijos",
        "Patvirtinti naują asociacijos įstatų redakciją.",
        Poll.Secrecy.SECRET,
    ),
)


def demo_data_present() -> bool:
    return Meeting.objects.exists() or BoardSeat.objects.exists()


def demo_data_load(*, scale: int, people: int | None, seed: int) -> DemoLoaded:
    """The governance part of `manage.py demo_data`: loads after the register."""
    admin = User.objects.filter(email__iexact=ADMIN_EMAIL).first()
    created: dict[str, int] = {}
    accounts: list[tuple[str, str, str]] = []
    with transaction.atomic(), _audit_disabled():
        seats, new_users = _load_board(admin)
        created["Board seats"] = seats
        created["Board sign-ins"] = new_users
        board = BoardSeat.objects.current().select_related("person__user")
        head = board.filter(office=BoardSeat.Office.HEAD).first()
        secretary = board.filter(office=BoardSeat.Office.SECRETARY).first()
        members = list(board.filter(office=BoardSeat.Office.MEMBER).order_by("pk"))
        if head is None or secretary is None or not members:
            return DemoLoaded(created=created)
        meetings = 0
        meetings += _load_past_general_meeting(admin, head, secretary)
        meetings += _load_convened_general_meeting(admin)
        meetings += _load_board_meeting(admin, head, secretary)
        created["meetings"] = meetings
        created["written procedures"] = _load_procedures(admin, head, members)
        for seat in (head, members[0]):
            accounts.append(
                (
                    "Board (head)" if seat.office == BoardSeat.Office.HEAD else "Board",
                    seat.person.user.email,
                    BOARD_PASSWORD,
                )
            )
    return DemoLoaded(created=created, accounts=accounts)


# The Board ------------------------------------------------------------------------------------


def _board_people() -> tuple[list[Person], Person | None]:
    """Five directors of member libraries (the head first) and, as the secretary, an
    employee of a member library who is not among them: the first by library address."""
    current = Membership.objects.current().filter(library__isnull=False)
    directors = (
        Employment.objects.current()
        .filter(is_director=True, library__in=current.values("library"), person__user__isnull=True)
        .exclude(person__email="")
        .select_related("person")
        .order_by("library__slug", "pk")
    )
    chosen: list[Person] = []
    for employment in directors:
        if employment.person not in chosen:
            chosen.append(employment.person)
        if len(chosen) == 5:
            break
    secretary = (
        Employment.objects.current()
        .filter(is_director=False, library__in=current.values("library"), person__user__isnull=True)
        .exclude(person__in=chosen)
        .exclude(person__email="")
        .select_related("person")
        .order_by("library__slug", "pk")
        .first()
    )
    return chosen, secretary.person if secretary else None


def _demo_user(person: Person) -> tuple[User, bool]:
    """A sign-in for a demo Board member (their register address, verified, with an
    authenticator as the Board's pages demand one)."""
    if person.user is not None:
        return person.user, False
    user = User.objects.filter(email__iexact=person.email).first()
    new = user is None
    if user is None:
        user = User.objects.create_user(person.email, BOARD_PASSWORD, full_name=person.full_name)
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        _demo_two_factor(user)
    person.user = user
    person.save(update_fields=["user"])
    return user, new


def _load_board(admin: User | None) -> tuple[int, int]:
    from lrba.governance.services.bodies import board_seat_add

    if BoardSeat.objects.current().exists():
        return 0, 0
    people, secretary = _board_people()
    if len(people) < 5 or secretary is None:
        return 0, 0
    start = timezone.localdate() - datetime.timedelta(days=400)
    new_users = 0
    offices = [BoardSeat.Office.HEAD] + [BoardSeat.Office.MEMBER] * 4
    for person, office in zip(people, offices, strict=True):
        new_users += _demo_user(person)[1]
        board_seat_add(person=person, office=office, start_date=start, added_by=admin)
    new_users += _demo_user(secretary)[1]
    board_seat_add(
        person=secretary, office=BoardSeat.Office.SECRETARY, start_date=start, added_by=admin
    )
    return 6, new_users


# Meetings -------------------------------------------------------------------------------------


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=VILNIUS)


def _kind(code: str, on: datetime.date) -> Any:
    from lrba.governance.services.rules import decision_kind_for

    return decision_kind_for(code=code, on=on)


def _notices_delivered(meeting: Meeting, when: datetime.datetime, admin: User | None) -> None:
    """Record the notices as they would be after the send: e-mails out, letters posted
    (the demo's addresses receive nothing: the worker finds none left to send)."""
    from lrba.governance.services.meetings import notice_delivery_record, notice_mark_posted

    for notice in Notice.objects.filter(meeting=meeting, status=Notice.Status.QUEUED):
        if notice.channel == Notice.Channel.EMAIL:
            notice_delivery_record(notice=notice, now=when)
        else:
            notice_mark_posted(notice=notice, marked_by=admin, now=when)


def _representatives(meeting: Meeting) -> list[tuple[Person, Membership]]:
    """Who can take part for each current member: a library's director on the meeting's
    date, an individual member in person."""
    pairs = []
    directors = {
        employment.library_id: employment.person
        for employment in Employment.objects.current(on=meeting.date)
        .filter(is_director=True)
        .select_related("person")
        .order_by("-pk")
    }
    for membership in Membership.objects.current().select_related("person").order_by("pk"):
        person = membership.person if membership.person_id else directors.get(membership.library_id)
        if person is not None:
            pairs.append((person, membership))
    return pairs


def _create(body_kind: str, kind: str, title: str, starts_at: datetime.datetime, admin: Any):
    from lrba.governance.services.meetings import meeting_create

    return meeting_create(
        body=Body.objects.get(kind=body_kind),
        kind=kind,
        title=title,
        starts_at=starts_at,
        place=PLACE,
        online_url=ONLINE,
        created_by=admin,
    )


def _load_past_general_meeting(admin: User | None, head: BoardSeat, secretary: BoardSeat) -> int:
    """Held 40 days ago: six in ten members took part, three items voted by a count of
    hands, all adopted; the minutes drawn up and signed by the chair and the secretary."""
    from lrba.governance.services import meetings as meeting_services
    from lrba.governance.services import minutes as minutes_services
    from lrba.governance.services import voting
    from lrba.governance.services.attendance import attendance_register

    if Meeting.objects.filter(title=PAST_TITLE).exists():
        return 0
    day = timezone.localdate() - datetime.timedelta(days=40)
    starts = _at(day, 10)
    meeting = _create(Body.Kind.GENERAL_MEETING, Meeting.Kind.ORDINARY, PAST_TITLE, starts, admin)
    items = [
        meeting_services.agenda_item_add(
            meeting=meeting,
            title=title,
            decision_kind=_kind(code, day),
            draft_decision=draft,
            added_by=admin,
        )
        for code, title, draft, _for, _against in PAST_AGENDA
    ]
    convened = starts - datetime.timedelta(days=21)
    meeting_services.meeting_convene(meeting=meeting, convened_by=admin, now=convened)
    _notices_delivered(meeting, convened + datetime.timedelta(minutes=5), admin)
    meeting_services.meeting_open(meeting=meeting, opened_by=admin, now=starts)
    meeting.refresh_from_db()
    meeting_services.meeting_update(
        meeting=meeting,
        changes={"chair": head.person, "secretary": secretary.person},
        updated_by=admin,
    )
    pairs = _representatives(meeting)
    wanted = Membership.objects.current().count() * 6 // 10 + 1
    registered = 0
    for person, membership in pairs:
        if registered >= wanted:
            break
        try:
            attendance_register(
                meeting=meeting,
                person=person,
                membership=membership,
                channel=Attendance.Channel.IN_ROOM,
                registered_by=admin,
                now=starts - datetime.timedelta(minutes=20),
            )
        except Exception:  # noqa: BLE001  (a demo member without the right: skip it)
            continue
        registered += 1
    polls = []
    for item, (_code, title, _draft, share_for, share_against) in zip(
        items, PAST_AGENDA, strict=True
    ):
        poll = voting.poll_create(item=item, title=title, allows_electronic=False, created_by=admin)
        voting.poll_open(poll=poll, opened_by=admin)
        votes_for = int(registered * share_for)
        votes_against = int(registered * share_against)
        voting.room_count_enter(
            poll=poll,
            votes_for=votes_for,
            votes_against=votes_against,
            abstentions=registered - votes_for - votes_against,
            entered_by=admin,
        )
        polls.append(voting.poll_close(poll=poll, closed_by=admin))
    meeting_services.meeting_close(
        meeting=meeting, closed_by=admin, now=starts + datetime.timedelta(hours=3)
    )
    _backdate(meeting, day, starts)
    Decision.objects.filter(meeting=meeting, kind__code=PUBLIC_KIND).update(is_public=True)
    minutes = minutes_services.minutes_generate(
        meeting=meeting, generated_by=admin, now=starts + datetime.timedelta(days=2)
    )
    # The PDF is drawn by a task; the signatories sign what they read, so draw it now.
    minutes_services.minutes_pdf_render.call(minutes.pk)
    minutes.refresh_from_db()
    minutes_services.minutes_sign(
        minutes=minutes, user=head.person.user, now=starts + datetime.timedelta(days=5)
    )
    minutes_services.minutes_sign(
        minutes=minutes, user=secretary.person.user, now=starts + datetime.timedelta(days=6)
    )
    return 1


def _backdate(meeting: Meeting, day: datetime.date, starts: datetime.datetime) -> None:
    """The polls closed and the decisions adopted on the meeting's day (the services
    stamp the moment they run); the 30-day filing counted from that day."""
    for offset, poll in enumerate(Poll.objects.filter(item__meeting=meeting).order_by("pk")):
        opened = starts + datetime.timedelta(minutes=30 + 40 * offset)
        Poll.objects.filter(pk=poll.pk).update(
            opened_at=opened, closed_at=opened + datetime.timedelta(minutes=15)
        )
    Decision.objects.filter(meeting=meeting).update(adopted_on=day)
    for follow_up in FollowUp.objects.filter(
        decision__meeting=meeting, kind=FollowUp.Kind.REGISTRY_FILING
    ):
        FollowUp.objects.filter(pk=follow_up.pk).update(due_on=day + datetime.timedelta(days=30))


def _load_convened_general_meeting(admin: User | None) -> int:
    """Three weeks ahead, convened today, advance voting open on both items (one by
    secret ballot); a few paper ballots already entered by the secretariat."""
    from lrba.governance.selectors.attendance import voting_rights
    from lrba.governance.services import meetings as meeting_services
    from lrba.governance.services import voting

    if Meeting.objects.filter(title=CONVENED_TITLE).exists():
        return 0
    day = timezone.localdate() + datetime.timedelta(days=21)
    meeting = _create(
        Body.Kind.GENERAL_MEETING, Meeting.Kind.EXTRAORDINARY, CONVENED_TITLE, _at(day, 11), admin
    )
    items = [
        meeting_services.agenda_item_add(
            meeting=meeting,
            title=title,
            decision_kind=_kind(code, day),
            draft_decision=draft,
            added_by=admin,
        )
        for code, title, draft, _secrecy in CONVENED_AGENDA
    ]
    polls = [
        voting.poll_create(
            item=item,
            title=item.title,
            secrecy=secrecy,
            allows_advance=True,
            created_by=admin,
        )
        for item, (_code, _title, _draft, secrecy) in zip(items, CONVENED_AGENDA, strict=True)
    ]
    meeting_services.meeting_convene(meeting=meeting, convened_by=admin)
    _notices_delivered(meeting, timezone.now(), admin)
    for poll in polls:
        voting.poll_advance_open(poll=poll, opened_by=admin)
    # Paper ballots of a few members, entered by the secretariat (the rest vote in the
    # portal: the demo representative has not voted yet).
    ballots = 0
    for person, membership in _representatives(meeting)[-12:]:
        if ballots >= 5:
            break
        rights = [
            r for r in voting_rights(person=person, meeting=meeting) if r.membership == membership
        ]
        if not rights or person.user_id:
            continue
        for poll, choice in zip(polls, ("for", "for" if ballots % 3 else "against"), strict=True):
            voting.vote_cast(
                poll=poll,
                right=rights[0],
                person=person,
                choice=choice,
                channel="advance_paper",
                cast_by=admin,
            )
        ballots += 1
    return 1


def _load_board_meeting(admin: User | None, head: BoardSeat, secretary: BoardSeat) -> int:
    """In two and a half weeks, convened: an admission prepared from a pending
    application and the events plan."""
    from lrba.governance.services import meetings as meeting_services
    from lrba.governance.services.admissions import board_item_prepare

    if Meeting.objects.filter(title=BOARD_TITLE).exists():
        return 0
    day = timezone.localdate() + datetime.timedelta(days=17)
    meeting = _create(Body.Kind.BOARD, Meeting.Kind.ORDINARY, BOARD_TITLE, _at(day, 14), admin)
    application = _pending_applications().first()
    if application is not None:
        board_item_prepare(meeting=meeting, application=application, prepared_by=admin)
    meeting_services.agenda_item_add(
        meeting=meeting,
        title="Dėl 2027 m. renginių plano",
        decision_kind=_kind("ordinary", day),
        draft_decision="Pritarti asociacijos 2027 m. renginių planui.",
        added_by=admin,
    )
    meeting_services.meeting_convene(meeting=meeting, convened_by=admin)
    _notices_delivered(meeting, timezone.now(), admin)
    return 1


def _pending_applications():
    return MembershipApplication.objects.filter(
        status=MembershipApplication.Status.PENDING
    ).order_by("submitted_at", "pk")


# Written procedures ---------------------------------------------------------------------------


def _load_procedures(admin: User | None, head: BoardSeat, members: list[BoardSeat]) -> int:
    """One circulated (an admission, two answers in), one failed because a member
    objected to deciding in writing."""
    from lrba.governance.services import procedures
    from lrba.governance.services.admissions import board_procedure_prepare

    created = 0
    now = timezone.now()
    if not WrittenProcedure.objects.filter(title=FAILED_TITLE).exists():
        failed = procedures.procedure_create(
            title=FAILED_TITLE,
            decision_kind=_kind("ordinary", timezone.localdate()),
            draft_decision="Pritarti naujam asociacijos logotipui ir jį naudoti nuo kitų metų.",
            explanation="Dizaineriai pateikė tris variantus; sekretoriatas siūlo antrąjį.",
            deadline=now + datetime.timedelta(days=2),
            created_by=admin,
        )
        procedures.procedure_circulate(procedure=failed, circulated_by=admin)
        for seat in (head, *members):
            objects = seat == members[-1]
            procedures.procedure_answer(
                procedure=failed,
                user=seat.person.user,
                choice="" if objects else "for",
                objects_to_written_form=objects,
                comment="Logotipą verta aptarti posėdyje su visais variantais." if objects else "",
            )
        procedures.procedure_conclude(procedure=failed, concluded_by=admin)
        created += 1
    applications = _pending_applications()
    prepared = WrittenProcedure.objects.filter(application__isnull=False).exists()
    application = applications[1] if applications.count() > 1 else None
    if application is not None and not prepared:
        procedure = board_procedure_prepare(
            application=application,
            deadline=now + datetime.timedelta(days=5),
            explanation="Prašymas gautas; dokumentai patikrinti, skolų nėra.",
            prepared_by=admin,
        )
        procedures.procedure_circulate(procedure=procedure, circulated_by=admin)
        for seat in (head, members[0]):
            procedures.procedure_answer(procedure=procedure, user=seat.person.user, choice="for")
        created += 1
    return created
