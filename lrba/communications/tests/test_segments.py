"""Who a message reaches: each segment, newsletter consent, one delivery per address,
blocked addresses."""

import pytest

from lrba.accounts import roles
from lrba.communications.models import Message
from lrba.communications.selectors.segments import message_audience
from lrba.communications.tests.factories import (
    AnnouncementFactory,
    MessageFactory,
    SuppressionFactory,
    subscriber,
)
from lrba.core.models import County
from lrba.events.models import Registration
from lrba.events.tests.factories import EventFactory, RegistrationFactory
from lrba.members.models import Library
from lrba.members.tests.factories import (
    EmploymentFactory,
    LibraryFactory,
    MandateFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
    member_library,
    municipality,
)

pytestmark = pytest.mark.django_db


def emails(message: Message) -> set[str]:
    return {r.email for r in message_audience(message).recipients}


@pytest.fixture
def register():
    """Staff of two member libraries (Šiauliai city, Kaunas city — a school library), an
    individual member, and the staff of a library that is not a member; all consented."""
    siauliai = member_library("Šiaulių miesto biblioteka")
    kaunas = member_library(
        "Kauno mokyklos biblioteka",
        municipality=municipality("kauno-miesto"),
        kind=Library.Kind.SCHOOL,
    )
    outsider = LibraryFactory(name="Ne narė")
    director = subscriber(siauliai, email="direktore@example.lt")
    director.employments.update(is_director=True)
    librarian = subscriber(siauliai, email="bibliotekininke@example.lt")
    teacher = subscriber(kaunas, email="mokytoja@example.lt")
    individual = subscriber(email="narys@example.lt")
    MembershipFactory(library=None, person=individual)
    stranger = subscriber(outsider, email="svetimas@example.lt")
    return {
        "siauliai": siauliai,
        "kaunas": kaunas,
        "director": director,
        "librarian": librarian,
        "teacher": teacher,
        "individual": individual,
        "stranger": stranger,
    }


def test_all_members_are_the_staff_of_member_libraries_and_individual_members(register):
    assert emails(MessageFactory()) == {
        "direktore@example.lt",
        "bibliotekininke@example.lt",
        "mokytoja@example.lt",
        "narys@example.lt",
    }


def test_staff_of_a_member_librarys_branch_belong_to_all_members(register):
    branch = LibraryFactory(kind=Library.Kind.BRANCH, parent=register["siauliai"])
    subscriber(branch, email="filialas@example.lt")
    assert "filialas@example.lt" in emails(MessageFactory())


def test_individual_members_are_only_the_people_with_their_own_membership(register):
    message = MessageFactory(segment=Message.Segment.INDIVIDUAL_MEMBERS)
    assert emails(message) == {"narys@example.lt"}


def test_representatives_are_directors_and_holders_of_a_mandate(register):
    mandated = subscriber(email="igaliota@example.lt")
    MandateFactory(person=mandated, library=register["kaunas"])
    MandateFactory(person=subscriber(email="ne-nares@example.lt"), library=LibraryFactory())
    message = MessageFactory(segment=Message.Segment.REPRESENTATIVES)
    assert emails(message) == {"direktore@example.lt", "igaliota@example.lt"}


def test_a_county_segment_reaches_the_staff_of_member_libraries_in_that_county(register):
    kaunas_county = County.objects.get(municipalities__code="kauno-miesto")
    message = MessageFactory(segment=Message.Segment.COUNTY, county=kaunas_county)
    assert emails(message) == {"mokytoja@example.lt"}


def test_a_library_kind_segment_reaches_the_staff_of_member_libraries_of_that_kind(register):
    message = MessageFactory(segment=Message.Segment.LIBRARY_KIND, library_kind=Library.Kind.SCHOOL)
    assert emails(message) == {"mokytoja@example.lt"}


def test_an_events_participants_are_its_registrants_still_registered(register):
    event = EventFactory()
    RegistrationFactory(event=event, email="Dalyve@Example.lt", person=register["librarian"])
    RegistrationFactory(
        event=event, email="atsaukta@example.lt", status=Registration.Status.CANCELLED
    )
    RegistrationFactory(event=event, email="viesa@example.lt")  # the public: no person
    RegistrationFactory(email="kitas-renginys@example.lt")
    announcement = AnnouncementFactory(segment=Message.Segment.EVENT_PARTICIPANTS, event=event)
    assert emails(announcement) == {"dalyve@example.lt", "viesa@example.lt"}
    # A newsletter needs consent, which only a person in the register gives.
    newsletter = MessageFactory(segment=Message.Segment.EVENT_PARTICIPANTS, event=event)
    assert emails(newsletter) == {"dalyve@example.lt"}


def test_the_board_is_the_holders_of_the_board_role(register, board_member):
    user = UserFactory(email="valdybos-narys@example.lt")
    roles.role_grant(user=user, role=roles.BOARD)
    subscriber(email="valdybos-narys@example.lt", user=user)
    announcement = AnnouncementFactory(segment=Message.Segment.BOARD)
    assert emails(announcement) == {"valdybos-narys@example.lt", "valdyba@example.lt"}
    # The account without a person in the register cannot have consented.
    newsletter = MessageFactory(segment=Message.Segment.BOARD)
    assert emails(newsletter) == {"valdybos-narys@example.lt"}


def test_a_newsletter_reaches_only_people_whose_consent_is_in_force(register):
    silent = PersonFactory(email="nesutiko@example.lt")
    EmploymentFactory(person=silent, library=register["siauliai"])
    withdrawn = subscriber(register["siauliai"], email="atsisake@example.lt")
    withdrawn.consents.update(withdrawn_at="2026-01-01T00:00:00Z")
    audience = message_audience(MessageFactory())
    assert "nesutiko@example.lt" not in {r.email for r in audience.recipients}
    assert "atsisake@example.lt" not in {r.email for r in audience.recipients}
    assert audience.without_consent == 2


def test_an_announcement_reaches_everyone_it_concerns_without_consent(register):
    silent = PersonFactory(email="nesutiko@example.lt")
    EmploymentFactory(person=silent, library=register["siauliai"])
    assert "nesutiko@example.lt" in emails(AnnouncementFactory())


def test_one_recipient_per_address_whatever_its_letter_case(register):
    twin = subscriber(register["kaunas"], email="DIREKTORE@example.lt")
    audience = message_audience(MessageFactory())
    found = [r.email for r in audience.recipients]
    assert found.count("direktore@example.lt") == 1
    assert twin.pk not in {r.person_id for r in audience.recipients}  # the first one keeps it


def test_a_person_without_an_address_falls_back_to_their_accounts(register):
    user = UserFactory(email="paskyra@example.lt", language="en")
    subscriber(register["siauliai"], email="", user=user)
    recipient = next(
        r for r in message_audience(MessageFactory()).recipients if r.email == "paskyra@example.lt"
    )
    assert recipient.language == "en"


def test_a_blocked_address_is_set_apart(register):
    SuppressionFactory(email="mokytoja@example.lt")
    audience = message_audience(MessageFactory())
    assert "mokytoja@example.lt" not in {r.email for r in audience.recipients}
    assert [r.email for r in audience.suppressed] == ["mokytoja@example.lt"]


def test_people_of_libraries_that_are_not_members_are_never_reached(register):
    for segment in (Message.Segment.ALL_MEMBERS, Message.Segment.REPRESENTATIVES):
        assert "svetimas@example.lt" not in emails(AnnouncementFactory(segment=segment))
