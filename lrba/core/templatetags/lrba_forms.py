"""Form widgets drawn in Python where Django's widget templates are too slow.

Django renders a <select> through a template per option; the directory's municipality
filter (60 options in 10 groups) took milliseconds that way, on every uncached page. The
`select` tag draws the same HTML in one pass.
"""

from collections.abc import Iterable, Iterator

from django import template
from django.forms import BoundField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _options(choices: Iterable, selected: str) -> Iterator[SafeString]:
    for value, label in choices:
        if isinstance(label, list | tuple):  # an optgroup: (group label, [(value, label)…])
            inner = mark_safe("".join(_options(label, selected)))  # noqa: S308 (escaped below)
            yield format_html('<optgroup label="{}">{}</optgroup>', value, inner)
        else:
            mark = mark_safe(" selected") if str(value) == selected else ""  # noqa: S308
            yield format_html('<option value="{}"{}>{}</option>', value, mark, label)


@register.simple_tag
def select(field: BoundField) -> SafeString:
    """The <select> of a choice field, as its widget would draw it (its attributes, its
    choices and optgroups, the current value selected)."""
    attrs = {"name": field.html_name, **field.field.widget.attrs}
    attrs.setdefault("id", field.auto_id)
    value = field.value()
    selected = "" if value is None else str(value)
    choices = getattr(field.field, "choices", ())  # only choice fields have them
    options = mark_safe("".join(_options(choices, selected)))  # noqa: S308
    # In the widget's order (flatatt would sort them), so the HTML is the widget's own.
    attributes = format_html_join("", ' {}="{}"', attrs.items())
    return format_html("<select{}>{}</select>", attributes, options)
