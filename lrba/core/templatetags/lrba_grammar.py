"""Names in the case a sentence needs (lrba.core.grammar), for pages and e-mails.

`{% greeting person.first_name %}` opens every e-mail to a named person;
`{{ library.name|genitive:library.name_genitive }}` fills a genitive slot of a
translated sentence ("Gavome {{ library }} stojimo prašymą").
"""

from django import template
from django.utils.translation import gettext

from lrba.core import grammar

register = template.Library()


@register.simple_tag
def greeting(first_name: str | None) -> str:
    """ "Laba diena, Jonai," in Lithuanian (the first name in the vocative), "Hello Jonas,"
    in English; "Laba diena," without the name when its vocative cannot be told
    (a foreign or empty name), rather than address someone in the wrong case."""
    name = (first_name or "").strip()
    if grammar.is_lithuanian():
        name = grammar.vocative(name) or ""
    if not name:
        return gettext("Hello,")
    return gettext("Hello %(name)s,") % {"name": name}


@register.filter
def genitive(name: str, stored: str = "") -> str:
    """The institution's name for a genitive slot in the active language: the stored
    genitive (`stored`, or the suggestion when it is empty) in Lithuanian, the name as it
    is in English."""
    return grammar.genitive_in_language(str(name or ""), str(stored or ""))


@register.filter
def vocative(first_name: str | None) -> str:
    """`{{ person.first_name|vocative }}`: the name to address someone by in the active
    language ("Jonai" in Lithuanian, "Jonas" in English), or "" when its Lithuanian
    vocative cannot be told; the template then says the sentence without the name."""
    name = (first_name or "").strip()
    if grammar.is_lithuanian():
        return grammar.vocative(name) or ""
    return name
