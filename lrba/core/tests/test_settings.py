"""Settings from the environment: strict parsing, and what production refuses to start without."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from config.settings import env_bool, env_int, env_networks
from lrba.core.checks import production_errors, production_refuse_unsafe

BASE_DIR = Path(__file__).resolve().parents[3]
PRODUCTION_KEY = "k" * 20 + "-production-secret-key-for-a-test-only-" + "x" * 20


# Strict parsing -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", True),
        ("true", True),
        ("Yes", True),
        (" on ", True),
        ("0", False),
        ("FALSE", False),
        ("no", False),
        ("off", False),
    ],
)
def test_a_yes_no_variable_accepts_the_usual_spellings(monkeypatch, value, expected):
    monkeypatch.setenv("LRBA_TEST_FLAG", value)
    assert env_bool("LRBA_TEST_FLAG") is expected


@pytest.mark.parametrize("value", ["ture", "2", "y", "enabled"])
def test_a_mistyped_yes_no_variable_is_an_error_naming_it(monkeypatch, value):
    monkeypatch.setenv("LRBA_TEST_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="LRBA_TEST_FLAG"):
        env_bool("LRBA_TEST_FLAG")


def test_an_unset_or_empty_variable_takes_the_default(monkeypatch):
    monkeypatch.delenv("LRBA_TEST_FLAG", raising=False)
    assert env_bool("LRBA_TEST_FLAG", default=True) is True
    monkeypatch.setenv("LRBA_TEST_FLAG", "")
    assert env_bool("LRBA_TEST_FLAG") is False
    assert env_int("LRBA_TEST_FLAG", 7) == 7


def test_a_whole_number_variable_is_parsed(monkeypatch):
    monkeypatch.setenv("LRBA_TEST_NUMBER", " 60 ")
    assert env_int("LRBA_TEST_NUMBER", 0) == 60


@pytest.mark.parametrize("value", ["5O", "1.5", "ten"])
def test_a_mistyped_number_is_an_error_naming_it(monkeypatch, value):
    monkeypatch.setenv("LRBA_TEST_NUMBER", value)
    with pytest.raises(ImproperlyConfigured, match="LRBA_TEST_NUMBER"):
        env_int("LRBA_TEST_NUMBER", 0)


# Production ---------------------------------------------------------------------------------


@pytest.fixture
def production(settings):
    """Settings as a correct production deployment has them."""
    settings.DEBUG = False
    settings.SECRET_KEY = PRODUCTION_KEY
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "c"}
    }
    settings.LRBA_FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    return settings


def error_ids() -> list[str]:
    return [error.id for error in production_errors()]


def test_a_complete_production_configuration_passes(production):
    assert error_ids() == []
    production_refuse_unsafe()


def test_production_refuses_the_built_in_secret_key(production):
    production.SECRET_KEY = "django-insecure-lrba-development-key-change-me-in-production"
    assert error_ids() == ["lrba.E001"]
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        production_refuse_unsafe()


def test_production_refuses_a_cache_of_its_own_per_process(production):
    production.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert error_ids() == ["lrba.E002"]
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        production_refuse_unsafe()


def test_redis_is_a_shared_cache(production):
    production.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379",
        }
    }
    assert error_ids() == []


def test_production_refuses_to_encrypt_with_a_key_derived_from_the_secret_key(production):
    production.LRBA_FIELD_ENCRYPTION_KEYS = []
    assert error_ids() == ["lrba.E003"]
    production.LRBA_FIELD_ENCRYPTION_KEYS = ["not-a-key"]
    assert error_ids() == ["lrba.E004"]


def test_development_starts_without_any_of_it(production):
    production.DEBUG = True
    production.SECRET_KEY = "django-insecure-lrba-development-key-change-me-in-production"
    production_refuse_unsafe()


# The real start, in a fresh process with the environment production would have ------------------


def start_server_application(**env: str) -> subprocess.CompletedProcess[str]:
    """Import config.wsgi (what gunicorn and runserver do first) in a clean environment."""
    clean = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "LRBA_", "REDIS_"))
    }
    return subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_server_refuses_to_start_with_debug_off_and_no_secret_key():
    done = start_server_application(
        DJANGO_DEBUG="0",
        LRBA_CACHE="database",
        LRBA_FIELD_ENCRYPTION_KEY=Fernet.generate_key().decode(),
    )
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr and "DJANGO_SECRET_KEY" in done.stderr


def test_the_server_starts_with_the_production_settings_set():
    done = start_server_application(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=PRODUCTION_KEY,
        LRBA_CACHE="database",
        LRBA_FIELD_ENCRYPTION_KEY=Fernet.generate_key().decode(),
    )
    assert done.returncode == 0, done.stderr


def test_a_mistyped_debug_flag_stops_the_start():
    done = start_server_application(DJANGO_DEBUG="ture")
    assert done.returncode != 0
    assert "DJANGO_DEBUG" in done.stderr and "ImproperlyConfigured" in done.stderr


def test_trusted_proxies_must_be_addresses_or_networks(monkeypatch):
    monkeypatch.setenv("LRBA_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8,2001:db8::/32")
    assert env_networks("LRBA_TRUSTED_PROXIES") == ["127.0.0.1", "10.0.0.0/8", "2001:db8::/32"]
    monkeypatch.setenv("LRBA_TRUSTED_PROXIES", "127.0.0.1,proxy.local")
    with pytest.raises(ImproperlyConfigured, match="LRBA_TRUSTED_PROXIES"):
        env_networks("LRBA_TRUSTED_PROXIES")
