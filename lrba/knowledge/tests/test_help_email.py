"""Replies by e-mail: a real RFC 822 message (built with the email package) goes into the
request's conversation through `help_reply_from_email`, the anymail inbound signal and
`manage.py helpdesk_receive`."""

import io
import sys
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import translation

from lrba.knowledge.models import HelpMessage, HelpRequest
from lrba.knowledge.services import helpdesk


@pytest.fixture(autouse=True)
def _in_english():
    """The refusals are read in English here (the interface's Lithuanian is tested apart)."""
    with translation.override("en"):
        yield


pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%test\n"
QUOTED = (
    "\n\n2026-05-04, pirm., 10:15, LRBA <pagalba@lrba.lt> rašė:\n"
    "> Pradėkite nuo taisyklių.\n> Sėkmės!\n"
)


def reply(
    help_request: HelpRequest,
    *,
    sender: str,
    text: str = "Ačiū, viskas aišku.",
    message_id: str | None = None,
    attachments: tuple[tuple[str, bytes, str], ...] = (),
    to: str | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"Siuntėjas <{sender}>"
    message["To"] = to or helpdesk.help_reply_address(help_request)
    message["Subject"] = f"Re: [{help_request.number}] {help_request.subject}"
    message["Message-ID"] = message_id or make_msgid(domain="example.lt")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text + QUOTED)
    for filename, content, mimetype in attachments:
        maintype, subtype = mimetype.split("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return message


def test_a_reply_by_e_mail_lands_in_the_conversation_without_the_quote(
    asked, alice, consultant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = helpdesk.help_reply_from_email(message=reply(asked, sender=alice.email))

    assert outcome.outcome == "kept"
    kept = outcome.message
    assert kept.body == "Ačiū, viskas aišku."
    assert kept.channel == HelpMessage.Channel.EMAIL
    assert kept.author == alice
    assert not kept.is_internal
    # The consultant hears of it, with the same reply address.
    (notice,) = mail.outbox
    assert notice.to == [consultant.email]
    assert notice.reply_to == [helpdesk.help_reply_address(asked)]


def test_the_consultant_s_answer_by_e_mail_answers_the_request(asked, consultant):
    outcome = helpdesk.help_reply_from_email(
        message=reply(asked, sender=consultant.email.upper(), text="Pradėkite nuo taisyklių.")
    )

    asked.refresh_from_db()
    assert outcome.message.author == consultant
    assert asked.status == HelpRequest.Status.ANSWERED
    assert asked.first_response_at is not None


def test_attachments_of_the_e_mail_are_kept_and_a_refused_one_is_named(asked, bob):
    message = reply(
        asked,
        sender=bob.email,
        attachments=(
            ("planas.pdf", PDF, "application/pdf"),
            ("virusas.exe", b"MZ....", "application/octet-stream"),
        ),
    )

    outcome = helpdesk.help_reply_from_email(message=message)

    names = [attachment.original_name for attachment in outcome.message.attachments.all()]
    assert names == ["planas.pdf"]
    assert "virusas.exe" in outcome.message.body


def test_the_same_e_mail_delivered_twice_is_kept_once(asked, alice):
    message = reply(asked, sender=alice.email, message_id="<vienas@example.lt>")

    first = helpdesk.help_reply_from_email(message=message)
    second = helpdesk.help_reply_from_email(message=message)

    assert first.outcome == "kept"
    assert second.outcome == "duplicate"
    assert asked.messages.filter(channel=HelpMessage.Channel.EMAIL).count() == 1


def test_a_reply_to_a_closed_request_is_kept_as_a_note_and_the_sender_is_told(
    asked, alice, consultant, django_capture_on_commit_callbacks
):
    helpdesk.help_request_status_set(
        help_request=asked, status=HelpRequest.Status.CLOSED, by=consultant
    )

    with django_capture_on_commit_callbacks(execute=True):
        outcome = helpdesk.help_reply_from_email(
            message=reply(
                asked,
                sender=alice.email,
                text="Dar vienas klausimas.",
                attachments=(("planas.pdf", PDF, "application/pdf"),),
            )
        )

    asked.refresh_from_db()
    assert outcome.outcome == "closed"
    assert asked.status == HelpRequest.Status.CLOSED
    note = outcome.message
    assert note.is_internal
    assert "Dar vienas klausimas." in note.body
    assert note.attachments.count() == 1
    (answer,) = mail.outbox
    assert answer.to == [alice.email]
    assert asked.number in answer.subject
    assert answer.extra_headers["Auto-Submitted"] == "auto-replied"
    assert "/metodine-pagalba/klausti/" in answer.body


def test_a_second_delivery_of_a_late_reply_is_not_answered_twice(
    asked, alice, consultant, django_capture_on_commit_callbacks
):
    helpdesk.help_request_status_set(
        help_request=asked, status=HelpRequest.Status.CLOSED, by=consultant
    )
    message = reply(asked, sender=alice.email)

    with django_capture_on_commit_callbacks(execute=True):
        helpdesk.help_reply_from_email(message=message)
        helpdesk.help_reply_from_email(message=message)

    assert len(mail.outbox) == 1


def test_an_out_of_office_answer_is_kept_as_a_note_and_not_answered(
    asked, alice, django_capture_on_commit_callbacks
):
    message = reply(asked, sender=alice.email, headers={"Auto-Submitted": "auto-replied"})

    with django_capture_on_commit_callbacks(execute=True):
        outcome = helpdesk.help_reply_from_email(message=message)

    assert outcome.message.is_internal
    assert mail.outbox == []


def test_a_stranger_s_e_mail_is_refused(asked, carol):
    with pytest.raises(helpdesk.HelpEmailRefused, match="not a party"):
        helpdesk.help_reply_from_email(message=reply(asked, sender=carol.email))
    assert asked.messages.count() == 1


def test_an_e_mail_to_an_unknown_code_is_refused(asked, alice):
    local, domain = helpdesk.help_base_address()
    message = reply(asked, sender=alice.email, to=f"{local}+nezinomas@{domain}")

    with pytest.raises(helpdesk.HelpEmailRefused, match="nezinomas"):
        helpdesk.help_reply_from_email(message=message)


def test_the_code_is_found_in_delivered_to_when_to_is_the_plain_address(asked, alice):
    local, domain = helpdesk.help_base_address()
    message = reply(asked, sender=alice.email, to=f"{local}@{domain}")
    message["Delivered-To"] = helpdesk.help_reply_address(asked)

    assert helpdesk.help_reply_from_email(message=message).outcome == "kept"


def test_the_command_reads_a_message_from_a_file(asked, alice, tmp_path):
    path = tmp_path / "laiskas.eml"
    path.write_bytes(bytes(reply(asked, sender=alice.email)))
    out = io.StringIO()

    call_command("helpdesk_receive", str(path), stdout=out)

    assert f"{asked.number}: kept" in out.getvalue()
    assert asked.messages.count() == 2


def test_the_command_reads_standard_input(asked, alice, monkeypatch):
    raw = bytes(reply(asked, sender=alice.email))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))

    call_command("helpdesk_receive", stdout=io.StringIO())

    assert asked.messages.count() == 2


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty"),
        (b"this is not an e-mail at all", "not an e-mail"),
    ],
)
def test_the_command_fails_clearly_on_bad_input(tmp_path, raw, reason):
    path = tmp_path / "blogas.eml"
    path.write_bytes(raw)

    with pytest.raises(CommandError, match=reason):
        call_command("helpdesk_receive", str(path))


def test_the_command_fails_clearly_on_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("helpdesk_receive", str(tmp_path / "nera.eml"))


def test_the_command_fails_on_an_e_mail_from_a_stranger(asked, carol, tmp_path):
    path = tmp_path / "svetimas.eml"
    path.write_bytes(bytes(reply(asked, sender=carol.email)))

    with pytest.raises(CommandError, match="not a party"):
        call_command("helpdesk_receive", str(path))


def test_the_mail_provider_s_inbound_signal_lands_in_the_conversation(asked, alice):
    from anymail.inbound import AnymailInboundMessage
    from anymail.signals import AnymailInboundEvent, inbound

    import lrba.knowledge.receivers  # noqa: F401  (connected by the app; imported for sure)

    message = AnymailInboundMessage.parse_raw_mime_bytes(bytes(reply(asked, sender=alice.email)))
    event = AnymailInboundEvent(event_type="inbound", message=message)

    inbound.send(sender=object, event=event, esp_name="Test")

    assert asked.messages.filter(channel=HelpMessage.Channel.EMAIL).count() == 1


def test_the_inbound_signal_logs_a_refused_e_mail_and_does_not_fail(asked, carol, caplog):
    from anymail.inbound import AnymailInboundMessage
    from anymail.signals import AnymailInboundEvent, inbound

    import lrba.knowledge.receivers  # noqa: F401

    message = AnymailInboundMessage.parse_raw_mime_bytes(bytes(reply(asked, sender=carol.email)))

    inbound.send(
        sender=object, event=AnymailInboundEvent(event_type="inbound", message=message), esp_name=""
    )

    assert "refused" in caplog.text
    assert asked.messages.count() == 1


def test_quoted_lines_and_the_signature_are_cut_off():
    text = "Ačiū!\n\n-- \nAlė Aukštaitė\n\nOn Mon, 4 May 2026 LRBA wrote:\n> senas"

    assert helpdesk.reply_text_strip(text) == "Ačiū!"
