"""The yearly register report, its exports, the command and the back-office page."""

import csv
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from openpyxl import load_workbook

from lrba.members.models import Library, Membership
from lrba.members.selectors.register import (
    parse_report_year,
    register_report,
    register_report_csv,
    register_report_xlsx,
)
from lrba.members.tests.factories import LibraryFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date
JOINED = D(2020, 2, 1)


def library_member(name="Bandomoji biblioteka", *, is_ngo=False, joined=JOINED, **membership):
    library = LibraryFactory(name=name, is_ngo=is_ngo)
    return MembershipFactory(library=library, joined_on=joined, **membership)


def person_member(*, joined=JOINED, **membership):
    return MembershipFactory(library=None, person=PersonFactory(), joined_on=joined, **membership)


def test_members_are_counted_at_the_year_end_from_their_dates():
    library_member("Kelmės biblioteka")
    person_member()
    person_member(joined=D(2025, 6, 1))
    report = register_report(year=2025)
    assert (report.members, report.legal_persons, report.natural_persons) == (3, 1, 2)
    assert (report.members_previous, report.legal_persons_previous) == (2, 1)
    assert report.natural_persons_previous == 1
    assert report.as_of == D(2025, 12, 31)


def test_a_member_that_left_later_still_counts_for_the_years_it_was_a_member():
    MembershipFactory(
        status=Membership.Status.ENDED,
        joined_on=D(2018, 1, 1),
        ended_on=D(2024, 3, 1),
        end_reason=Membership.EndReason.LEFT,
    )
    assert register_report(year=2023).members == 1
    assert register_report(year=2024).members == 0
    assert register_report(year=2024).members_previous == 1


def test_a_membership_ending_on_the_last_day_of_the_year_is_not_counted():
    MembershipFactory(
        status=Membership.Status.ENDED, joined_on=D(2018, 1, 1), ended_on=D(2024, 12, 31),
        end_reason=Membership.EndReason.LEFT,
    )  # fmt: skip
    assert register_report(year=2024).members == 0


def test_suspended_members_count_and_applicants_do_not():
    MembershipFactory(status=Membership.Status.SUSPENDED, suspended_on=D(2024, 5, 1))
    MembershipFactory(status=Membership.Status.APPLIED, joined_on=None, applied_on=D(2025, 3, 1))
    report = register_report(year=2025)
    assert report.members == 1


def test_a_member_who_rejoined_counts_once():
    person = PersonFactory()
    MembershipFactory(
        library=None, person=person, status=Membership.Status.ENDED, joined_on=D(2015, 1, 1),
        ended_on=D(2019, 1, 1), end_reason=Membership.EndReason.LEFT,
    )  # fmt: skip
    MembershipFactory(library=None, person=person, joined_on=D(2019, 6, 1))
    assert register_report(year=2025).natural_persons == 1


def test_legal_persons_are_listed_in_lithuanian_order_with_their_details():
    for name in [
        "Zarasų biblioteka",
        "Šakių biblioteka",
        "Sakių biblioteka",
        "Čekiškės biblioteka",
    ]:
        library_member(name)
    report = register_report(year=2025)
    names = [m.name for m in report.legal_person_members]
    assert names == [
        "Čekiškės biblioteka",
        "Sakių biblioteka",
        "Šakių biblioteka",
        "Zarasų biblioteka",
    ]
    first = report.legal_person_members[0]
    library = Library.objects.get(name="Čekiškės biblioteka")
    assert first.legal_entity_code == library.legal_entity_code
    assert first.municipality == "Šiaulių miesto savivaldybė"
    with translation.override("en"):
        assert (
            register_report(year=2025).legal_person_members[0].legal_form == "budgetary institution"
        )


def test_the_report_runs_a_constant_number_of_queries():
    library_member("Pirma")
    with CaptureQueriesContext(connection) as few:
        register_report(year=2025)
    for n in range(10):
        library_member(f"Biblioteka {n}")
        person_member()
    with CaptureQueriesContext(connection) as many:
        report = register_report(year=2025)
    assert report.members == 21
    assert len(many) == len(few) <= 3


def test_ngo_status_is_at_risk_when_non_ngo_legal_persons_exceed_one_third():
    library_member("Savivaldybės biblioteka")
    library_member("Bendruomenės biblioteka", is_ngo=True)
    person_member()
    report = register_report(year=2025)
    # Exactly one third is still within the limit.
    assert report.non_ngo_legal_persons == 1
    assert report.non_ngo_member_share == pytest.approx(1 / 3)
    assert report.non_ngo_vote_share == pytest.approx(1 / 3)
    assert not report.ngo_status_at_risk

    library_member("Antra savivaldybės biblioteka")
    report = register_report(year=2025)
    assert report.non_ngo_member_share == pytest.approx(0.5)
    assert report.ngo_status_at_risk


def test_fewer_than_three_members_is_flagged():
    person_member()
    person_member()
    report = register_report(year=2025)
    assert report.below_minimum
    person_member()
    assert not register_report(year=2025).below_minimum


def test_an_empty_register_is_not_a_division_by_zero():
    report = register_report(year=2025)
    assert report.members == 0
    assert report.non_ngo_member_share == 0
    assert not report.ngo_status_at_risk
    assert report.below_minimum


@pytest.mark.parametrize("value", ["abc", "1999", "3000", "20.5"])
def test_parse_report_year_rejects_bad_years(value):
    with pytest.raises(ValueError):
        parse_report_year(value)


def test_parse_report_year_uses_the_default_when_empty():
    assert parse_report_year("", default=2025) == 2025
    assert parse_report_year(" 2024 ") == 2024


def test_csv_holds_the_summary_and_the_legal_persons():
    library_member("Kelmės biblioteka")
    with translation.override("en"):
        rows = list(csv.reader(io.StringIO(register_report_csv(register_report(year=2025)))))
    assert rows[0] == ["Report year", "2025"]
    header = rows.index(["Name", "Legal form", "Legal-entity code", "Municipality", "NGO"])
    assert rows[header + 1][0] == "Kelmės biblioteka"


def test_xlsx_has_a_summary_sheet_and_a_legal_persons_sheet():
    library_member("Kelmės biblioteka")
    with translation.override("en"):
        data = register_report_xlsx(register_report(year=2025))
    workbook = load_workbook(io.BytesIO(data))
    summary, legal = workbook.worksheets
    assert summary["A1"].value == "Report year"
    assert summary["B1"].value == 2025
    assert legal["A1"].value == "Name"
    assert legal["A2"].value == "Kelmės biblioteka"


def test_the_command_prints_the_report_as_text():
    library_member("Kelmės biblioteka")
    out = io.StringIO()
    with translation.override("en"):
        call_command("register_report", "--year", "2025", stdout=out)
    assert "Kelmės biblioteka" in out.getvalue()
    assert "2025-12-31" in out.getvalue()


def test_the_command_writes_csv_and_xlsx_files(tmp_path):
    library_member("Kelmės biblioteka")
    call_command(
        "register_report",
        "--year",
        "2025",
        "--format",
        "csv",
        "--output",
        tmp_path / "r.csv",
        stdout=io.StringIO(),
    )
    assert "Kelmės biblioteka" in (tmp_path / "r.csv").read_text(encoding="utf-8")
    call_command(
        "register_report",
        "--year",
        "2025",
        "--format",
        "xlsx",
        "--output",
        tmp_path / "r.xlsx",
        stdout=io.StringIO(),
    )
    assert load_workbook(tmp_path / "r.xlsx").worksheets[1]["A2"].value == "Kelmės biblioteka"


@pytest.mark.parametrize("year", ["abc", "1800"])
def test_the_command_rejects_a_bad_year(year):
    with pytest.raises(CommandError):
        call_command("register_report", "--year", year)


# --- The back-office page (wired as admin:members_register_report) ---------------------


@pytest.fixture
def report_url():
    try:
        return reverse("admin:members_register_report")
    except NoReverseMatch:
        pytest.fail("admin:members_register_report is not wired in MembershipAdmin.get_urls yet")


def test_staff_see_the_report_with_counts_and_the_legal_persons(staff_client, report_url):
    library_member("Kelmės biblioteka")
    response = staff_client.get(report_url, {"year": 2025})
    assert response.status_code == 200
    assert response.context["report"].year == 2025
    assert "Kelmės biblioteka" in response.content.decode()


def test_the_page_warns_when_the_ngo_status_is_at_risk(staff_client, report_url):
    library_member("Kelmės biblioteka")
    response = staff_client.get(report_url, {"year": 2025})
    assert response.context["report"].ngo_status_at_risk
    assert len(response.context["warnings"]) == 2  # over one third, fewer than 3 members


def test_a_bad_year_shows_an_error_and_the_current_year(staff_client, report_url):
    response = staff_client.get(report_url, {"year": "abc"})
    assert response.status_code == 200
    assert response.context["error"]
    assert response.context["report"].year == datetime.date.today().year


def test_the_page_downloads_csv_and_xlsx(staff_client, report_url):
    library_member("Kelmės biblioteka")
    response = staff_client.get(report_url, {"year": 2025, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert "Kelmės biblioteka" in response.content.decode("utf-8-sig")
    response = staff_client.get(report_url, {"year": 2025, "format": "xlsx"})
    assert (
        load_workbook(io.BytesIO(response.content)).worksheets[1]["A2"].value == "Kelmės biblioteka"
    )


def test_people_without_staff_rights_cannot_open_the_report(member_client, report_url):
    response = member_client.get(report_url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_an_unknown_legal_form_makes_the_ngo_test_say_it_cannot_be_computed():
    library_member("Savivaldybės biblioteka")
    library_member("Bendruomenės biblioteka", is_ngo=True)
    unknown = library_member("Nežinomos formos biblioteka").library
    Library.objects.filter(pk=unknown.pk).update(legal_form="")
    with translation.override("en"):
        report = register_report(year=2025)
        assert report.unknown_legal_forms == 1
        assert not report.ngo_test_computable
        assert report.ngo_status_at_risk is None  # neither "at risk" nor "within the limit"
        from lrba.members.selectors.register import register_report_text, register_report_warnings

        assert any("cannot be computed" in w for w in register_report_warnings(report))
        text = register_report_text(report)
        assert "Nežinomos formos biblioteka (unknown" in text
        assert "cannot be computed" in text


def test_known_legal_forms_let_the_ngo_test_be_computed():
    library_member("Savivaldybės biblioteka")
    report = register_report(year=2025)
    assert report.ngo_test_computable
    assert report.ngo_status_at_risk is True


def test_the_page_says_the_ngo_test_cannot_be_computed_for_an_unknown_legal_form(
    staff_client, report_url
):
    unknown = library_member("Nežinomos formos biblioteka").library
    Library.objects.filter(pk=unknown.pk).update(legal_form="")
    response = staff_client.get(report_url, {"year": 2025}, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.context["report"].ngo_status_at_risk is None
    assert "Within the limit" not in html and "NGO status at risk." not in html
    assert "cannot be computed" in html.lower()
