"""Project-wide pytest fixtures: test personas and the settings every test runs under."""

import atexit
import shutil
import tempfile
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache

# django-axes comes first in AUTHENTICATION_BACKENDS and cannot log anyone in by itself.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


# Uploads, pictures and PDFs the tests (and the shared demo load) write go to a folder of
# this test process, removed when it ends, never into var/media of the checkout.
_MEDIA_ROOT = tempfile.mkdtemp(prefix="lrba-test-media-")
atexit.register(shutil.rmtree, _MEDIA_ROOT, ignore_errors=True)


def _test_settings_values() -> dict[str, Any]:
    from django.conf import settings

    return {
        "MEDIA_ROOT": _MEDIA_ROOT,
        # Tasks run in-process at once (after commit); mail lands in django.core.mail.outbox.
        "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        "STORAGES": {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        "LANGUAGE_CODE": "lt",
    }


@pytest.fixture(autouse=True)
def _test_settings(settings):
    for name, value in _test_settings_values().items():
        setattr(settings, name, value)
    # Rate limits and allauth's throttles count in the cache: start every test from zero.
    cache.clear()


# The demo data ------------------------------------------------------------------------------


def _uses_demo_data(item: pytest.Item | None) -> bool:
    return item is not None and "demo_loaded" in getattr(item, "fixturenames", ())


# The walks over every URL (or every back-office action) of the site take a minute or
# more each, other tests seconds at most: they run right after the demo data's tests,
# longest first, and `make test` has xdist hand out two tests at a time, so the two
# workers share the walks out early. At the end of the collection (tests/) one worker
# would start a walk when the other had nothing left to do.
WHOLE_SITE_WALKS = (
    "tests/test_url_access_roles.py",
    "tests/test_get_writes_nothing.py",
    "tests/test_admin_actions.py",
    "tests/test_url_access.py",
)


def _run_order(item: pytest.Item) -> int:
    if _uses_demo_data(item):
        return 0
    path = item.nodeid.split("::", 1)[0]
    if path in WHOLE_SITE_WALKS:
        return 1 + WHOLE_SITE_WALKS.index(path)
    return 1 + len(WHOLE_SITE_WALKS)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Tests on the demo data share one load (`demo_loaded`) held in an open transaction:
    # they run first, before any transactional test can empty the database, and the
    # transaction is rolled back after the last of them (pytest_runtest_teardown below),
    # so no other test sees the rows. A stable sort, the same in every xdist worker.
    items.sort(key=_run_order)


# The open transaction holding the demo data, while its tests run.
_demo_transaction: dict[str, Any] = {}


def _demo_transaction_end() -> None:
    from django.db import transaction

    if not _demo_transaction:
        return
    outer, blocker = _demo_transaction.pop("atomic"), _demo_transaction.pop("blocker")
    with blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    result = yield  # the test's own fixtures (its savepoint) are torn down by now
    if _uses_demo_data(item) and not _uses_demo_data(nextitem):
        _demo_transaction_end()
    return result


@pytest.fixture(scope="session")
def demo_loaded(django_db_setup, django_db_blocker) -> Iterator[list[Callable[[], Any]]]:
    """`manage.py demo_data --people 600`, loaded once per test session (per xdist worker).

    The load happens inside a transaction that is rolled back after the last test using
    it, and every test runs inside a savepoint of it (pytest-django's usual rollback per
    test), so a test may change the demo data without the next one seeing the change.
    Gives the on-commit callbacks the load registered (they never run: nothing commits).
    """
    import io

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(**_test_settings_values()):
        outer = transaction.atomic()
        outer.__enter__()
        _demo_transaction.update(atomic=outer, blocker=django_db_blocker)
        start = len(connection.run_on_commit)
        call_command("demo_data", "--people", "600", stdout=io.StringIO())
        # Entries are (savepoint ids, callback, robust).
        callbacks = [entry[1] for entry in connection.run_on_commit[start:]]
    yield callbacks
    _demo_transaction_end()


@pytest.fixture
def staff_user(django_user_model):
    """The secretariat: a back-office superuser."""
    return django_user_model.objects.create_superuser(
        email="sekretore@example.lt", password="pw", full_name="Rūta Sekretorė"
    )


@pytest.fixture
def member_user(django_user_model):
    """A librarian of a member library (none of the personas' libraries below), with an
    account and no staff rights."""
    from lrba.members.tests import factories

    library = factories.MembershipFactory(
        library=factories.LibraryFactory(name="Šiaulių rajono savivaldybės viešoji biblioteka")
    ).library
    user = django_user_model.objects.create_user(
        email="bibliotekininke@example.lt", password="pw", full_name="Jurgita Bibliotekininkė"
    )
    person = factories.PersonFactory(
        user=user, email=user.email, first_name="Jurgita", last_name="Bibliotekininkė"
    )
    factories.EmploymentFactory(person=person, library=library)
    return user


@pytest.fixture
def staff_client(client, staff_user):
    """The secretariat signed in, with an authenticator app (the back office demands 2FA)."""
    from lrba.accounts.tests.factories import totp_activate

    totp_activate(staff_user)
    client.force_login(staff_user, backend=MODEL_BACKEND)
    return client


@pytest.fixture
def member_client(client, member_user):
    client.force_login(member_user, backend=MODEL_BACKEND)
    return client


@pytest.fixture(autouse=True)
def _empty_cache():
    # Content versions live in the (rolled back) test database; cached renderings must
    # not outlive the test that made them.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module")
def migrated_data_restored(django_db_blocker):
    """For modules of transactional tests (threads need real commits to see each other).

    Such a test ends by emptying the database. With `serialized_rollback=True` the
    migrated data (geography, content types, role groups, seeded pages) is loaded again
    only when the next such test starts, so the ordinary tests that run after this module
    on the same worker would find it gone: load it back once the module is done.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    yield
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents:
        with django_db_blocker.unblock():
            connection.creation.deserialize_db_from_string(contents)
    ContentType.objects.clear_cache()


@pytest.fixture
def english():
    """Run a test in English, for modules that match service messages by their English
    source text; pages are checked in Lithuanian with `lt()` below."""
    from django.utils import translation

    with translation.override("en"):
        yield


def lt(text: str) -> str:
    """`text` as the Lithuanian interface shows it (the default language)."""
    from django.utils import translation

    with translation.override("lt"):
        return translation.gettext(text)


# The personas, the only ones in the suite (apps do not define their own): alice directs
# library A, bob works at A without a mandate, carol represents library B by mandate,
# charlie works at library C, which is not a member, and dave has an account and no
# library; A and B are member libraries. The secretariat is staff_user / staff_client
# above. Each persona is a User with a Person (`alice.person`), except dave.


@pytest.fixture
def library_a():
    from lrba.members.tests import factories

    library = factories.LibraryFactory(name="Akmenės rajono savivaldybės viešoji biblioteka")
    factories.MembershipFactory(library=library)
    return library


@pytest.fixture
def library_b():
    from lrba.members.tests import factories

    library = factories.LibraryFactory(name="Biržų rajono savivaldybės viešoji biblioteka")
    factories.MembershipFactory(library=library)
    return library


@pytest.fixture
def library_c():
    """A library that is not a member of the association."""
    from lrba.members.tests import factories

    return factories.LibraryFactory(name="Cirkliškio kaimo biblioteka")


def _persona(email: str, **kwargs):
    from lrba.accounts.tests.factories import email_verify
    from lrba.members.tests import factories

    user = factories.UserFactory(email=email)
    email_verify(user)  # as accepting an invitation does: the persona can sign in
    return factories.PersonFactory(user=user, email=email, **kwargs)


@pytest.fixture
def alice(library_a):
    from lrba.members.tests import factories

    person = _persona("alice@example.lt", first_name="Alė", last_name="Aukštaitė")
    factories.EmploymentFactory(person=person, library=library_a, is_director=True)
    return person.user


@pytest.fixture
def bob(library_a):
    from lrba.members.tests import factories

    person = _persona("bob@example.lt", first_name="Bronius", last_name="Bitinas")
    factories.EmploymentFactory(person=person, library=library_a)
    return person.user


@pytest.fixture
def carol(library_b):
    from lrba.members.tests import factories

    person = _persona("carol@example.lt", first_name="Karolina", last_name="Čepaitė")
    factories.EmploymentFactory(person=person, library=library_b)
    factories.MandateFactory(person=person, library=library_b)
    return person.user


@pytest.fixture
def charlie(library_c):
    """A librarian of a library that is not a member."""
    from lrba.members.tests import factories

    person = _persona("charlie@example.lt", first_name="Čarlis", last_name="Čeponis")
    factories.EmploymentFactory(person=person, library=library_c)
    return person.user


@pytest.fixture
def dave():
    from lrba.members.tests import factories

    return factories.UserFactory(email="dave@example.lt")


def _role_holder(email: str, full_name: str, role: str, *, two_factor: bool = True):
    from lrba.accounts import roles
    from lrba.accounts.tests.factories import totp_activate
    from lrba.members.tests import factories

    user = factories.UserFactory(email=email, full_name=full_name)
    roles.role_grant(user=user, role=role)
    if two_factor:
        totp_activate(user)  # every staff role needs two-factor
    user.refresh_from_db()  # is_staff, derived from the roles
    return user


@pytest.fixture
def secretary():
    """A member of the secretariat by role (not a superuser), with two-factor."""
    from lrba.accounts import roles

    return _role_holder("sekretoriatas@example.lt", "Simona Sekretorė", roles.SECRETARIAT)


@pytest.fixture
def board_member():
    """A member of the Board, with two-factor."""
    from lrba.accounts import roles

    return _role_holder("valdyba@example.lt", "Valdas Valdybietis", roles.BOARD)


@pytest.fixture
def auditor():
    """The association's auditor: reads the back office (with two-factor), changes nothing."""
    from lrba.accounts import roles

    return _role_holder("auditorius@example.lt", "Audra Auditorė", roles.AUDITOR)


@pytest.fixture
def role_holder_without_two_factor():
    """Make a holder of a role (roles.SECRETARIAT, BOARD, AUDITOR) who has not set up
    two-factor yet: `role_holder_without_two_factor(roles.AUDITOR)`."""

    def make(role: str):
        return _role_holder("be-dvieju@example.lt", "Benas Bedvejis", role, two_factor=False)

    return make


@pytest.fixture
def client_for():
    """A separate signed-in browser for each persona (`None` for an anonymous one)."""
    from django.test import Client

    def make(user, **kwargs):
        client = Client(**kwargs)
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make
