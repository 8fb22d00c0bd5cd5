"""How an app plugs into the whole: one `AppConfig` per app, declaring everything.

Every LRBA app's `AppConfig` subclasses `LrbaAppConfig` and says, in class attributes,
what it brings: its pages and their address, which of them anyone may open, whether the
back-office roles work on its records, its change history, its personal data and its
demo data. Nothing central lists the apps: the project's URLs, the roles' permissions,
"My data", erasure, `demo_data` and the public-URL test all read these declarations, the
way `django.contrib.admin` discovers each app's `admin.py`. Adding an app is one line in
`INSTALLED_APPS` and one `AppConfig` (see docs/architecture.md, "Adding an app").
"""

from collections.abc import Iterator
from importlib import import_module
from types import ModuleType
from typing import Any

from django.apps import AppConfig, apps
from django.http import HttpRequest
from django.urls import URLResolver, include, path


class LrbaAppConfig(AppConfig):
    """Base `AppConfig` of every LRBA app; module names are relative to the app.

    An app's apps.py imports the module (`from lrba.core import plugins`), not this class:
    Django picks the AppConfig subclass only when apps.py holds exactly one.
    """

    # Pages: the app's `urls.py` is included under this prefix ("" for the site root);
    # None when the app has no pages. Apps are included in `INSTALLED_APPS` order.
    url_prefix: str | None = None
    # Other URL modules to include after the app's own, as (prefix, dotted module).
    extra_urls: tuple[tuple[str, str], ...] = ()
    # URL names ("namespace:name") that answer anonymous visitors; the deny-by-default
    # test (tests/test_url_access.py) fails on any public page not declared here.
    public_url_names: tuple[str, ...] = ()
    # URL namespaces whose views skip the sign-in redirect because each decides access
    # itself, proven by the app's own deny-by-default test (the API: every endpoint names
    # its rule, lrba/api/tests/test_endpoint_access.py). Their views need not be listed in
    # `public_url_names`; those listed there are still checked to be public.
    self_guarded_url_namespaces: tuple[str, ...] = ()
    # Whether the back-office roles get this app's permissions (the secretariat all of
    # them, the auditor the `view_` ones); see lrba.accounts.roles.
    staff_roles: bool = True
    # The module registering the app's models with the change history (django-auditlog),
    # imported when the app is ready.
    audit_module: str | None = None
    # The module exporting, erasing and retaining the app's personal data; see
    # lrba.accounts.privacy.registry for what it declares.
    privacy_module: str | None = None
    # The module loading the app's demo data, and when (lower first; an app's data may
    # need another's). It defines `demo_data_load(*, scale, people, seed) -> DemoLoaded`
    # and may define `demo_data_present() -> bool` for `demo_data --if-empty`.
    demo_module: str | None = None
    demo_order: int = 100
    # The module declaring the app's panels on the back office's home (what waits for the
    # secretariat): it defines `PANELS`, a tuple of `lrba.core.dashboard.PanelSource`.
    dashboard_module: str | None = None
    # The module adding sections to the members' and accounts' pages, so "My library",
    # "My account" and a library's public page show another app's records without the
    # members or accounts app importing it. It may define `my_library_sections(request,
    # library)`, `my_account_sections(request)` and `library_page_sections(request,
    # library)`, each returning [(template name, context), …].
    member_pages_module: str | None = None
    # URL modules included after every app's own URLs, as (prefix, dotted module): a
    # catch-all such as the website's page tree must not hide another app's addresses.
    fallback_urls: tuple[tuple[str, str], ...] = ()
    # The module making the app's records findable by the site search: it defines
    # `SOURCES`, a tuple of `lrba.core.search.SearchSource`; the index follows their
    # models' saves and deletions from the moment the app is ready.
    search_module: str | None = None

    def ready(self) -> None:
        if self.audit_module:
            self.module_of(self.audit_module)
        if self.search_module:
            from lrba.core.search import search_signals_connect

            search_signals_connect(self.module_of(self.search_module))

    def module_of(self, relative: str) -> ModuleType:
        """Import one of the app's own modules, named relative to the app."""
        return import_module(f"{self.name}.{relative}")


def lrba_apps() -> list[LrbaAppConfig]:
    """The installed LRBA apps, in `INSTALLED_APPS` order."""
    return [app for app in apps.get_app_configs() if isinstance(app, LrbaAppConfig)]


def app_url_patterns() -> list[URLResolver]:
    """Every app's URLs, as config/urls.py includes them."""
    patterns = []
    for app in lrba_apps():
        if app.url_prefix is not None:
            patterns.append(path(app.url_prefix, include(f"{app.name}.urls")))
        patterns += [path(prefix, include(module)) for prefix, module in app.extra_urls]
    for app in lrba_apps():
        patterns += [path(prefix, include(module)) for prefix, module in app.fallback_urls]
    return patterns


def public_url_names() -> set[str]:
    return {name for app in lrba_apps() for name in app.public_url_names}


def self_guarded_url_namespaces() -> set[str]:
    return {namespace for app in lrba_apps() for namespace in app.self_guarded_url_namespaces}


def staff_app_labels() -> tuple[str, ...]:
    """The apps whose permissions the back-office roles get."""
    return tuple(app.label for app in lrba_apps() if app.staff_roles)


def privacy_modules() -> Iterator[tuple[LrbaAppConfig, ModuleType]]:
    for app in lrba_apps():
        if app.privacy_module:
            yield app, app.module_of(app.privacy_module)


def dashboard_modules() -> Iterator[tuple[LrbaAppConfig, ModuleType]]:
    for app in lrba_apps():
        if app.dashboard_module:
            yield app, app.module_of(app.dashboard_module)


def search_modules() -> list[tuple[LrbaAppConfig, ModuleType]]:
    """The apps' search modules (each defines `SOURCES`), in `INSTALLED_APPS` order."""
    return [(app, app.module_of(app.search_module)) for app in lrba_apps() if app.search_module]


def demo_modules() -> list[tuple[LrbaAppConfig, ModuleType]]:
    """The apps' demo-data modules in the order they load."""
    chosen = sorted((app for app in lrba_apps() if app.demo_module), key=lambda app: app.demo_order)
    return [(app, app.module_of(app.demo_module or "")) for app in chosen]


def _member_page_sections(function: str, *args: Any) -> list[tuple[str, dict[str, Any]]]:
    sections = []
    for app in lrba_apps():
        if app.member_pages_module:
            build = getattr(app.module_of(app.member_pages_module), function, None)
            if build is not None:
                sections += build(*args)
    return sections


def my_library_sections(request: HttpRequest, library: Any) -> list[tuple[str, dict[str, Any]]]:
    """The apps' sections of a library's "My library" page, as (template, context)."""
    return _member_page_sections("my_library_sections", request, library)


def my_account_sections(request: HttpRequest) -> list[tuple[str, dict[str, Any]]]:
    """The apps' sections of the signed-in user's "My account" page."""
    return _member_page_sections("my_account_sections", request)


def library_page_sections(request: HttpRequest, library: Any) -> list[tuple[str, dict[str, Any]]]:
    """The apps' sections of a member library's public page (its projects, its good
    practice…), as (template, context)."""
    return _member_page_sections("library_page_sections", request, library)
