"""The back office never glues a verb to a model's name in the nominative (issue 8).

Unfold and Django build buttons and titles as "<verb> <model name>" ("Delete library",
"Add library"). Lithuanian needs the name in another case there ("Ištrinti biblioteką"),
and the names are stored in the nominative, so the Lithuanian interface says the verb
alone ("Ištrinti") or puts the name after a colon ("Pridėti: biblioteka").
"""

import re

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from lrba.accounts.tests.factories import totp_activate
from tests.test_page_language import _client, visible_text

pytestmark = pytest.mark.django_db

VERBS = (
    "Pridėti",
    "Keisti",
    "Ištrinti",
    "Peržiūrėti",
    "Išsaugoti",
    "Pasirinkite",
    "Redaguoti",
    "Sukurti",
    "Importuoti",
    "Eksportuoti",
)


def _glue_pattern() -> re.Pattern[str]:
    """A verb followed directly (no colon) by any registered model's name, in Lithuanian."""
    with translation.override("lt"):
        names = {
            str(name).lower()
            for model in admin.site._registry
            for name in (model._meta.verbose_name, model._meta.verbose_name_plural)
        }
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{'|'.join(VERBS)})\s+(?:{alternatives})\b", re.IGNORECASE)


def test_the_pattern_finds_unfolds_delete_button_as_it_was():
    pattern = _glue_pattern()
    assert pattern.search("Ištrinti biblioteka")
    assert pattern.search("Pridėti narystė")
    assert not pattern.search("Pridėti: biblioteka")
    assert not pattern.search("Ištrinti")


def _form_urls(user) -> list[str]:
    """Every list, its add form (where records are added by hand) and its first record's
    form."""
    request = RequestFactory().get("/")
    request.user = user
    urls = []
    for model, model_admin in admin.site._registry.items():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append(reverse(f"{info}_changelist"))
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"{info}_add"))
        record = model._default_manager.order_by("pk").first()
        if record is not None:
            urls.append(reverse(f"{info}_change", args=[record.pk]))
    return urls


def test_no_list_change_or_add_form_glues_a_verb_to_a_nominative_model_name(
    demo_loaded, client, staff_user
):
    totp_activate(staff_user)
    client = _client(client, staff_user, "lt")
    pattern = _glue_pattern()
    problems, read = [], 0
    for url in _form_urls(staff_user):
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        read += 1
        for text in visible_text(response.content.decode(), "lt"):
            problems += [f"{url}: {match.group(0)!r}" for match in pattern.finditer(text)]
    assert read > 20, "the walk missed most of the back office's forms"
    assert not problems, "\n".join(problems)
