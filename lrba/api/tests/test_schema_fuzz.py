"""Schemathesis fuzzes every operation of the API's OpenAPI schema against the app, in
process, on every suite run (SQLite and PostgreSQL): no answer is a server error, and every
answer's status, content type and body are the ones the schema documents.

The schema is the one the app serves at /api/v1/openapi.json, read through the WSGI
application (`schemathesis.openapi.from_wsgi`), and the requests go through the whole
Django stack (middleware, the API's access rules, throttles, ETags) inside this test's
database transaction. A small world gives the requests something to find: member
libraries, a public event with a programme, a full event, a published news item, a public
document, a certificate, and two tokens — a read-write one of a librarian who directs a
library (sent on the personal operations) and a staff one of the secretariat with
two-factor authentication (sent on /staff/ operations). Every other generated example of an
operation with path parameters or an `event` in its body is pointed at the world's objects,
and `test_every_operation_succeeds_on_the_world` calls each operation once on them and
expects its documented success, so found objects are checked as well as 404s and 422s.

The examples are bounded and derandomized (the same requests on every run); the module
takes well under a minute on a busy two-core machine, the test database aside.
"""

import re
import zlib
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lrba.api.tests.factories import token_for

BASE = "/api/v1/"
APP = get_wsgi_application()
# What a WSGI server puts in every request (werkzeug's test client leaves the address out).
ENVIRON = {"REMOTE_ADDR": "192.0.2.10"}

# Generated examples per operation in the fuzzing phase; the coverage phase adds its
# deterministic boundary and invalid cases (pages, sizes, types, missing fields) on top.
MAX_EXAMPLES = 10

SCHEMA_CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {
        "seed": 20261129,
        "generation": {"mode": "all", "deterministic": True, "database": "none"},
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": True, "unexpected-methods": ["patch"]},
            "fuzzing": {"enabled": True},
            "stateful": {"enabled": False},
        },
    }
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def _wsgi_in_test_transaction() -> Iterator[None]:
    """Calls to the WSGI app run in this test's transaction on the same connection, as
    with Django's test client: the request signals must not close the connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Any]:
    """The objects requests are pointed at, and the two tokens: built once for the module
    in a transaction rolled back at its end (each test runs in a savepoint inside it)."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = _world_build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def _world_build() -> Any:
    from lrba.accounts import roles
    from lrba.accounts.tests.factories import totp_activate
    from lrba.events.tests.factories import EventFactory, RegistrationFactory, SessionFactory
    from lrba.governance.models import Meeting
    from lrba.governance.services.decisions import decision_record
    from lrba.governance.tests.factories import MeetingFactory, decision_kind
    from lrba.members.tests import factories as members
    from lrba.training.tests.factories import CertificateFactory
    from lrba.website.tests.factories import DocumentFactory, NewsItemFactory

    library = members.member_library("Šiaulių rajono savivaldybės viešoji biblioteka")
    members.member_library("Biržų rajono savivaldybės viešoji biblioteka")
    members.BranchFactory(parent=library, name="Kuršėnų filialas")
    user = members.UserFactory(email="atstove@example.lt", full_name="Rasa Atstovė")
    person = members.PersonFactory(
        user=user, email=user.email, first_name="Rasa", last_name="Atstovė"
    )
    members.EmploymentFactory(person=person, library=library, is_director=True)
    members.EmploymentFactory(
        person=members.PersonFactory(first_name="Jonas", last_name="Kolega"), library=library
    )
    secretary = members.UserFactory(email="sekretoriatas@example.lt", full_name="Simona Sekretorė")
    roles.role_grant(user=secretary, role=roles.SECRETARIAT)
    totp_activate(secretary)  # the secretariat's role demands two-factor authentication

    event = EventFactory(title="Skaitmeninės paslaugos regionuose")
    SessionFactory(event=event)
    RegistrationFactory(event=event)
    RegistrationFactory(event=EventFactory(title="Pilnas seminaras", capacity=1))
    mine = RegistrationFactory(
        event=EventFactory(title="Vaikų literatūros diena"),
        person=person,
        first_name=person.first_name,
        last_name=person.last_name,
        email=person.email,
    )
    news = NewsItemFactory()
    document = DocumentFactory()
    certificate = CertificateFactory(person=person, full_name=person.full_name)
    meeting = MeetingFactory(reference="VNS-2026-1", status=Meeting.Status.MINUTED)
    decision = decision_record(
        body=meeting.body,
        kind=decision_kind("ordinary"),
        title="Dėl veiklos plano",
        text="Pritarta veiklos planui.",
        adopted_on=timezone.localdate(),
        meeting=meeting,
        is_public=True,
    )

    class World:
        token = token_for(user, write=True)
        staff_token = token_for(secretary, write=True, staff=True)
        # Path parameters by name: the first entry whose pattern matches the path.
        path = [
            (r"/libraries/\{[^}]+\}/", {"library_id": library.pk}),
            (r"/libraries/", {"id": library.pk, "id_or_slug": library.slug}),
            (r"/registrations/\{", {"id": mine.pk, "registration_id": mine.pk}),
            (r"/events/", {"id": event.pk, "event_id": event.pk, "id_or_slug": event.slug}),
            (r"/certificates/", {"code": certificate.verification_code}),
            (r"/news/", {"id": news.pk, "id_or_slug": news.slug}),
            (r"/documents/", {"id": document.pk}),
            (r"/decisions/", {"id": decision.pk}),
        ]
        # Request body fields that name an object.
        body = {"event": event.pk}

    return World


@pytest.fixture
def world_in_test(db: None, settings: Any, world: Any, _wsgi_in_test_transaction: None) -> Any:
    """The world, in this test's savepoint, with no throttle answering 429 in place of the
    operation under test."""
    settings.LRBA_API_ADDRESS_RATE = "1000000/m"
    settings.LRBA_API_TOKEN_RATE = "1000000/m"
    settings.LRBA_VERIFICATION_RATE = "1000000/m"
    return world


def _authorization(operation: Any, world: Any) -> dict[str, str]:
    if not operation.definition.raw.get("security"):
        return {}
    if operation.path.startswith(f"{BASE}staff/"):
        return {"Authorization": world.staff_token}
    return {"Authorization": world.token}


def _world_path_parameters(path: str, names: Any, world: Any) -> dict[str, Any]:
    for pattern, values in world.path:
        if re.search(pattern, path):
            return {name: values[name] for name in names if name in values}
    return {}


def _point_at_world(case: Any, world: Any) -> None:
    """Every other positive example asks for the world's objects, not made-up ones."""
    meta = case.meta
    if meta is not None and "negative" in str(meta.generation.mode).lower():
        return
    if zlib.crc32(f"{case.path_parameters!r}{case.body!r}".encode()) % 2:
        return
    if case.path_parameters:
        case.path_parameters.update(_world_path_parameters(case.path, case.path_parameters, world))
    if isinstance(case.body, dict):
        case.body.update({k: v for k, v in world.body.items() if k in case.body})


# The schema as the app serves it, read through the WSGI application (no database needed).
schema = schemathesis.openapi.from_wsgi(
    f"{BASE}openapi.json", APP, config=SCHEMA_CONFIG, environ_base=ENVIRON
)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_as_its_schema_says(case: Any, world_in_test: Any) -> None:
    world = world_in_test
    _point_at_world(case, world)
    case.call_and_validate(
        headers=_authorization(case.operation, world), checks=CHECKS, environ_base=ENVIRON
    )


def test_every_operation_succeeds_on_the_world(world_in_test: Any) -> None:
    """Each operation, called once as a client would on the world's objects, answers its
    documented success with a body matching the schema. An operation this cannot call
    (a path parameter or body field the world does not know) fails here: teach the world."""
    world = world_in_test
    operations = [result.ok() for result in schema.get_all_operations()]
    assert operations, "the API has no operations"
    # Writes last, so reads see the world as built (the cancellation last of all).
    operations.sort(key=lambda op: ({"get": 0, "post": 1, "delete": 2}.get(op.method, 1), op.path))
    failures = []
    for operation in operations:
        names = [parameter.name for parameter in operation.path_parameters]
        path_parameters = _world_path_parameters(operation.path, names, world)
        fields: dict[str, Any] = {"path_parameters": path_parameters}
        if operation.get_request_payload_content_types():
            fields["body"] = dict(world.body)
        case = operation.Case(**fields)
        missing = [name for name in names if name not in path_parameters]
        if missing:
            failures.append(f"{operation.label}: the world has no value for {missing}")
            continue
        response = case.call(headers=_authorization(operation, world), environ_base=ENVIRON)
        if not 200 <= response.status_code < 300:
            failures.append(f"{operation.label}: {response.status_code} {response.text[:300]}")
            continue
        case.validate_response(response, checks=CHECKS)
    assert not failures, "\n".join(failures)
