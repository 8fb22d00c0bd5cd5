"""Recording support: the rules the law makes refusals (Associations Law Art. 16(4), Law
on Charity and Support Arts. 8(5), 11(2)), and uses within the unused balance."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from lrba.finance.models import Donor, SupportGiven, SupportReceived, SupportUse
from lrba.finance.services import support as services
from lrba.finance.tests.factories import DonorFactory, SupportReceivedFactory, SupportUseFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

D = Decimal


def _receive(**overrides):
    fields = {
        "donor": DonorFactory(),
        "received_on": datetime.date(2026, 3, 1),
        "object": SupportReceived.Object.MONEY,
        "description": "Pinigai",
        "value": D("2000.00"),
        "purpose": "Seminaras bibliotekininkams",
        "purpose_fits_statutes": True,
    }
    fields.update(overrides)
    return services.support_receive(**fields)


def test_money_for_a_purpose_outside_the_statutes_is_refused():
    with pytest.raises(ValidationError) as refusal:
        _receive(purpose="Partijos rinkimų kampanija", purpose_fits_statutes=False)
    assert "Art. 16(4)" in refusal.value.message_dict["purpose_fits_statutes"][0]
    assert not SupportReceived.objects.exists()


def test_the_income_tax_share_is_money_too_and_needs_a_fitting_purpose():
    with pytest.raises(ValidationError) as refusal:
        _receive(
            donor=services.donor_resolve(kind=Donor.Kind.GPM_SHARE),
            object=SupportReceived.Object.GPM_SHARE,
            purpose_fits_statutes=False,
        )
    assert "purpose_fits_statutes" in refusal.value.message_dict


def test_goods_need_no_confirmation_but_need_how_they_were_valued():
    with pytest.raises(ValidationError) as refusal:
        _receive(object=SupportReceived.Object.GOODS, purpose_fits_statutes=False)
    assert set(refusal.value.message_dict) == {"valuation"}
    support = _receive(
        object=SupportReceived.Object.GOODS,
        valuation="Pagal tiekėjo sąskaitą",
        purpose_fits_statutes=False,
    )
    assert support.pk


def test_obligations_to_the_donor_need_an_agreement():
    with pytest.raises(ValidationError) as refusal:
        _receive(obliged_publicity=True)
    assert "Art. 8(5)" in refusal.value.message_dict["agreement_number"][0]
    assert _receive(obliged_publicity=True, agreement_number="P-2026/3").obliged_publicity


def test_the_income_tax_share_comes_only_from_the_tax_authority():
    with pytest.raises(ValidationError) as refusal:
        _receive(object=SupportReceived.Object.GPM_SHARE)
    assert "object" in refusal.value.message_dict
    with pytest.raises(ValidationError):
        _receive(donor=services.donor_resolve(kind=Donor.Kind.GPM_SHARE))


def test_anonymous_and_income_tax_share_donors_are_one_row_each_without_personal_data():
    first = services.donor_resolve(kind=Donor.Kind.ANONYMOUS, name="Ignored")
    second = services.donor_resolve(kind=Donor.Kind.ANONYMOUS)
    share = services.donor_resolve(kind=Donor.Kind.GPM_SHARE)
    assert first == second != share
    assert (first.name, first.code) == ("", "")


def test_a_legal_person_is_found_by_its_code_and_needs_one():
    known = DonorFactory(code="304111111")
    assert services.donor_resolve(kind=Donor.Kind.LEGAL, name="X", code="304111111") == known
    with pytest.raises(ValidationError) as refusal:
        services.donor_resolve(kind=Donor.Kind.LEGAL, name="UAB Be kodo")
    assert "code" in refusal.value.message_dict


def test_a_natural_person_keeps_no_code():
    donor = services.donor_resolve(kind=Donor.Kind.NATURAL, name="Ona Ona", code="38001010000")
    assert (donor.kind, donor.code) == (Donor.Kind.NATURAL, "")


def test_a_refused_item_leaves_no_new_donor_behind():
    with pytest.raises(ValidationError):
        services.support_record(
            donor_kind=Donor.Kind.LEGAL,
            donor_name="UAB Naujas",
            donor_code="304222222",
            received_on=datetime.date(2026, 3, 1),
            object=SupportReceived.Object.MONEY,
            description="Pinigai",
            value=D("10.00"),
            purpose="Kita",
            purpose_fits_statutes=False,
        )
    assert not Donor.objects.filter(code="304222222").exists()


def test_a_use_within_the_balance_is_recorded_and_more_is_refused():
    support = SupportReceivedFactory(value=D("1000.00"))
    SupportUseFactory(support=support, amount=D("600.00"))
    use = services.support_use_record(
        support=support, used_on=datetime.date(2026, 4, 1), amount=D("400.00"), purpose="Knygos"
    )
    assert use.pk
    with pytest.raises(ValidationError) as refusal:
        services.support_use_record(
            support=support, used_on=datetime.date(2026, 4, 2), amount=D("0.01"), purpose="Dar"
        )
    assert "Only 0.00 EUR" in refusal.value.message_dict["amount"][0]
    assert SupportUse.objects.filter(support=support).count() == 2


def test_a_use_before_the_support_arrived_is_refused():
    support = SupportReceivedFactory(received_on=datetime.date(2026, 2, 10))
    with pytest.raises(ValidationError) as refusal:
        services.support_use_record(
            support=support, used_on=datetime.date(2026, 2, 9), amount=D("1.00"), purpose="X"
        )
    assert "used_on" in refusal.value.message_dict


def test_support_given_to_a_legal_person_needs_its_code():
    fields = {
        "kind": SupportGiven.Kind.SUPPORT,
        "recipient_kind": SupportGiven.RecipientKind.LEGAL,
        "recipient_name": "VšĮ Skaitymo namai",
        "given_on": datetime.date(2026, 5, 4),
        "object": SupportReceived.Object.MONEY,
        "description": "Pinigai",
        "value": D("300.00"),
        "purpose": "Skaitymo skatinimas",
    }
    with pytest.raises(ValidationError) as refusal:
        services.support_give(**fields)
    assert "recipient_code" in refusal.value.message_dict
    given = services.support_give(**fields, recipient_code="305000001")
    assert given.value == D("300.00")
