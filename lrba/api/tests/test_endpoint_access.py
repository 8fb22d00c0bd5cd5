"""Deny by default, for the API: every operation names one access rule of lrba.api.auth.

django-ninja lets an operation inherit its router's or the API's `auth`; LRBA's API has no
default, so an endpoint that forgets to say who may call it is caught here rather than
served to anyone. Anonymous calls to every non-public operation are refused with 401 in
the API's error shape.
"""

import re

import pytest
from ninja.constants import NOT_SET

from lrba.api import auth
from lrba.api.api import api


def _operations():
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                full = f"/api/v1/{prefix.strip('/')}/{path.lstrip('/')}".replace("//", "/")
                yield full, operation


OPERATIONS = list(_operations())


def test_every_operation_names_one_rule():
    assert api.auth is NOT_SET or api.auth is None or api.auth == [NOT_SET]
    undeclared = []
    for path, operation in OPERATIONS:
        rule = operation.auth_param
        rules = rule if isinstance(rule, list | tuple) else [rule]
        if rule is NOT_SET or len(rules) != 1 or rules[0] not in auth.RULES:
            undeclared.append(f"{','.join(operation.methods)} {path}")
    assert undeclared == [], f"Operations without one access rule of lrba.api.auth: {undeclared}"


def test_the_api_has_operations():
    assert len(OPERATIONS) >= 10


def _sample(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "operation"),
    [(p, o) for p, o in OPERATIONS if o.auth_param is not auth.PUBLIC],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_anonymous_calls_are_refused(client, path, operation):
    for method in operation.methods:
        response = client.generic(method, _sample(path), content_type="application/json")
        assert response.status_code == 401, (method, path, response.content[:200])
        assert response.json()["error"]["code"] == "not_authenticated"
