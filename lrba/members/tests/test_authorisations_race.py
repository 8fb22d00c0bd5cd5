"""Two representatives authorising the same employee for the same work at the same moment
leave one authorisation and tell the other it exists already (PostgreSQL: real
transactions in two threads; SQLite serialises writers by itself)."""

from django.core.exceptions import ValidationError
from django.utils import translation

from lrba.core.tests.concurrency import POSTGRES_RACE, run_at_once
from lrba.members.models import StaffAuthorisation
from lrba.members.services.authorisations import authorisation_grant
from lrba.members.tests.factories import (
    EmploymentFactory,
    LibraryFactory,
    MandateFactory,
    PersonFactory,
    UserFactory,
    representative,
)

pytestmark = POSTGRES_RACE

ORDERING = StaffAuthorisation.Scope.ORDERING


def test_two_representatives_authorising_one_employee_at_once_make_one_authorisation():
    library = LibraryFactory()
    director = representative(library)
    deputy = UserFactory()
    deputy_person = PersonFactory(user=deputy)
    EmploymentFactory(person=deputy_person, library=library)
    MandateFactory(person=deputy_person, library=library)
    employee = PersonFactory()
    EmploymentFactory(person=employee, library=library)

    with translation.override("en"):
        outcome = run_at_once(
            [
                lambda: authorisation_grant(
                    library=library, person=employee, scope=ORDERING, user=director
                ),
                lambda: authorisation_grant(
                    library=library, person=employee, scope=ORDERING, user=deputy
                ),
            ]
        )

    assert len(outcome.results) == 1
    assert len(outcome.errors) == 1
    assert isinstance(outcome.errors[0], ValidationError)
    assert outcome.errors[0].code == "already_authorised"
    assert StaffAuthorisation.objects.filter(person=employee, revoked_at__isnull=True).count() == 1
