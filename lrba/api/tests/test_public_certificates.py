"""/api/v1/certificates/{code}: the public verification, as the verification page."""

import pytest
from django.urls import reverse

from lrba.core.association import association
from lrba.training.models import Certificate
from lrba.training.services.certificates import certificate_revoke
from lrba.training.tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


def _url(code: str) -> str:
    return f"/api/v1/certificates/{code}"


@pytest.fixture
def certificate():
    return CertificateFactory(full_name="Aušra Žemaitienė")


def test_a_genuine_certificate_says_what_is_printed_on_it(client, certificate):
    response = client.get(_url(certificate.verification_code), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    answer = response.json()
    assert answer == {
        "number": certificate.number,
        "full_name": "Aušra Žemaitienė",
        "programme": certificate.programme.title,
        "hours": "8.0",
        "issued_on": certificate.issued_on.isoformat(),
        "issued_by": association().name,
        "status": "valid",
        "status_label": "Valid",
        "genuine": True,
        "valid": True,
        "revoked_at": None,
        "replaced": False,
        "verification_url": "http://testserver"
        + reverse("training:verify", args=[certificate.verification_code]),
    }
    # The person behind it stays private, as on the page.
    assert "email" not in response.content.decode()


def test_the_code_is_read_as_the_page_reads_it(client, certificate):
    code = certificate.verification_code
    typed = f"{code[:5].lower()}-{code[5:]}"

    assert client.get(_url(typed)).json()["number"] == certificate.number


def test_a_revoked_certificate_is_shown_as_revoked_in_the_requests_language(
    client, certificate, django_user_model
):
    staff = django_user_model.objects.create_user(email="sekretoriatas@example.lt", password="x")
    certificate_revoke(certificate=certificate, by=staff, reason="Klaida")

    en = client.get(_url(certificate.verification_code), HTTP_ACCEPT_LANGUAGE="en").json()
    lt = client.get(_url(certificate.verification_code), HTTP_ACCEPT_LANGUAGE="lt").json()

    assert (en["status"], en["valid"], en["status_label"]) == ("revoked", False, "Revoked")
    assert en["revoked_at"] is not None
    assert lt["status_label"] != "Revoked"


@pytest.mark.parametrize("code", ["ABCDEFGHJK", "0OIL1", "%3Cscript%3E", "A" * 30, "AB%00CDEFGH"])
def test_an_unknown_or_malformed_code_is_a_404_saying_it_is_not_genuine(client, code):
    before = list(Certificate.objects.values_list("pk", "status"))

    response = client.get(_url(code), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "not_found"
    assert "not genuine" in error["message"]
    assert list(Certificate.objects.values_list("pk", "status")) == before


def test_lookups_share_the_pages_budget_per_address(client, settings, certificate):
    settings.LRBA_VERIFICATION_RATE = "3/m"

    statuses = [client.get(_url("ABCDEFGHJK")).status_code for _ in range(2)]
    statuses.append(client.get("/pazymejimai/ABCDEFGHJK/").status_code)
    statuses.append(client.get(_url(certificate.verification_code)).status_code)

    assert statuses == [404, 404, 404, 429]
    limited = client.get(_url(certificate.verification_code))
    assert limited.json()["error"]["code"] == "rate_limited"


def test_the_throttle_counts_the_real_client_behind_a_trusted_proxy(client, settings):
    settings.LRBA_TRUSTED_PROXIES = [PROXY]
    settings.LRBA_VERIFICATION_RATE = "2/m"

    def lookup(forwarded: str, remote: str = PROXY) -> int:
        return client.get(
            _url("ABCDEFGHJK"), REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded
        ).status_code

    assert [lookup("203.0.113.1") for _ in range(3)] == [404, 404, 429]
    assert lookup("203.0.113.2") == 404
    # From outside, a forged header changes nothing: the address is the sender's.
    assert [lookup(f"203.0.113.{n}", remote="198.51.100.7") for n in range(3)] == [404, 404, 429]
