import pytest
from django.utils import translation

from lrba.core.text import sort_key
from lrba.members.forms import MembershipApplicationForm
from lrba.members.tests import factories

pytestmark = pytest.mark.django_db


def test_the_form_normalises_codes_phones_postal_code_and_emails(application_form_data):
    form = MembershipApplicationForm(application_form_data)

    assert form.is_valid(), form.errors
    data = form.application_data()
    assert data["legal_entity_code"] == "302519433"
    assert data["postal_code"] == "LT-90311"
    assert data["library_phone"] == "+37044868123"
    assert data["representative_phone"] == "+37061234567"
    assert data["library_email"] == "biblioteka@rietavas.lt"
    assert "consent" not in data and "website_url" not in data


def test_a_legal_entity_code_with_a_bad_check_digit_is_accepted(application_form_data):
    # The checksum rule is not certain (Facts §5.4): the back office shows a warning instead.
    application_form_data["legal_entity_code"] = "302519434"

    assert MembershipApplicationForm(application_form_data).is_valid()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("legal_entity_code", "12345", "exactly 9 digits"),
        ("postal_code", "4430", "LT-44319"),
        ("library_phone", "12345", "+370 followed by 8 digits"),
        ("representative_phone", "+37161234567", "+370 followed by 8 digits"),
        ("library_email", "not-an-email", "valid email"),
    ],
)
def test_invalid_values_get_clear_messages(application_form_data, field, value, message):
    application_form_data[field] = value

    with translation.override("en"):
        form = MembershipApplicationForm(application_form_data)
        assert not form.is_valid()
        assert message in " ".join(form.errors[field])


def test_municipalities_are_listed_in_lithuanian_order():
    names = [str(m) for m in MembershipApplicationForm().fields["municipality"].queryset]

    # Š comes after S and before T; Z before Ž.
    assert names.index("Skuodo rajono savivaldybė") < names.index("Šakių rajono savivaldybė")
    assert names.index("Šilutės rajono savivaldybė") < names.index("Tauragės rajono savivaldybė")
    assert names == sorted(names, key=sort_key)
    assert names[-1] == "Zarasų rajono savivaldybė"


def test_a_pending_application_with_the_same_code_is_refused(application_form_data):
    factories.MembershipApplicationFactory(legal_entity_code="302519433")

    with translation.override("en"):
        form = MembershipApplicationForm(application_form_data)
        assert not form.is_valid()
        assert "already waiting for a decision" in form.errors["legal_entity_code"][0]


def test_a_library_that_is_already_a_member_is_refused(application_form_data):
    library = factories.LibraryFactory(legal_entity_code="302519433")
    factories.MembershipFactory(library=library)

    with translation.override("en"):
        form = MembershipApplicationForm(application_form_data)
        assert not form.is_valid()
        assert "already a member" in form.errors["legal_entity_code"][0]


def test_consent_is_required(application_form_data):
    del application_form_data["consent"]

    form = MembershipApplicationForm(application_form_data)

    assert not form.is_valid()
    assert "consent" in form.errors


def test_a_filled_honeypot_marks_the_form_as_spam(application_form_data):
    application_form_data["website_url"] = "http://spam.example"

    form = MembershipApplicationForm(application_form_data)

    assert not form.is_valid()
    assert form.is_spam
