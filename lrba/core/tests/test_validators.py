"""Identifier validators and normalisers (Facts §5.4)."""

import pytest
from django.core.exceptions import ValidationError

from lrba.core import validators

REAL_CODES = ["190020587", "190457882", "191869974", "302288554", "301692533", "305605052"]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_legal_entity_codes_pass_format_and_checksum(code):
    validators.validate_legal_entity_code(code)
    assert validators.legal_entity_code_checksum_ok(code)


@pytest.mark.parametrize("code", ["190020588", "190457881", "302288550"])
def test_a_wrong_check_digit_fails_the_checksum_but_not_the_format(code):
    validators.validate_legal_entity_code(code)
    assert not validators.legal_entity_code_checksum_ok(code)


@pytest.mark.parametrize("code", ["", "19002058", "1900205870", "19002058A", "LT190020587"])
def test_a_legal_entity_code_needs_exactly_nine_digits(code):
    with pytest.raises(ValidationError):
        validators.validate_legal_entity_code(code)
    assert not validators.legal_entity_code_checksum_ok(code)


def test_legal_entity_code_spaces_and_dashes_are_ignored():
    assert validators.normalize_legal_entity_code(" 190 020-587 ") == "190020587"
    validators.validate_legal_entity_code("190 020 587")


def test_a_valid_vat_code_passes_and_a_broken_one_fails():
    # LT100001919017: a legal person's VAT code (9 digits after LT would be 119…).
    validators.validate_vat_code("LT100001919017")
    with pytest.raises(ValidationError):
        validators.validate_vat_code("LT100001919018")
    with pytest.raises(ValidationError):
        validators.validate_vat_code("LT12345")


def test_vat_code_is_normalised():
    assert validators.normalize_vat_code("lt 100001919017") == "100001919017"


def test_a_lithuanian_iban_validates_and_a_broken_one_does_not():
    validators.validate_iban("LT121000011101001000")
    validators.validate_iban("LT12 1000 0111 0100 1000")
    with pytest.raises(ValidationError):
        validators.validate_iban("LT121000011101001001")
    with pytest.raises(ValidationError):
        validators.validate_iban("LT12100001110100100")


def test_iban_is_compacted():
    assert validators.normalize_iban("lt12 1000 0111 0100 1000") == "LT121000011101001000"


@pytest.mark.parametrize("raw", ["44319", "LT44319", "lt-44319", "LT 44319", "LT-44319"])
def test_postal_codes_are_normalised_to_lt_prefix(raw):
    value = validators.normalize_postal_code(raw)
    assert value == "LT-44319"
    validators.validate_postal_code(value)


@pytest.mark.parametrize("raw", ["4431", "443190", "LV-44319", "LT-4431A", ""])
def test_invalid_postal_codes_are_rejected(raw):
    with pytest.raises(ValidationError):
        validators.validate_postal_code(validators.normalize_postal_code(raw))


@pytest.mark.parametrize(
    "raw",
    [
        "861234567",
        "+37061234567",
        "+370 612 34567",
        "0037061234567",
        "37061234567",
        "8 (612) 34567",
    ],
)
def test_phone_numbers_are_normalised_to_plus_370(raw):
    value = validators.normalize_phone(raw)
    assert value == "+37061234567"
    validators.validate_phone(value)


@pytest.mark.parametrize("raw", ["61234567", "86123456", "+3706123456", "+371612345678", "tel"])
def test_invalid_phone_numbers_are_rejected(raw):
    with pytest.raises(ValidationError):
        validators.validate_phone(validators.normalize_phone(raw))
