"""Deny by default: every URL of the project refuses strangers unless declared public.

Walks the whole URL configuration, fills every parameter with a plausible value and
proves that (a) anonymous visitors are refused by every view not marked
`@login_not_required`, (b) a signed-in member without staff rights is refused every back
office page, and (c) the public URLs are exactly the ones the apps declare public in their
AppConfig (`public_url_names`), so a new public address has to declare itself there.
"""

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern

from lrba.core.plugins import public_url_names, self_guarded_url_namespaces
from lrba.members.tests.factories import LibraryFactory

pytestmark = pytest.mark.django_db

# Every URL that answers anonymous visitors, by "namespace:name", as each app declares them
# in its AppConfig (`public_url_names`, lrba.core.plugins). Adding one is a decision: say
# why in a comment there when it is not obvious.
PUBLIC_URL_NAMES = public_url_names()
# Namespaces whose views decide access themselves, with their own deny-by-default test (the
# API's endpoints each name an access rule): only their declared public names count here.
SELF_GUARDED = self_guarded_url_namespaces()
SIGN_IN = "/paskyra/login/"
ADMIN_SIGN_IN = "/admin/login/"


@dataclass(frozen=True)
class Route:
    path: str
    name: str
    public: bool


def _regex_value(name: str, regex: str) -> str:
    """A value that the named group's regex accepts."""
    words = regex.split("|")
    if all(re.fullmatch(r"[\w-]+", word) for word in words):
        return words[0]  # an alternation such as the admin's app labels
    for candidate in ("1", "x", "abc-1"):
        if re.fullmatch(regex, candidate):
            return candidate
    raise AssertionError(f"No sample value for group {name!r} ({regex})")


def _fill_regex(pattern: str) -> str:
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("(?P<", i):
            name_end = pattern.index(">", i)
            depth, j = 1, name_end + 1
            while depth:
                depth += {"(": 1, ")": -1}.get(pattern[j], 0)
                j += 1
            out.append(_regex_value(pattern[i + 4 : name_end], pattern[name_end + 1 : j - 1]))
            i = j
        else:
            out.append(pattern[i])
            i += 1
    return "".join(out).lstrip("^").rstrip("$").replace("\\", "")


def _fill_route(route: str, slug: str) -> str:
    samples = {"slug": slug, "int": "1", "str": "x", "path": "x", "uuid": str(uuid.uuid4())}
    return re.sub(
        r"<(?:(\w+):)?\w+>", lambda match: samples.get(match.group(1) or "str", "x"), route
    )


def _routes(resolver: Any, prefix: str, namespace: str, slug: str) -> Iterator[Route]:
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        if isinstance(pattern, RoutePattern):
            part = _fill_route(str(pattern), slug)
        elif isinstance(pattern, RegexPattern):
            part = _fill_regex(str(pattern))
        else:  # LocalePrefixPattern
            part = str(pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry, prefix + part, inner, slug)
        elif isinstance(entry, URLPattern):
            public = not getattr(entry.callback, "login_required", True)
            name = f"{namespace}{entry.name or '?'}"
            if public and name.split(":")[0] in SELF_GUARDED and name not in PUBLIC_URL_NAMES:
                continue  # tested by its app's own rule (see SELF_GUARDED)
            yield Route(prefix + part, name, public)


@pytest.fixture
def routes() -> list[Route]:
    library = LibraryFactory()
    found = list(_routes(get_resolver(), "/", "", library.slug))
    assert len(found) > 50, "the walk missed most of the URL configuration"
    return found


def _refused(response: Any, *sign_in_pages: str) -> bool:
    if response.status_code in (403, 404, 405):
        return True
    location = response.get("Location", "")
    return response.status_code == 302 and location.startswith(sign_in_pages)


def test_every_route_resolves_to_its_own_view(routes):
    for route in routes:
        if route.path.startswith("/admin/") and route.name == "admin:?":
            continue  # the admin's catch-all
        assert resolve(route.path) is not None, route


def test_the_public_urls_are_exactly_the_declared_ones(routes):
    public = {route.name for route in routes if route.public}
    undeclared = public - PUBLIC_URL_NAMES
    assert not undeclared, (
        f"Declare new public URLs in their app's AppConfig.public_url_names: {undeclared}"
    )
    stale = PUBLIC_URL_NAMES - public
    assert not stale, f"Listed as public but not public (or gone): {stale}"


def test_an_anonymous_visitor_is_refused_every_private_page(client, routes):
    allowed = [r for r in routes if not r.public]
    assert allowed
    for route in allowed:
        response = client.get(route.path)
        # The admin sends strangers to its own login, which hands over to allauth.
        assert _refused(response, SIGN_IN, ADMIN_SIGN_IN), (route, response.status_code)


def test_a_member_without_staff_rights_is_refused_every_back_office_page(member_client, routes):
    admin_routes = [r for r in routes if r.path.startswith("/admin/")]
    assert len(admin_routes) > 20
    for route in admin_routes:
        response = member_client.get(route.path)
        if route.name == "admin:logout":
            # Django's admin answers a non-staff logout with the index, refused below.
            assert response["Location"] == "/admin/"
            continue
        assert _refused(response, ADMIN_SIGN_IN, SIGN_IN), (route, response.status_code)


def test_the_admin_login_hands_a_member_a_refusal_not_a_form(member_client):
    assert member_client.get(ADMIN_SIGN_IN).status_code == 403


def test_the_admin_login_sends_strangers_to_the_two_factor_sign_in(client):
    response = client.get(ADMIN_SIGN_IN + "?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN + "?next=")


def test_the_member_list_sends_strangers_to_the_sign_in_page(client):
    response = client.get("/nariai/")
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN + "?next=/nariai/")


def test_the_language_switch_works_for_anonymous_visitors(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
