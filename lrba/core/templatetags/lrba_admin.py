"""Template tags of the back office's own templates (lrba/templates/admin)."""

from typing import Any

from django import template
from django.contrib.admin.utils import quote
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def change_history_url(context: Any, opts: Any, obj: Any) -> str:
    """Where a record's "History" button leads: its django-auditlog history, which every
    write records (services, imports, the admin), when its admin offers one; else Django's
    own admin history, which sees only the admin's edits."""
    site = getattr(context.get("request"), "current_app", None) or "admin"
    prefix = f"{site}:{opts.app_label}_{opts.model_name}"
    try:
        return reverse(f"{prefix}_auditlog", args=[quote(obj.pk)])
    except NoReverseMatch:
        return reverse(f"{prefix}_history", args=[quote(obj.pk)])
