"""Fixtures of the knowledge tests (any part may add its own here).

The help desk's personas besides the project's (conftest.py at the root): alice asks for
library A (she directs it), bob is her colleague at A, carol represents another member
library (B), the consultant answers questions on the topic (a librarian of B with an
account), the secretary and the auditor are the association's."""

import pytest

from lrba.knowledge.models import HelpRequest
from lrba.knowledge.services import helpdesk
from lrba.knowledge.tests.factories import TopicConsultantFactory, TopicFactory
from lrba.members.tests import factories as members


@pytest.fixture
def topic():
    return TopicFactory(name="Vaikų skaitymas", slug="vaiku-skaitymas")


@pytest.fixture
def consultant(library_b, topic):
    from lrba.accounts.tests.factories import email_verify

    user = members.UserFactory(email="konsultante@example.lt", full_name="Rasa Konsultantė")
    email_verify(user)
    person = members.PersonFactory(
        user=user, email=user.email, first_name="Rasa", last_name="Konsultantė"
    )
    members.EmploymentFactory(person=person, library=library_b)
    TopicConsultantFactory(topic=topic, person=person)
    return user


@pytest.fixture
def asked(alice, library_a, topic, consultant) -> HelpRequest:
    """Alice's question for library A, routed to the topic's consultant."""
    return helpdesk.help_request_create(
        library=library_a,
        asked_by=alice,
        topic=topic,
        subject="Kaip surengti vasaros skaitymo iššūkį?",
        description="Norime vasarą surengti skaitymo iššūkį vaikams. Nuo ko pradėti?",
    )
