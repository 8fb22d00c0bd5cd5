"""Uploads, rich text, the Content-Security-Policy and the templates' inline scripts."""

import base64
import hashlib
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lrba.core.csp import editor_importmap_source
from lrba.core.sanitize import sanitize_html
from lrba.core.uploads import validate_upload

LRBA = Path(settings.BASE_DIR) / "lrba"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = _zip(
    {
        "[Content_Types].xml": b'<Types><Override ContentType="application/vnd.openxmlformats-'
        b'officedocument.wordprocessingml.document.main+xml"/></Types>'
    }
)
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text"})


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.pdf", b"%PDF-1.7\n..."),
        ("a.PNG", b"\x89PNG\r\n\x1a\n...."),
        ("a.jpg", b"\xff\xd8\xff\xe0..."),
        ("a.docx", DOCX),
        ("a.odt", ODT),
    ],
)
def test_validate_upload_accepts_genuine_files(name, content):
    validate_upload(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("a.pdf", b"<html>not a pdf", "file_content_mismatch"),
        ("a.docx", ODT, "file_content_mismatch"),
        ("a.xlsx", DOCX, "file_content_mismatch"),
        ("a.exe", b"MZ...", "file_type_not_allowed"),
        ("noextension", b"%PDF-", "file_type_not_allowed"),
    ],
)
def test_validate_upload_refuses_what_is_not_what_it_claims(name, content, code):
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile(name, content))
    assert error.value.code == code


def test_validate_upload_refuses_large_files_and_unlisted_kinds():
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * 100), max_bytes=50)
    assert error.value.code == "file_too_large"
    with pytest.raises(ValidationError):
        validate_upload(SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n"), allowed=("pdf",))


def test_sanitize_html_keeps_structure_and_drops_scripts():
    dirty = (
        '<h2 onclick="x()">Apie</h2><script>alert(1)</script><p style="color:red">'
        '<a href="javascript:alert(1)">a</a> <a href="https://lrba.lt">b</a></p><img src=x>'
    )
    clean = sanitize_html(dirty)
    assert "<script" not in clean and "onclick" not in clean and "style=" not in clean
    assert "<img" not in clean and "javascript:" not in clean
    assert '<a href="https://lrba.lt" rel="noopener noreferrer">b</a>' in clean
    assert clean.startswith("<h2>Apie</h2>")


def test_the_sanitized_filter_keeps_plain_text_paragraphs():
    from lrba.core.templatetags.lrba import sanitized

    assert "<b" not in sanitized("Pirma\n\nAntra <b onclick=x>")
    assert sanitized("Vienas\n\nDu") == "<p>Vienas</p>\n\n<p>Du</p>"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_ATTRIBUTE = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def test_no_template_runs_inline_script():
    offenders = []
    for template in LRBA.glob("**/templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for match in INLINE_SCRIPT.finditer(text):
            if 'type="application/json"' not in match.group(0):
                offenders.append(f"{template}: {match.group(0)}")
        offenders += [f"{template}: {m.group(0)}" for m in EVENT_ATTRIBUTE.finditer(text)]
    assert not offenders


@pytest.mark.django_db
def _directives(header: str) -> dict[str, str]:
    """A Content-Security-Policy header as {directive: sources} (their order is free)."""
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: sources for name, sources in parts}


@pytest.mark.django_db
def test_the_site_sends_a_strict_content_security_policy(client):
    header = client.get("/").headers["Content-Security-Policy"]
    policy = _directives(header)
    # Scripts from the site itself, and the rich-text editor's import map by its hash.
    assert policy["script-src"] == f"'self' {editor_importmap_source()}"
    assert "unsafe" not in header
    assert policy["frame-ancestors"] == "'none'" and policy["form-action"] == "'self'"


@pytest.mark.django_db
def test_the_back_office_policy_allows_what_unfold_needs(staff_client):
    policy = _directives(staff_client.get("/admin/").headers["Content-Security-Policy"])
    assert policy["script-src"] == f"'self' 'unsafe-eval' {editor_importmap_source()}"
    assert policy["style-src"] == "'self' 'unsafe-inline'"


@pytest.mark.django_db
def test_the_rich_text_editor_s_import_map_is_the_one_inline_script_allowed(staff_client):
    response = staff_client.get("/admin/website/newsitem/add/")
    importmap = re.search(r'<script type="importmap">(.*?)</script>', response.text, re.S)
    assert importmap, "the news form shows the rich-text editor"
    digest = base64.b64encode(hashlib.sha256(importmap.group(1).encode()).digest()).decode()
    policy = _directives(response.headers["Content-Security-Policy"])
    assert f"'sha256-{digest}'" in policy["script-src"].split()
