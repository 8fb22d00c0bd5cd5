"""Annual reports: which years the law wants on the site, the public page, the back
office's warning and the confirmation that a report holds no personal data."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lrba.website.dashboard import annual_reports_panel
from lrba.website.models import AnnualReport, Document
from lrba.website.selectors import annual_report_required_years, annual_reports_missing
from lrba.website.services.reports import annual_report_save
from lrba.website.tests.factories import AnnualReportFactory, DocumentFactory

pytestmark = pytest.mark.django_db

FINANCIAL = AnnualReport.Kind.FINANCIAL_STATEMENTS
ACTIVITY = AnnualReport.Kind.ACTIVITY_REPORT


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def both_reports(year):
    AnnualReportFactory(year=year, kind=FINANCIAL)
    AnnualReportFactory(year=year, kind=ACTIVITY)


# Which years are required --------------------------------------------------------------------


def test_a_year_is_required_once_approval_and_filing_time_has_passed():
    # Approved within 4 months of the year end, filed within 30 days: by 30 May.
    assert annual_report_required_years(datetime.date(2026, 5, 30)) == [2024, 2023, 2022]
    assert annual_report_required_years(datetime.date(2026, 5, 31)) == [2025, 2024, 2023]
    assert annual_report_required_years(datetime.date(2026, 11, 29)) == [2025, 2024, 2023]
    assert annual_report_required_years(datetime.date(2027, 1, 15)) == [2025, 2024, 2023]


def test_missing_years_list_each_kind_absent():
    today = datetime.date(2026, 11, 29)
    both_reports(2025)
    AnnualReportFactory(year=2024, kind=FINANCIAL)

    assert annual_reports_missing(today) == [(2024, [ACTIVITY]), (2023, [FINANCIAL, ACTIVITY])]


def test_a_report_whose_document_is_not_public_does_not_count():
    today = datetime.date(2026, 11, 29)
    for year in (2025, 2024, 2023):
        both_reports(year)
    report = AnnualReport.objects.get(year=2024, kind=ACTIVITY)
    Document.objects.filter(pk=report.document_id).update(access=Document.Access.MEMBERS)

    assert annual_reports_missing(today) == [(2024, [ACTIVITY])]


# The back office's warning -------------------------------------------------------------------


def test_the_panel_warns_about_each_missing_report_of_the_required_years():
    now = timezone.make_aware(datetime.datetime(2026, 11, 29, 12))
    both_reports(2025)

    panel = annual_reports_panel(now=now)

    assert panel.count == 4 and panel.overdue == 4
    assert [row.text.split(":")[0] for row in panel.rows] == ["2024", "2023"]
    assert all(row.overdue for row in panel.rows)
    assert "year=2024" in panel.rows[0].url


def test_the_panel_is_quiet_when_the_three_years_are_there():
    now = timezone.make_aware(datetime.datetime(2026, 11, 29, 12))
    for year in (2025, 2024, 2023):
        both_reports(year)

    panel = annual_reports_panel(now=now)

    assert panel.count == 0 and panel.rows == []


def test_before_the_deadline_the_newest_year_is_not_yet_required():
    now = timezone.make_aware(datetime.datetime(2026, 4, 1, 12))
    for year in (2024, 2023, 2022):
        both_reports(year)
    assert annual_reports_panel(now=now).count == 0


# Saving a report -----------------------------------------------------------------------------


def test_a_report_without_the_personal_data_confirmation_is_refused():
    report = AnnualReport(year=2025, kind=FINANCIAL, document=DocumentFactory())
    with pytest.raises(ValidationError) as refused:
        annual_report_save(report=report)
    assert "without_personal_data" in refused.value.message_dict
    assert not AnnualReport.objects.exists()


def test_a_report_with_a_members_only_document_is_refused():
    document = DocumentFactory(access=Document.Access.MEMBERS)
    report = AnnualReport(year=2025, kind=FINANCIAL, document=document, without_personal_data=True)
    with pytest.raises(ValidationError) as refused:
        annual_report_save(report=report)
    assert "document" in refused.value.message_dict


def test_a_second_report_of_the_same_kind_and_year_is_refused():
    AnnualReportFactory(year=2025, kind=FINANCIAL)
    report = AnnualReport(
        year=2025, kind=FINANCIAL, document=DocumentFactory(), without_personal_data=True
    )
    with pytest.raises(ValidationError):
        annual_report_save(report=report)


def test_the_admin_requires_the_confirmation(staff_client):
    document = DocumentFactory()
    url = reverse("admin:website_annualreport_add")
    data = {"year": 2025, "kind": FINANCIAL, "document": document.pk, "approval": "VNS 2026-04-20"}

    refused = staff_client.post(url, data)
    assert refused.status_code == 200
    assert not AnnualReport.objects.exists()

    accepted = staff_client.post(url, {**data, "without_personal_data": "on"})
    assert accepted.status_code == 302
    assert AnnualReport.objects.get().approval == "VNS 2026-04-20"


def test_the_auditor_cannot_add_a_report(client_for, auditor):
    response = client_for(auditor).post(
        reverse("admin:website_annualreport_add"),
        {"year": 2025, "kind": FINANCIAL, "document": DocumentFactory().pk},
    )
    assert response.status_code == 403


# The public page -----------------------------------------------------------------------------


def test_the_public_page_groups_the_reports_by_year_newest_first(client):
    both_reports(2024)
    AnnualReportFactory(year=2025, kind=ACTIVITY, approved_on=datetime.date(2026, 4, 20))

    response = client.get(reverse("website:annual_reports"))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("2025") < html.index("2024")
    assert [entry.year for entry in response.context["years"]] == [2025, 2024]
    assert [r.kind for r in response.context["years"][1].reports] == [FINANCIAL, ACTIVITY]
    report = AnnualReport.objects.get(year=2025)
    assert reverse("website:document_download", args=[report.document_id]) in html
    assert "2026-04-20" in html


def test_a_report_not_cleared_of_personal_data_is_not_shown(client):
    report = AnnualReportFactory(year=2025, without_personal_data=False)
    html = client.get(reverse("website:annual_reports")).content.decode()
    assert reverse("website:document_download", args=[report.document_id]) not in html


def test_the_page_says_so_when_nothing_is_published(client):
    response = client.get(reverse("website:annual_reports"))
    assert response.status_code == 200
    assert response.context["years"] == []
