"""Template filters every page may use (registered as builtins in settings)."""

from django import template

from lrba.core import formatting

register = template.Library()


@register.filter
def money(amount):  # type: ignore[no-untyped-def]
    """`{{ invoice.total|money }}` → `1 234,56 €`."""
    return formatting.format_money(amount)


@register.filter
def number(value):  # type: ignore[no-untyped-def]
    return formatting.format_number(value)


@register.filter
def percent(share):  # type: ignore[no-untyped-def]
    return formatting.format_percent(share)


@register.simple_tag(takes_context=True)
def query_replace(context, **changes):  # type: ignore[no-untyped-def]
    """The current query string with some parameters replaced (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"
