"""Long codes on a phone: IBANs in groups of four, e-mail addresses cut only at @ or a dot."""

import pytest
from django.template import Context, Template

from lrba.core.formatting import format_iban


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("LT121000011101001000", "LT12 1000 0111 0100 1000"),
        ("lt12 1000 0111 0100 1000", "LT12 1000 0111 0100 1000"),
        ("  LT12  10000111 01001000 ", "LT12 1000 0111 0100 1000"),
    ],
)
def test_an_iban_is_printed_in_groups_of_four(typed, printed):
    assert format_iban(typed) == printed


@pytest.mark.parametrize("other", ["", "123456789", "Swedbank, a. s. 1234"])
def test_anything_that_is_not_an_iban_is_left_as_it_was(other):
    assert format_iban(other) == other


def test_an_e_mail_address_may_wrap_only_after_the_at_sign_or_before_a_dot():
    html = Template("{{ email|breakable }}").render(
        Context({"email": "vardenis.pavardenis@biblioteka.lt"})
    )

    assert html == "vardenis<wbr>.pavardenis@<wbr>biblioteka<wbr>.lt"


def test_breakable_escapes_what_it_is_given():
    html = Template("{{ email|breakable }}").render(Context({"email": "<b>x</b>@y.lt"}))

    assert "<b>" not in html and "&lt;b&gt;" in html
