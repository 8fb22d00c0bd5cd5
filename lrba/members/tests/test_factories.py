import pytest

from lrba.members.models import Membership
from lrba.members.tests import factories

pytestmark = pytest.mark.django_db


def test_factories_build_a_consistent_register():
    branch = factories.BranchFactory()
    factories.MembershipFactory(library=branch.parent)
    factories.MembershipFactory(library=None, person=factories.PersonFactory())
    factories.EmploymentFactory(library=branch.parent)
    factories.MembershipApplicationFactory()

    assert branch.parent is not None
    assert list(branch.parent.branches.all()) == [branch]
    assert Membership.objects.filter(status=Membership.Status.ACTIVE).count() == 2
    assert branch.municipality == branch.parent.municipality
