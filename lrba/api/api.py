"""The API object: version 1, its routers, its error shape, limits and documentation.

Each area's endpoints are a django-ninja `Router` in `lrba.api.routers.<area>`, added here
in `ROUTERS`. The endpoints parse, check access and call the apps' own selectors and
services, as the pages do (STYLE.md): no rule is written twice.
"""

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Swagger
from ninja.operation import Operation

from lrba.api import errors
from lrba.api.throttling import AddressThrottle, TokenThrottle
from lrba.core.association import association

# (path under /api/v1/, module defining `router`), in the documentation's order.
ROUTERS = (
    ("libraries/", "lrba.api.routers.directory"),
    ("events/", "lrba.api.routers.events"),
    ("certificates/", "lrba.api.routers.certificates"),
    ("content/", "lrba.api.routers.content"),
    ("decisions/", "lrba.api.routers.decisions"),
    ("me/", "lrba.api.routers.me"),
    ("staff/", "lrba.api.routers.staff"),
)

DESCRIPTION = _(
    "The public and member API of the association's information system. Public endpoints "
    "need no token; the others take a personal access token created on My account "
    "(Authorization: Bearer <token>). Lists are paged with page and page_size; answers carry "
    "an ETag for conditional requests; every error has one shape. See docs/api.md for the "
    "versioning and deprecation policy."
)


class LrbaNinjaAPI(NinjaAPI):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._schemas: dict[tuple[str, str], Any] = {}

    def get_openapi_operation_id(self, operation: Operation) -> str:
        """The endpoint's function name (unique across the API, test_openapi checks it)."""
        return operation.view_func.__name__

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        """django-ninja's schema, with the error shape documented on every operation and a
        summary taken from each endpoint's docstring; built once per language (it only
        changes with the code, and takes seconds to build)."""
        key = (get_language() or "", repr(sorted(kwargs.items())) + repr(args))
        if key not in self._schemas:
            self._schemas[key] = self._schema_build(*args, **kwargs)
        return self._schemas[key]

    def _schema_build(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for name, model in (
            ("ErrorOut", errors.ErrorOut),
            ("ErrorBody", errors.ErrorBody),
            ("ErrorDetail", errors.ErrorDetail),
        ):
            components.setdefault(name, _component_of(model))
        for methods in schema.get("paths", {}).values():
            for operation in methods.values():
                _summary_from_description(operation)
                responses = operation.setdefault("responses", {})
                for status, description in errors.DOCUMENTED_ERRORS.items():
                    # django-ninja keys responses by int; an operation's own wins.
                    if status in responses or str(status) in responses:
                        continue
                    responses[status] = {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ErrorOut"}
                            }
                        },
                    }
        return schema


def _summary_from_description(operation: dict[str, Any]) -> None:
    """django-ninja titles an operation with its function name ("Me Detail"); the first
    sentence of its docstring says more."""
    generated = str(operation.get("operationId", "")).replace("_", " ").title()
    description = str(operation.get("description") or "").strip()
    if description and operation.get("summary") in (None, "", generated):
        first = " ".join(description.split("\n\n", 1)[0].split())
        operation["summary"] = first.split(". ", 1)[0].rstrip(".")[:120]


def _component_of(model: Any) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
    schema.pop("$defs", None)
    return schema


def api_build() -> LrbaNinjaAPI:
    from importlib import import_module

    api = LrbaNinjaAPI(
        title=f"{association().short_name} API",
        version="1",
        description=str(DESCRIPTION),
        urls_namespace="api",
        docs=Swagger(settings={"persistAuthorization": False}),
        docs_url="docs/",
        openapi_url="openapi.json",
        throttle=[AddressThrottle(), TokenThrottle()],
    )
    errors.exception_handlers_install(api)
    for prefix, module in ROUTERS:
        api.add_router(prefix, import_module(module).router)
    return api


api = api_build()
