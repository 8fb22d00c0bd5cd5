"""The public pages open in Lithuanian, pass axe, fit a phone and switch language."""

import re

import pytest
from playwright.sync_api import Page, expect

from lrba.core.models import County, Municipality
from lrba.website.models import Page as WebPage
from tests.e2e.helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    save_screenshot,
)

# serialized_rollback: the live server needs committed data, so each test flushes the
# database; this restores what the data migrations loaded (geography, the about page).
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PUBLIC_PAGES = [("/", "home"), ("/apie-asociacija/", "about")]


@pytest.mark.parametrize(("path", "name"), PUBLIC_PAGES)
def test_a_public_page_opens_in_lithuanian_and_passes_axe(page: Page, path: str, name: str):
    response = page.goto(path)

    assert response is not None and response.status == 200
    expect(page.locator("html")).to_have_attribute("lang", "lt")
    save_screenshot(page, name)
    assert_no_axe_violations(page)


@pytest.mark.parametrize(("path", "name"), PUBLIC_PAGES)
def test_a_public_page_fits_a_phone_screen(phone_page: Page, path: str, name: str):
    phone_page.goto(path)

    assert_no_horizontal_scroll(phone_page)
    save_screenshot(phone_page, f"{name}-phone", full_page=True)


def test_the_language_switch_goes_to_english_and_back(page: Page):
    page.goto("/apie-asociacija/")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/apie-asociacija/$"))

    page.get_by_role("button", name="Lietuviškai").click()
    expect(page.locator("html")).to_have_attribute("lang", "lt")


def test_the_data_migrations_rows_survive_the_flush_after_each_test() -> None:
    # Runs last in this module, after the live-server tests have flushed the tables.
    assert County.objects.count() == 10
    assert Municipality.objects.count() == 60
    assert WebPage.objects.filter(slug="apie-asociacija").exists()
