import pytest
from lrba.members.tests.factories import *
pytestmark = pytest.mark.django_db
def test_factories_build_a_consistent_register():
    b = BranchFactory(); MembershipFactory(library=b.parent); MembershipFactory(library=None, person=PersonFactory()); EmploymentFactory(); MembershipApplicationFactory(); UserFactory()
    assert b.parent.branches.count() == 1
