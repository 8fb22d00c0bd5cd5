"""The API's documentation page (/api/v1/docs/) works under the site's
Content-Security-Policy: Swagger UI loads from our own static files, reads the schema and
shows every operation of it, with no CSP violation and no console error.

The page is django-ninja's Swagger UI: a script file of ours (ninja's swagger-ui-init.js)
reads its settings from a JSON <script> element, so no inline script is needed; the check
here keeps it that way when Swagger UI or the policy changes.
"""

import pytest
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import Page, expect

from lrba.api.api import api
from tests.e2e.test_console_clean import ConsoleWatch

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


def _operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema(path_prefix=reverse("api:api-root"))
    return [
        (method.upper(), path)
        for path, methods in schema["paths"].items()
        for method in methods
        if method in HTTP_METHODS
    ]


def test_swagger_ui_shows_every_operation_under_the_csp(page: Page) -> None:
    watched = ConsoleWatch(page)
    watched.visit(reverse("api:openapi-view"))

    policy = page.evaluate(
        "async () => (await fetch(location.href)).headers.get('content-security-policy')"
    )
    assert policy and "script-src 'self'" in policy and "unsafe-inline" not in policy, policy

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("API")
    operations = _operations()
    assert operations, "the schema has no operations to show"
    blocks = page.locator(".swagger-ui .opblock")
    expect(blocks).to_have_count(len(operations))
    for method, path in operations:
        block = page.locator(f".opblock-{method.lower()}").filter(
            has=page.locator(".opblock-summary-path", has_text=path)
        )
        expect(block.first).to_be_visible()

    # An operation opens and shows its parameters and answers (React renders them late).
    first = blocks.first
    first.locator(".opblock-summary").click()
    expect(first.locator(".responses-wrapper")).to_be_visible()
    watched.assert_clean()


@override_settings(LRBA_API_ADDRESS_RATE="100000/m")
def test_try_it_out_calls_the_api_under_the_csp(page: Page) -> None:
    """Swagger UI's "Try it out" sends the request from the page (connect-src 'self')."""
    watched = ConsoleWatch(page)
    watched.visit(reverse("api:openapi-view"))
    public = [
        (method, path)
        for method, path in _operations()
        if method == "GET" and "{" not in path and "/me/" not in path and "/staff/" not in path
    ]
    assert public, "no public list operation to try"
    method, path = public[0]
    block = (
        page.locator(".opblock-get")
        .filter(has=page.locator(".opblock-summary-path", has_text=path))
        .first
    )
    block.locator(".opblock-summary").click()
    block.get_by_role("button", name="Try it out").click()
    with page.expect_response(lambda response: path in response.url) as answer:
        block.get_by_role("button", name="Execute").click()
    assert answer.value.status == 200
    expect(
        block.locator(".live-responses-table tr.response .response-col_status").first
    ).to_contain_text("200")
    watched.assert_clean()
