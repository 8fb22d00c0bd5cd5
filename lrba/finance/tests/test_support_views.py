"""The support pages: the secretariat records and uses support and reads every report,
the auditor reads (and downloads) but writes nothing, anybody else is refused."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from conftest import lt
from lrba.finance.models import Donor, SupportGiven, SupportReceived, SupportUse
from lrba.finance.tests.factories import DonorFactory, SupportReceivedFactory, SupportUseFactory
from lrba.finance.tests.factories_support import NaturalDonorFactory

pytestmark = pytest.mark.django_db

D = Decimal

READ_PAGES: list[tuple[str, dict[str, int]]] = [
    ("finance:support_list", {}),
    ("finance:support_given_list", {}),
    ("finance:support_checks", {}),
    ("finance:report_fr0478", {}),
    ("finance:report_fr0477", {}),
    ("finance:report_pln203", {}),
    ("finance:report_donors", {}),
]
WRITE_PAGES = ["finance:support_create", "finance:support_given_create"]


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _item_form(**overrides):
    data = {
        "donor_kind": Donor.Kind.LEGAL,
        "donor_name": "UAB „Knygų rėmėjas“",
        "donor_code": "304999999",
        "received_on": "2026-03-02",
        "object": SupportReceived.Object.MONEY,
        "description": "Pinigai",
        "value": "1500.00",
        "purpose": "Kvalifikacijos tobulinimo seminaras",
        "purpose_fits_statutes": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(("name", "kwargs"), READ_PAGES)
def test_the_secretariat_and_the_auditor_read_every_support_page(
    client_for, secretary, auditor, name, kwargs
):
    SupportReceivedFactory()
    for user in (secretary, auditor):
        response = client_for(user).get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200, (user, name)


@pytest.mark.parametrize(("name", "kwargs"), READ_PAGES)
def test_a_librarian_or_a_board_member_is_refused(client_for, alice, board_member, name, kwargs):
    for user in (alice, board_member):
        assert client_for(user).get(reverse(name, kwargs=kwargs)).status_code == 403


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("finance:support_list"))
    assert response.status_code == 302
    assert "login" in response["Location"] or "prisijung" in response["Location"]


@pytest.mark.parametrize("name", WRITE_PAGES)
def test_the_auditor_may_not_open_a_form_that_writes(client_for, auditor, name):
    assert client_for(auditor).get(reverse(name)).status_code == 403


def test_the_secretariat_records_support_from_a_new_legal_person(client_for, secretary):
    response = client_for(secretary).post(reverse("finance:support_create"), _item_form())
    support = SupportReceived.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("finance:support_detail", args=[support.pk])
    assert (support.donor.name, support.donor.code) == ("UAB „Knygų rėmėjas“", "304999999")
    assert support.value == D("1500.00")


def test_money_for_a_purpose_outside_the_statutes_is_refused_on_the_form(client_for, secretary):
    data = _item_form()
    del data["purpose_fits_statutes"]
    response = client_for(secretary).post(reverse("finance:support_create"), data)
    assert response.status_code == 200
    assert not SupportReceived.objects.exists()
    assert not Donor.objects.exists()
    refusal = lt(
        "Money may be accepted only for a purpose that fits the association's statutes "
        "(Associations Law Art. 16(4)). Confirm that it fits, or refuse the support."
    )
    assert escape(refusal) in response.content.decode()


def test_the_auditor_may_not_post_support(client_for, auditor):
    response = client_for(auditor).post(reverse("finance:support_create"), _item_form())
    assert response.status_code == 403
    assert not SupportReceived.objects.exists()


def test_a_use_is_recorded_on_the_support_page_and_more_than_the_balance_refused(
    client_for, secretary
):
    support = SupportReceivedFactory(value=D("1000.00"))
    browser = client_for(secretary)
    url = reverse("finance:support_detail", args=[support.pk])
    use = {"used_on": "2026-03-10", "amount": "800.00", "purpose": "Lektoriaus honoraras"}
    assert browser.post(url, use).status_code == 302
    response = browser.post(url, {**use, "amount": "200.01"})
    assert response.status_code == 200
    assert SupportUse.objects.filter(support=support).count() == 1
    assert "200.01" in response.content.decode()
    page = browser.get(url).content.decode()
    assert "Lektoriaus honoraras" in page


def test_publicity_over_the_cap_is_recorded_with_a_warning(client_for, secretary):
    support = SupportReceivedFactory(value=D("1000.00"))
    response = client_for(secretary).post(
        reverse("finance:support_detail", args=[support.pk]),
        {"used_on": "2026-03-10", "amount": "150.00", "purpose": "Reklama", "is_publicity": "on"},
        follow=True,
    )
    assert SupportUse.objects.filter(is_publicity=True).count() == 1
    warning = lt(
        "Publicity of this donor now costs more than 10 per cent of its support: the excess counts "
        "as misused support (Law on Charity and Support Art. 8(2))."
    )
    assert escape(warning) in response.content.decode()


def test_the_auditor_sees_the_support_page_without_the_use_form_and_may_not_post(
    client_for, auditor
):
    support = SupportReceivedFactory()
    browser = client_for(auditor)
    url = reverse("finance:support_detail", args=[support.pk])
    page = browser.get(url)
    assert page.status_code == 200
    assert page.context["form"] is None
    response = browser.post(url, {"used_on": "2026-03-10", "amount": "1", "purpose": "X"})
    assert response.status_code == 403
    assert not SupportUse.objects.exists()


def test_only_the_secretariat_removes_a_use(client_for, secretary, auditor):
    use = SupportUseFactory()
    url = reverse("finance:support_use_delete", args=[use.pk])
    assert client_for(auditor).post(url).status_code == 403
    assert client_for(secretary).post(url).status_code == 302
    assert not SupportUse.objects.exists()


def test_the_secretariat_records_support_given(client_for, secretary):
    response = client_for(secretary).post(
        reverse("finance:support_given_create"),
        {
            "kind": "support",
            "recipient_kind": "legal",
            "recipient_name": "VšĮ Skaitymo namai",
            "recipient_code": "305000001",
            "given_on": "2026-05-04",
            "object": "money",
            "description": "Pinigai",
            "value": "300.00",
            "purpose": "Skaitymo skatinimas",
        },
    )
    assert response.status_code == 302
    assert SupportGiven.objects.get().recipient_code == "305000001"


def test_the_auditor_downloads_the_fr0478_figures_as_csv_and_xlsx(client_for, auditor):
    SupportReceivedFactory(
        donor=DonorFactory(name="UAB Rėmėjas"),
        value=D("1234.56"),
        received_on=datetime.date(2026, 2, 1),
    )
    browser = client_for(auditor)
    url = reverse("finance:report_fr0478")
    csv = browser.get(url, {"year": 2026, "format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert "UAB Rėmėjas" in _body(csv).decode("utf-8-sig")
    xlsx = browser.get(url, {"year": 2026, "format": "xlsx"})
    workbook = load_workbook(io.BytesIO(_body(xlsx)))
    assert lt("Donors") in workbook.sheetnames
    assert lt("Summary") in workbook.sheetnames


def test_a_report_for_a_year_out_of_range_says_so_and_shows_this_year(client_for, secretary):
    response = client_for(secretary).get(reverse("finance:report_donors"), {"year": "1800"})
    assert response.status_code == 200
    assert response.context["report"].year == datetime.date.today().year
    messages = [str(m) for m in response.context["messages"]]
    assert messages and "1800" not in response.context["query"]


def test_the_pln203_page_names_the_donor_for_the_month(client_for, secretary):
    SupportReceivedFactory(
        donor=DonorFactory(name="UAB Stambus rėmėjas"),
        value=D("15000.01"),
        received_on=datetime.date(2026, 4, 3),
    )
    browser = client_for(secretary)
    url = reverse("finance:report_pln203")
    assert "UAB Stambus rėmėjas" in browser.get(url, {"year": 2026, "month": 4}).content.decode()
    assert (
        "UAB Stambus rėmėjas" not in browser.get(url, {"year": 2026, "month": 3}).content.decode()
    )


def test_recording_the_share_while_the_ngo_test_fails_warns(client_for, secretary):
    from lrba.members.tests.factories import MembershipFactory, PersonFactory

    MembershipFactory()
    MembershipFactory()
    MembershipFactory(person=PersonFactory(), library=None)
    data = _item_form(donor_kind=Donor.Kind.GPM_SHARE, object=SupportReceived.Object.GPM_SHARE)
    response = client_for(secretary).post(reverse("finance:support_create"), data, follow=True)
    assert SupportReceived.objects.get().donor.kind == Donor.Kind.GPM_SHARE
    warning = lt(
        "The member register fails the NGO test (non-NGO legal persons hold more than one "
        "third of the members or votes): since 2025 only NGOs may receive the 1.2 per cent share "
        "(Law on Charity and Support Art. 7(1¹))."
    )
    assert escape(warning) in response.content.decode()


def test_the_back_office_form_refuses_what_the_pages_refuse():
    from lrba.finance.admin.support import SupportReceivedAdminForm

    form = SupportReceivedAdminForm(
        data={
            "donor": DonorFactory().pk,
            "received_on": "2026-03-02",
            "object": SupportReceived.Object.MONEY,
            "description": "Pinigai",
            "value": "100.00",
            "purpose": "Kita",
        }
    )
    assert not form.is_valid()
    assert "purpose_fits_statutes" in form.errors


def test_a_report_page_answers_a_post_with_method_not_allowed(client_for, secretary):
    assert client_for(secretary).post(reverse("finance:report_fr0478")).status_code == 405


def test_the_checks_page_shows_a_donor_over_the_publicity_cap_and_a_pln203_month(
    client_for, auditor
):
    today = datetime.date.today()
    donor = DonorFactory(name="UAB Garsus rėmėjas")
    support = SupportReceivedFactory(
        donor=donor, value=D("15000.01"), received_on=today.replace(day=1)
    )
    SupportUseFactory(support=support, amount=D("1600.00"), is_publicity=True, used_on=today)
    response = client_for(auditor).get(reverse("finance:support_checks"))
    checks = response.context["checks"]
    assert [row.donor for row in checks.publicity] == [donor]
    assert [row.donor for month in checks.pln203 for row in month.rows] == [donor]
    assert "UAB Garsus rėmėjas" in response.content.decode()


def test_the_list_filters_by_donor_type(client_for, secretary):
    SupportReceivedFactory(donor=DonorFactory(name="UAB Juridinis"))
    SupportReceivedFactory(donor=NaturalDonorFactory(name="Ona Fizinė"))
    response = client_for(secretary).get(
        reverse("finance:support_list"), {"donor_kind": Donor.Kind.NATURAL}
    )
    assert [item.donor.name for item in response.context["items"]] == ["Ona Fizinė"]
