"""Template filters of the news, project and partner pages."""

from typing import Any

from django import template
from django.utils import translation

from lrba.website.selectors_news import in_language

register = template.Library()


@register.filter
def translated(obj: Any, field: str) -> str:
    """`{{ item|translated:"title" }}`: the English text on the English site when it is
    written, else the Lithuanian one."""
    language = (translation.get_language() or "lt").split("-")[0]
    return in_language(obj, field, language)
