"""`{% registration_qr registration %}`: the QR code the registration desk scans."""

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from lrba.core.qr import qr_svg
from lrba.core.urls import absolute_url
from lrba.events.models import Registration

register = template.Library()


def checkin_scan_url(registration: Registration) -> str:
    """The absolute address a registration's QR code holds: the desk's check-in page for
    staff, the participant's own registration page for anyone else."""
    return absolute_url(reverse("events:checkin_scan", kwargs={"token": registration.token}))


@register.simple_tag
def registration_qr(registration: Registration, scale: int = 5) -> SafeString:
    title = _("Registration code of %(name)s") % {"name": registration.full_name}
    # segno writes the SVG itself and escapes the title: nothing user-typed is raw here.
    return mark_safe(qr_svg(checkin_scan_url(registration), scale=scale, title=title))
