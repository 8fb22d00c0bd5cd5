"""Every app plugs into the whole through its AppConfig (lrba.core.plugins), and the
project reads the declarations: URLs, roles, change history, personal data, demo data."""

from auditlog.registry import auditlog
from django.apps import apps
from django.urls import get_resolver

from lrba.accounts.roles import ROLE_APP_LABELS
from lrba.core.plugins import LrbaAppConfig, demo_modules, lrba_apps, privacy_modules


def test_every_lrba_app_plugs_in_through_lrba_app_config():
    # An apps.py importing LrbaAppConfig by name would make Django fall back to a plain
    # AppConfig (it picks the only subclass in the module): nothing would be declared.
    ours = [app for app in apps.get_app_configs() if app.name.startswith("lrba.")]
    assert ours
    assert [app for app in ours if not isinstance(app, LrbaAppConfig)] == []


def test_the_project_urls_include_every_app_that_has_pages_under_its_prefix():
    included = {
        (str(entry.pattern), getattr(entry.urlconf_module, "__name__", ""))
        for entry in get_resolver().url_patterns
        if hasattr(entry, "urlconf_module")
    }
    for app in lrba_apps():
        if app.url_prefix is not None:
            assert (app.url_prefix, f"{app.name}.urls") in included, app.label
        for prefix, module in app.extra_urls:
            assert (prefix, module) in included


def test_the_roles_cover_exactly_the_apps_that_ask_for_them():
    assert set(ROLE_APP_LABELS) == {app.label for app in lrba_apps() if app.staff_roles}
    assert {"core", "accounts", "members", "events", "training", "website"} <= set(ROLE_APP_LABELS)


def test_each_declared_audit_module_registers_its_apps_models():
    for app in lrba_apps():
        if app.audit_module:
            assert any(auditlog.contains(model) for model in app.get_models()), app.label


def test_every_app_with_models_declares_its_personal_data():
    declared = {app.label for app, _module in privacy_modules()}
    assert {app.label for app in lrba_apps() if list(app.get_models())} <= declared
    for _app, module in privacy_modules():
        assert callable(module.erase)
        assert isinstance(module.TABLES, tuple) and isinstance(module.NOT_EXPORTED, dict)


def test_the_demo_data_load_in_the_declared_order():
    loaded = demo_modules()
    assert [app.label for app, _module in loaded] == [
        "members",
        "events",
        "training",
        "governance",
        "finance",
        "acquisition",
        "knowledge",
        "communications",
        "representation",
        "website",
    ]
    assert all(callable(module.demo_data_load) for _app, module in loaded)
