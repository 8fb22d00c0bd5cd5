"""Download responses: the Content-Disposition header and uploaded files."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404

from lrba.core.downloads import content_disposition, download_response, file_download
from lrba.website.models import Document


def test_an_ascii_name_is_quoted_plainly():
    assert content_disposition("lankomumas.csv") == 'attachment; filename="lankomumas.csv"'
    assert content_disposition("x.pdf", inline=True) == 'inline; filename="x.pdf"'


def test_a_lithuanian_name_has_an_ascii_fallback_and_the_exact_utf8_name():
    header = content_disposition("Šiaulių ataskaita.pdf")
    assert header == (
        'attachment; filename="Siauliu ataskaita.pdf"; '
        "filename*=UTF-8''%C5%A0iauli%C5%B3%20ataskaita.pdf"
    )


def test_a_name_cannot_break_out_of_the_header():
    header = content_disposition('a"b\\c\r\nSet-Cookie: x.pdf')
    assert "\r" not in header and "\n" not in header
    assert header.startswith('attachment; filename="a_b_cSet-Cookie: x.pdf"')
    # A path is reduced to its last part.
    assert content_disposition("../../etc/passwd") == 'attachment; filename="passwd"'


def test_download_response_sets_type_and_name():
    response = download_response(b"%PDF-", filename="a.pdf", content_type="application/pdf")
    assert response.content == b"%PDF-"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="a.pdf"'


@pytest.fixture
def stored(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = Document(title="Ataskaita")
    document.file.name = default_storage.save("documents/ataskaita.pdf", ContentFile(b"%PDF-1"))
    return document.file


def test_a_file_is_streamed_and_kept_out_of_shared_caches(stored, settings):
    settings.LRBA_SENDFILE_HEADER = ""
    response = file_download(stored)
    assert b"".join(response.streaming_content) == b"%PDF-1"
    assert response["Content-Disposition"] == 'attachment; filename="ataskaita.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert "Cache-Control" not in file_download(stored, private=False)


def test_with_a_sendfile_header_the_proxy_sends_the_file(stored, settings):
    settings.LRBA_SENDFILE_HEADER = "X-Accel-Redirect"
    settings.LRBA_SENDFILE_PREFIX = "/protected-media/"
    response = file_download(stored, filename="Ataskaita 2026.pdf")
    assert response["X-Accel-Redirect"] == "/protected-media/documents/ataskaita.pdf"
    assert response.content == b""
    assert response["Content-Disposition"] == 'attachment; filename="Ataskaita 2026.pdf"'


@pytest.mark.parametrize("header", ["", "X-Accel-Redirect"])
def test_a_missing_file_is_not_found(stored, settings, header):
    settings.LRBA_SENDFILE_HEADER = header
    default_storage.delete(stored.name)
    with pytest.raises(Http404):
        file_download(stored)
