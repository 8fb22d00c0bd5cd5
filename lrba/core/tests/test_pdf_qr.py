import pytest

from lrba.core.pdf import allowed_url, render_pdf
from lrba.core.qr import qr_png, qr_svg


def test_qr_svg_is_an_inline_svg_element():
    svg = qr_svg("https://lrba.lt/pazymejimai/ABC/", title="QR")
    assert svg.startswith("<svg") and "</svg>" in svg
    assert "<?xml" not in svg


def test_qr_png_is_a_png():
    assert qr_png("x").startswith(b"\x89PNG")


@pytest.fixture
def template_dir(tmp_path, settings):
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]
    return tmp_path


def test_render_pdf_makes_a_pdf_with_lithuanian_text(template_dir):
    (template_dir / "t.html").write_text(
        '{% extends "pdf/base.html" %}{% block body %}<h1>Šiaulių ąžuolas</h1>{% endblock %}',
        encoding="utf-8",
    )
    assert render_pdf("t.html", {}).startswith(b"%PDF-")


def test_pdfs_may_load_our_static_files():
    assert allowed_url("static:img/logo.svg").endswith("/lrba/static/img/logo.svg")
    assert allowed_url("data:image/png;base64,AAAA").startswith("data:")


def test_pdfs_may_not_fetch_other_addresses(template_dir):
    with pytest.raises(ValueError):
        allowed_url("http://127.0.0.1:9/x.png")
    with pytest.raises(ValueError):
        allowed_url("file:///etc/passwd")

    (template_dir / "u.html").write_text(
        '{% extends "pdf/base.html" %}{% block body %}<img src="file:///etc/passwd">'
        "<p>Tekstas</p>{% endblock %}",
        encoding="utf-8",
    )
    # The refused resource is left out; the document is still made.
    assert render_pdf("u.html", {}).startswith(b"%PDF-")
