"""Template filters of the public website."""

from django import template

from lrba.website.text import plain_text_to_html

register = template.Library()


@register.filter
def plain_text(value: str):
    """`{{ page.body|plain_text }}`: escaped paragraphs and lists (see website/text.py)."""
    return plain_text_to_html(value or "")
