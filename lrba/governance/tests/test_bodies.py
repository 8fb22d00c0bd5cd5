"""The Board's composition: seats through the service, the Board role, the public page
and the back office for bodies, seats and statute rules."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lrba.accounts import roles
from lrba.governance.models import BoardSeat, StatuteRules
from lrba.governance.selectors import bodies as selectors
from lrba.governance.services import bodies as services
from lrba.governance.tests.factories import BoardSeatFactory
from lrba.members.tests import factories as members

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = datetime.date.today
START = datetime.date(2024, 4, 1)


def holds_board_role(user) -> bool:
    """The role as stored now (the user object caches its groups)."""
    return user.groups.filter(name=roles.BOARD).exists()


def seat_add(person, office=BoardSeat.Office.MEMBER, **kwargs):
    kwargs.setdefault("start_date", START)
    return services.board_seat_add(person=person, office=office, added_by=None, **kwargs)


# Who may sit on the Board ----------------------------------------------------------------------


def test_a_director_of_a_member_library_takes_a_seat_and_the_board_role(alice):
    seat = seat_add(alice.person, BoardSeat.Office.HEAD)

    assert seat.pk
    alice.refresh_from_db()
    assert roles.is_board_member(alice)
    assert selectors.is_current_board_member(alice)


def test_an_individual_member_may_sit_on_the_board():
    person = members.PersonFactory()
    members.MembershipFactory(library=None, person=person)

    assert seat_add(person).pk


def test_someone_from_a_non_member_library_is_refused_unless_a_member_proposes_them(
    charlie, library_a
):
    with pytest.raises(ValidationError) as refused:
        seat_add(charlie.person)
    assert "person" in refused.value.message_dict
    assert not BoardSeat.objects.exists()

    proposer = library_a.memberships.get()
    assert seat_add(charlie.person, proposed_by=proposer).proposed_by == proposer


def test_a_proposal_by_a_former_member_is_refused(charlie):
    former = members.MembershipFactory(status="ended", ended_on=datetime.date(2025, 1, 1))

    with pytest.raises(ValidationError) as refused:
        seat_add(charlie.person, proposed_by=former)
    assert "proposed_by" in refused.value.message_dict


def test_a_secretary_needs_not_be_a_member(charlie):
    seat = seat_add(charlie.person, BoardSeat.Office.SECRETARY)

    charlie.refresh_from_db()
    assert not seat.votes
    assert not roles.is_board_member(charlie)  # the secretary has no vote


def test_the_association_has_one_head_at_a_time(alice, carol):
    seat_add(alice.person, BoardSeat.Office.HEAD)

    with pytest.raises(ValidationError) as refused:
        seat_add(carol.person, BoardSeat.Office.HEAD, start_date=datetime.date(2025, 1, 1))
    assert "office" in refused.value.message_dict

    # After the first head's term ends, the next one may start the day after.
    services.board_seat_end(
        seat=BoardSeat.objects.get(), end_date=datetime.date(2025, 3, 31), ended_by=None
    )
    assert seat_add(carol.person, BoardSeat.Office.HEAD, start_date=datetime.date(2025, 4, 1))


def test_a_person_holds_one_vote_on_the_board(alice):
    seat_add(alice.person, BoardSeat.Office.MEMBER)

    with pytest.raises(ValidationError):
        seat_add(alice.person, BoardSeat.Office.HEAD)
    # But a Board member may also keep the minutes.
    assert seat_add(alice.person, BoardSeat.Office.SECRETARY)


def test_ending_the_last_voting_seat_takes_the_board_role_away(alice):
    seat = seat_add(alice.person)

    services.board_seat_end(seat=seat, end_date=TODAY() - datetime.timedelta(days=1), ended_by=None)

    alice.refresh_from_db()
    assert not roles.is_board_member(alice)
    assert not selectors.is_current_board_member(alice)


def test_a_seat_ending_later_keeps_the_role_until_the_daily_sync(alice):
    seat = seat_add(alice.person)
    services.board_seat_end(seat=seat, end_date=TODAY(), ended_by=None)
    assert holds_board_role(alice)  # the last day still counts

    services.board_roles_sync(on=TODAY() + datetime.timedelta(days=1))

    assert not holds_board_role(alice)


def test_a_seat_cannot_end_before_it_started_or_end_twice(alice):
    seat = seat_add(alice.person)

    with pytest.raises(ValidationError):
        services.board_seat_end(
            seat=seat, end_date=START - datetime.timedelta(days=1), ended_by=None
        )
    services.board_seat_end(seat=seat, end_date=datetime.date(2025, 1, 1), ended_by=None)
    with pytest.raises(ValidationError):
        services.board_seat_end(seat=seat, end_date=datetime.date(2025, 2, 1), ended_by=None)


def test_the_board_role_alone_is_not_a_current_board_member(board_member):
    assert roles.is_board_member(board_member)
    assert not selectors.is_current_board_member(board_member)


# The composition -------------------------------------------------------------------------------


def test_the_composition_lists_the_head_then_members_in_lithuanian_order_then_the_secretary():
    def person(first, last):
        return members.PersonFactory(first_name=first, last_name=last)

    BoardSeatFactory(person=person("Rūta", "Zujienė"), office=BoardSeat.Office.SECRETARY)
    BoardSeatFactory(person=person("Jonas", "Žukauskas"), office=BoardSeat.Office.MEMBER)
    BoardSeatFactory(person=person("Ona", "Čepienė"), office=BoardSeat.Office.MEMBER)
    BoardSeatFactory(person=person("Ieva", "Cibulskienė"), office=BoardSeat.Office.MEMBER)
    BoardSeatFactory(person=person("Petras", "Zabiela"), office=BoardSeat.Office.HEAD)
    BoardSeatFactory(
        person=person("Senas", "Buvęs"),
        office=BoardSeat.Office.MEMBER,
        end_date=datetime.date(2024, 12, 31),
    )

    names = [seat.person.last_name for seat in selectors.board_composition()]

    # C before Č before Z before Ž; the past member is not listed.
    assert names == ["Zabiela", "Cibulskienė", "Čepienė", "Žukauskas", "Zujienė"]


def test_a_users_seat_is_their_current_voting_seat(alice, bob):
    BoardSeatFactory(person=alice.person, office=BoardSeat.Office.MEMBER)
    BoardSeatFactory(person=bob.person, office=BoardSeat.Office.SECRETARY)

    assert selectors.board_seat_of_user(alice).person == alice.person
    assert selectors.board_seat_of_user(bob) is None
    assert selectors.board_seat_of_user(alice, on=START - datetime.timedelta(days=1)) is None


# The public page -------------------------------------------------------------------------------


def test_the_public_board_page_shows_the_board_and_where_they_work(client_for, alice, charlie):
    BoardSeatFactory(person=alice.person, office=BoardSeat.Office.HEAD)
    BoardSeatFactory(person=charlie.person, office=BoardSeat.Office.SECRETARY)

    page = client_for(None).get(reverse("governance:board"))

    assert page.status_code == 200
    text = page.content.decode()
    assert "Alė Aukštaitė" in text
    assert "Akmenės rajono savivaldybės viešoji biblioteka" in text
    assert "Čarlis Čeponis" in text
    assert text.index("Alė Aukštaitė") < text.index("Čarlis Čeponis")
    # The statute rules are for members, not the public.
    assert "Asociacijų įstatymo 8 str. 7 d." not in text


def test_members_also_see_the_statute_rules_with_their_clauses(client_for, alice):
    page = client_for(alice).get(reverse("governance:board"))

    text = page.content.decode()
    assert "Asociacijų įstatymo 8 str. 7 d." in text
    assert "Asociacijų įstatymo 8 str. 1 d. 1 p., 7 d." in text  # statute amendment
    assert "Civilinio kodekso 2.93 str. 2 d." in text  # the casting vote


def test_the_public_board_page_says_so_when_nobody_is_seated(client_for):
    page = client_for(None).get(reverse("governance:board"))

    assert page.status_code == 200
    assert "board-members" not in page.content.decode()


# The back office -------------------------------------------------------------------------------


def test_adding_a_seat_in_the_back_office_runs_the_services_checks(staff_client, charlie):
    url = reverse("admin:governance_boardseat_add")
    data = {"person": charlie.person.pk, "office": "member", "start_date": "2025-01-01"}

    refused = staff_client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")

    assert refused.status_code == 200  # the form again, with the reason
    assert "neither a member nor employed by a member library" in refused.content.decode()
    assert not BoardSeat.objects.exists()


def test_a_seat_added_in_the_back_office_grants_the_board_role(staff_client, alice):
    url = reverse("admin:governance_boardseat_add")
    data = {"person": alice.person.pk, "office": "head", "start_date": "2025-01-01"}

    response = staff_client.post(url, data)

    assert response.status_code == 302
    alice.refresh_from_db()
    assert roles.is_board_member(alice)


def test_ending_seats_from_the_list_ends_them_today(staff_client, alice):
    seat = seat_add(alice.person)

    staff_client.post(
        reverse("admin:governance_boardseat_changelist"),
        {"action": "end_selected_today", "_selected_action": [seat.pk]},
    )

    seat.refresh_from_db()
    assert seat.end_date == timezone.localdate()


def test_the_statute_rules_page_shows_every_rule_with_its_clause(staff_client):
    rules = StatuteRules.objects.get()

    page = staff_client.get(reverse("admin:governance_statuterules_change", args=[rules.pk]))

    assert page.status_code == 200
    text = page.content.decode()
    assert "Asociacijų įstatymo 9 str. 7 d." in text
    assert "Asociacijų įstatymo 8 str. 1 d. 6 p., 7 d." in text  # reorganisation, inline


def test_a_quorum_more_than_all_members_is_refused_in_the_back_office(staff_client):
    rules = StatuteRules.objects.get()
    url = reverse("admin:governance_statuterules_change", args=[rules.pk])
    page = staff_client.get(url)
    data = {key: value for key, value in _form_data(page).items()}
    data.update(board_quorum_numerator="2", board_quorum_denominator="2", board_quorum_strict="on")

    response = staff_client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "is not a share that can be met" in response.content.decode()
    rules.refresh_from_db()
    assert rules.board_quorum_numerator == 1


def _form_data(page) -> dict:
    """The change form's fields as the browser would send them back."""
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None and name != "document":
            data[name] = value
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management.initial.get(name, "")
        for inline_form in formset.formset.forms:
            for name, field in inline_form.fields.items():
                value = inline_form.initial.get(name, field.initial)
                key = f"{inline_form.prefix}-{name}"
                if hasattr(value, "pk"):
                    value = value.pk
                if isinstance(value, bool):
                    if value:
                        data[key] = "on"
                elif value is not None:
                    data[key] = value
    return data


def test_a_changed_statute_rule_is_in_the_change_history(staff_user):
    from auditlog.models import LogEntry

    rules = StatuteRules.objects.get()
    rules.notice_days = 21
    rules.save()

    entry = LogEntry.objects.get_for_object(rules).latest("timestamp")
    assert entry.changes_dict["notice_days"] == ["14", "21"]


def test_the_bodies_are_renamed_not_added_or_deleted(staff_client):
    from lrba.governance.models import Body

    board = Body.objects.get(kind=Body.Kind.BOARD)

    assert staff_client.get(reverse("admin:governance_body_add")).status_code == 403
    assert (
        staff_client.get(reverse("admin:governance_body_delete", args=[board.pk])).status_code
        == 403
    )
    assert (
        staff_client.get(reverse("admin:governance_body_change", args=[board.pk])).status_code
        == 200
    )


def test_a_decision_kind_needing_more_than_all_votes_is_refused(staff_client):
    rules = StatuteRules.objects.get()
    url = reverse("admin:governance_statuterules_change", args=[rules.pk])
    data = _form_data(staff_client.get(url))
    kind_prefix = next(
        key.removesuffix("-code") for key, value in data.items() if value == "statute_amendment"
    )
    data.update({f"{kind_prefix}-numerator": "3", f"{kind_prefix}-denominator": "3"})
    data[f"{kind_prefix}-strict"] = "on"

    response = staff_client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "is not a share that can be met" in response.content.decode()
    assert rules.decision_kinds.get(code="statute_amendment").numerator == 2


def test_the_board_page_names_the_body_that_decides_each_kind(client_for, alice):
    text = client_for(alice).get(reverse("governance:board")).content.decode()

    # The bodies' own (configurable) names, in Lithuanian by default.
    assert "<td>Visuotinis narių susirinkimas</td>" in text
    assert "<td>Valdyba</td>" in text


def test_ending_a_seat_on_its_change_page_takes_the_role_away(staff_client, alice):
    seat = seat_add(alice.person)
    url = reverse("admin:governance_boardseat_change", args=[seat.pk])

    response = staff_client.post(url, {"end_date": "2025-06-30"})

    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.end_date == datetime.date(2025, 6, 30)
    assert not holds_board_role(alice)


def test_a_seat_that_has_ended_is_not_changed_again(staff_client, alice):
    seat = seat_add(alice.person, end_date=datetime.date(2025, 6, 30))
    url = reverse("admin:governance_boardseat_change", args=[seat.pk])

    response = staff_client.post(url, {"end_date": "2025-12-31"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "This seat already ended on" in response.content.decode()
    seat.refresh_from_db()
    assert seat.end_date == datetime.date(2025, 6, 30)


def test_the_seat_list_filters_current_and_past_seats(staff_client, alice, carol):
    seat_add(alice.person, end_date=datetime.date(2025, 6, 30))
    seat_add(carol.person)
    url = reverse("admin:governance_boardseat_changelist")

    past = staff_client.get(url, {"term": "past"}).context["cl"].result_list
    current = staff_client.get(url, {"term": "current"}).context["cl"].result_list

    assert [seat.person for seat in past] == [alice.person]
    assert [seat.person for seat in current] == [carol.person]


def test_the_history_names_who_added_and_ended_a_seat(staff_user, alice):
    from auditlog.models import LogEntry

    seat = services.board_seat_add(
        person=alice.person, office="member", start_date=START, added_by=staff_user
    )
    services.board_seat_end(seat=seat, end_date=datetime.date(2025, 1, 31), ended_by=staff_user)

    entries = LogEntry.objects.get_for_object(seat).order_by("timestamp")
    assert [entry.actor for entry in entries] == [staff_user, staff_user]
    assert entries.last().changes_dict["end_date"] == ["None", "2025-01-31"]


def test_a_new_statute_version_is_started_from_the_rules_page(staff_client):
    rules = StatuteRules.objects.get()
    url = reverse("admin:governance_statuterules_new_version", args=[rules.pk])

    assert staff_client.get(url).status_code == 200
    response = staff_client.post(
        url, {"version": "Įstatai, 2027 m.", "in_force_from": "2027-01-01"}
    )

    new = StatuteRules.objects.get(in_force_from=datetime.date(2027, 1, 1))
    assert response.status_code == 302
    assert response.url == reverse("admin:governance_statuterules_change", args=[new.pk])
    assert new.decision_kinds.count() == rules.decision_kinds.count()


def test_the_rules_of_meetings_already_held_cannot_be_changed(staff_client):
    from lrba.governance.models import Meeting
    from lrba.governance.tests.factories import MeetingFactory

    rules = StatuteRules.objects.get()
    MeetingFactory(
        reference="VNS-2026-1",
        status=Meeting.Status.MINUTED,
        starts_at=timezone.now() - datetime.timedelta(days=40),
    )
    url = reverse("admin:governance_statuterules_change", args=[rules.pk])

    page = staff_client.get(url)

    assert "quorum_numerator" not in page.context["adminform"].form.fields
    assert "VNS-2026-1" in page.content.decode()
    inline = page.context["inline_admin_formsets"][0]
    assert not inline.has_change_permission
    staff_client.post(url, {"quorum_numerator": "1", "quorum_denominator": "3"})
    rules.refresh_from_db()
    assert rules.quorum_denominator == 2


def test_a_board_member_without_a_workplace_shows_who_proposed_them(client_for, library_a):
    person = members.PersonFactory(first_name="Laisvė", last_name="Laisvūnė")
    seat_add(person, proposed_by=library_a.memberships.get())

    text = client_for(None).get(reverse("governance:board")).content.decode()

    assert "Laisvė Laisvūnė" in text
    assert "Akmenės rajono savivaldybės viešoji biblioteka" in text


def test_the_secretariat_by_role_keeps_the_board_and_the_rules(client_for, secretary, alice):
    client = client_for(secretary)
    rules = StatuteRules.objects.get()

    added = client.post(
        reverse("admin:governance_boardseat_add"),
        {"person": alice.person.pk, "office": "member", "start_date": "2025-01-01"},
    )
    new_version = client.post(
        reverse("admin:governance_statuterules_new_version", args=[rules.pk]),
        {"version": "Įstatai", "in_force_from": "2027-01-01"},
    )

    assert added.status_code == 302
    assert new_version.status_code == 302
    assert StatuteRules.objects.count() == 2


def test_the_auditor_reads_the_board_and_the_rules_and_changes_nothing(client_for, auditor, alice):
    client = client_for(auditor)
    seat = seat_add(alice.person)
    rules = StatuteRules.objects.get()

    listing = client.get(reverse("admin:governance_boardseat_changelist"))
    ended = client.post(
        reverse("admin:governance_boardseat_changelist"),
        {"action": "end_selected_today", "_selected_action": [seat.pk]},
    )
    copied = client.post(
        reverse("admin:governance_statuterules_new_version", args=[rules.pk]),
        {"version": "Įstatai", "in_force_from": "2027-01-01"},
    )

    assert listing.status_code == 200
    assert "end_selected_today" not in listing.content.decode()
    assert ended.status_code in (200, 302, 403)
    assert copied.status_code == 403
    seat.refresh_from_db()
    assert seat.end_date is None
    assert StatuteRules.objects.count() == 1
