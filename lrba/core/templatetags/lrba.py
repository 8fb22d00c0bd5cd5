"""Template filters every page may use (registered as builtins in settings)."""

from django import template
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import escape
from django.utils.safestring import mark_safe

from lrba.core import formatting
from lrba.core.sanitize import sanitize_html

register = template.Library()


@register.filter
def money(amount):
    """`{{ invoice.total|money }}` → `1 234,56 €`."""
    return formatting.format_money(amount)


@register.filter
def number(value):
    return formatting.format_number(value)


@register.filter
def percent(share):
    return formatting.format_percent(share)


@register.filter
def iban(account):
    """`{{ ASSOCIATION.bank_account|iban }}` → `LT12 1000 0111 0100 1000`."""
    return formatting.format_iban(str(account or ""))


@register.filter(is_safe=True)
def breakable(address):
    """`{{ person.email|breakable }}`: an e-mail address that wraps, on a narrow screen,
    after the @ or before a dot, never in the middle of a name.

    The CSS policy (lrba.css, "Long codes") keeps codes whole; this marks the places
    where an address may be cut with <wbr>, which copying the text leaves out."""
    text = str(escape(str(address or "")))
    text = text.replace("@", "@<wbr>").replace(".", "<wbr>.")
    return mark_safe(text)  # escaped just above; only <wbr> added


@register.filter(is_safe=True)
def sanitized(text):
    """`{{ library.description|sanitized }}`: rich text with only safe tags left.

    Plain text (no tags at all) keeps its paragraphs, as `|linebreaks` would show it.
    """
    text = str(text or "")
    if "<" not in text:
        return linebreaks_filter(text, autoescape=True)
    return mark_safe(sanitize_html(text))  # cleaned by nh3 just above
