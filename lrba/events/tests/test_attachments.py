"""Event attachments: checked on upload, served only through the access-checking view.

Security probe (issue 7, point 10): attachments skipped the upload checks outside one
admin form and were linked at /media/, which no server serves.
"""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lrba.events.models import Attachment
from lrba.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _attachment(event, name="Programa.pdf", content=PDF) -> Attachment:
    attachment = Attachment(
        event=event, title="Programa", file=SimpleUploadedFile(name, content, "application/pdf")
    )
    attachment.full_clean()
    attachment.save()
    return attachment


def test_an_attachment_whose_bytes_are_not_what_its_name_says_is_refused():
    fake = Attachment(
        event=EventFactory(),
        title="Programa",
        file=SimpleUploadedFile("programa.pdf", b"<script>alert(1)</script>", "application/pdf"),
    )
    with pytest.raises(ValidationError) as error:
        fake.full_clean()
    assert "file" in error.value.message_dict


def test_the_event_page_links_to_the_download_view_not_to_media(client):
    event = EventFactory()
    attachment = _attachment(event)
    html = client.get(event.get_absolute_url()).content.decode()
    assert f'href="/renginiai/priedai/{attachment.pk}/"' in html
    assert "/media/" not in html


def test_anyone_downloads_an_attachment_of_a_published_event(client):
    attachment = _attachment(EventFactory(), name="Šiaulių programa.pdf")
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="Siauliu')
    assert "filename*=UTF-8''%C5%A0iauli%C5%B3" in disposition


def test_a_draft_s_attachment_is_hidden_from_the_public_but_not_from_staff(client, staff_client):
    attachment = _attachment(EventFactory(status="draft"))
    url = attachment.get_absolute_url()
    assert staff_client.get(url).status_code == 200
    staff_client.logout()
    assert client.get(url).status_code == 404


def test_behind_nginx_the_proxy_sends_the_file(client, settings):
    settings.LRBA_SENDFILE_HEADER = "X-Accel-Redirect"
    settings.LRBA_SENDFILE_PREFIX = "/protected-media/"
    attachment = _attachment(EventFactory())
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{attachment.file.name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
