"""Public certificate verification: what the verification page confirms, under its
throttle (LRBA_VERIFICATION_RATE per client address, one budget shared with the page)."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage
from ninja import Path, Router
from ninja.errors import Throttled

from lrba.api.auth import PUBLIC
from lrba.api.errors import ApiError
from lrba.api.schemas.certificates import CertificateVerificationOut
from lrba.training import selectors
from lrba.training.forms import normalise_code
from lrba.training.verification import VERIFICATION_GROUP, verification_rate

router = Router(tags=["certificates"])


@router.get(
    "/{code}",
    auth=PUBLIC,
    response=CertificateVerificationOut,
    url_name="certificate_verify",
    summary="Verify a certificate",
)
def certificate_verify(
    request: HttpRequest,
    code: str = Path(
        ...,
        max_length=40,
        description="The verification code printed on the certificate (ten letters and "
        "digits; spaces, dashes and case do not matter).",
    ),
) -> Any:
    """Confirm a certificate by its verification code, with only what is printed on it;
    404 when no certificate has the code (it is not genuine)."""
    # Codes are random, so guessing needs many tries: each one counts, found or not.
    usage = get_usage(
        request, group=VERIFICATION_GROUP, key="ip", rate=verification_rate, increment=True
    )
    if usage is not None and usage["should_limit"]:
        raise Throttled(wait=usage["time_left"])  # 429 rate_limited with Retry-After
    normalised = normalise_code(code)
    certificate = selectors.certificate_for_verification(code=normalised) if normalised else None
    if certificate is None:
        raise ApiError(404, "not_found", _("No certificate has this code — it is not genuine."))
    return certificate
