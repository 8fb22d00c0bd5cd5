"""One way to send e-mail: templated, in the recipient's language, with attachments."""

from pathlib import Path
from types import SimpleNamespace

from django.core import mail

from lrba.core.mail import Attachment, mail_send

TEMPLATE = "members/email/application_received"


def _context() -> dict:
    return {
        "application": SimpleNamespace(
            library_name="Kelmės biblioteka", library_name_genitive="Kelmės bibliotekos"
        )
    }


def test_the_mail_is_rendered_in_the_recipient_s_language(settings):
    settings.LRBA_ASSOCIATION_NAME = "Bandomoji asociacija"
    mail_send(to="ona@example.lt", template=TEMPLATE, context=_context(), language="en")
    mail_send(to="ona@example.lt", template=TEMPLATE, context=_context(), language="lt")
    english, lithuanian = mail.outbox
    assert english.subject == "We received the membership application of Kelmės biblioteka"
    # The Lithuanian sentence takes the library's name in the genitive.
    assert lithuanian.subject == "Gavome Kelmės bibliotekos stojimo prašymą"
    # The association's name comes from the settings, in every e-mail.
    assert "Bandomoji asociacija" in english.body
    assert english.to == ["ona@example.lt"]
    assert english.from_email == settings.DEFAULT_FROM_EMAIL


def test_attachments_keep_their_type_and_parameters():
    mail_send(
        to=["ona@example.lt", "jonas@example.lt"],
        template=TEMPLATE,
        context=_context(),
        language="lt",
        attachments=[
            Attachment("kodas.png", b"\x89PNG\r\n\x1a\n", "image/png"),
            Attachment(
                "renginys.ics", b"BEGIN:VCALENDAR\r\n", "text/calendar", {"method": "PUBLISH"}
            ),
        ],
    )
    (message,) = mail.outbox
    assert message.to == ["ona@example.lt", "jonas@example.lt"]
    png, calendar = message.attachments
    assert tuple(png) == ("kodas.png", b"\x89PNG\r\n\x1a\n", "image/png")
    assert calendar.get_content_type() == "text/calendar"
    assert calendar.get_param("method") == "PUBLISH"
    assert calendar.get_filename() == "renginys.ics"


def test_no_app_sends_mail_around_the_shared_service():
    """Every e-mail goes through lrba.core.mail (language, requisites, attachments)."""
    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and path != root / "core" / "mail.py"
        and "django.core.mail" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
