"""Project-wide pytest fixtures: test personas and the settings every test runs under."""

import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings):  # type: ignore[no-untyped-def]
    # Tasks run in-process at once (after commit), and mail lands in django.core.mail.outbox.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.LANGUAGE_CODE = "lt"


@pytest.fixture
def staff_user(django_user_model):  # type: ignore[no-untyped-def]
    """The secretariat: a back-office superuser."""
    return django_user_model.objects.create_superuser(
        email="sekretore@example.lt", password="pw", full_name="Rūta Sekretorė"
    )


@pytest.fixture
def member_user(django_user_model):  # type: ignore[no-untyped-def]
    """A signed-up librarian with no staff rights."""
    return django_user_model.objects.create_user(
        email="bibliotekininke@example.lt", password="pw", full_name="Jurgita Bibliotekininkė"
    )


@pytest.fixture
def staff_client(client, staff_user):  # type: ignore[no-untyped-def]
    client.force_login(staff_user)
    return client


@pytest.fixture
def member_client(client, member_user):  # type: ignore[no-untyped-def]
    client.force_login(member_user)
    return client
