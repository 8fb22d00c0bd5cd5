"""Uploaded images: what is refused, the renditions drawn, the <img> the pages show."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.template import Context, Template
from django.utils import translation
from PIL import Image

from lrba.core.images import (
    RENDITION_WIDTHS,
    image_renditions_make,
    image_renditions_schedule,
    image_response,
    rendition_widths,
    validate_image,
)
from lrba.website.models import PageImage
from lrba.website.tests.factories import PageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def picture_bytes(size=(1200, 800), image_format="JPEG", mode="RGB", exif_orientation=None):
    buffer = io.BytesIO()
    picture = Image.new(mode, size, (200, 30, 30) if mode == "RGB" else (200, 30, 30, 128))
    kwargs = {}
    if exif_orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        kwargs["exif"] = exif
    picture.save(buffer, format=image_format, **kwargs)
    return buffer.getvalue()


def upload(content, name="nuotrauka.jpg"):
    return SimpleUploadedFile(name, content)


def png_header_claiming(width, height):
    """A tiny PNG whose header claims `width` × `height` pixels (a decompression bomb)."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0"))


def page_image(content=None, **fields):
    image = PageImage(
        page=PageFactory(), alt_text=fields.pop("alt_text", "Skaitykla su langais"), **fields
    )
    content = content or picture_bytes()
    image.image.save("nuotrauka.jpg", ContentFile(content, name="nuotrauka.jpg"), save=False)
    image.save()
    return image


def stored_size(image, width):
    with (
        image.image.storage.open(image.renditions[str(width)]) as handle,
        Image.open(handle) as picture,
    ):
        return picture.format, picture.size


# Refused uploads ----------------------------------------------------------------------------


def test_a_text_file_named_jpg_is_refused_as_not_a_picture():
    with pytest.raises(ValidationError) as refused:
        validate_image(upload(b"Tai ne paveikslas, o tekstas.\n" * 20))
    assert refused.value.code == "not_an_image"


def test_a_picture_claiming_billions_of_pixels_is_refused_before_it_is_decoded():
    bomb = upload(png_header_claiming(100_000, 100_000), name="bomba.png")
    with pytest.raises(ValidationError) as refused:
        validate_image(bomb)
    assert refused.value.code == "image_too_many_pixels"
    assert "40" in str(refused.value.messages[0])


def test_a_picture_over_the_pixel_limit_but_under_pillows_own_is_refused_too():
    with pytest.raises(ValidationError) as refused:
        validate_image(upload(png_header_claiming(8_000, 6_000), name="didele.png"))
    assert refused.value.code == "image_too_many_pixels"


def test_a_bmp_picture_is_refused_by_its_format():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, format="BMP")
    with pytest.raises(ValidationError) as refused:
        validate_image(upload(buffer.getvalue(), name="paveikslas.bmp"))
    assert refused.value.code == "image_format_not_allowed"


def test_real_jpeg_and_png_pictures_pass_and_the_file_is_left_at_its_start():
    for content, name in ((picture_bytes(), "a.jpg"), (picture_bytes(image_format="PNG"), "a.png")):
        file = upload(content, name=name)
        validate_image(file)
        assert file.tell() == 0


# Renditions ---------------------------------------------------------------------------------


def test_renditions_are_never_wider_than_the_original():
    assert rendition_widths(3000) == list(RENDITION_WIDTHS)
    assert rendition_widths(1000) == [480, 960, 1000]
    assert rendition_widths(960) == [480, 960]
    assert rendition_widths(300) == [300]


def test_a_jpeg_gets_webp_renditions_stored_beside_the_original():
    image = page_image(picture_bytes(size=(1200, 800)))

    image_renditions_make(image)

    assert sorted(key for key in image.renditions if key != "size") == ["1200", "480", "960"]
    assert image.renditions["size"] == [1200, 800]
    original_folder = image.image.name.rsplit("/", 1)[0]
    for width in (480, 960, 1200):
        name = image.renditions[str(width)]
        assert name.startswith(original_folder + "/") and name.endswith(".webp")
        assert stored_size(image, width) == ("WEBP", (width, round(800 * width / 1200)))
    image.refresh_from_db()
    assert image.renditions["480"].endswith("-480.webp")


def test_a_photo_taken_upright_is_turned_by_its_exif_orientation():
    # Stored 1000 × 600 with "rotate 90°": seen as 600 × 1000.
    image = page_image(picture_bytes(size=(1000, 600), exif_orientation=6))

    image_renditions_make(image)

    assert image.renditions["size"] == [600, 1000]
    assert stored_size(image, 600) == ("WEBP", (600, 1000))
    assert stored_size(image, 480) == ("WEBP", (480, 800))


def test_a_transparent_png_keeps_its_transparency():
    image = page_image(picture_bytes(size=(500, 500), image_format="PNG", mode="RGBA"))

    image_renditions_make(image)

    with image.image.storage.open(image.renditions["500"]) as handle, Image.open(handle) as picture:
        assert picture.mode == "RGBA"


def test_making_renditions_twice_draws_nothing_new():
    image = page_image()
    image_renditions_make(image)
    first = dict(image.renditions)
    storage = image.image.storage
    modified = storage.get_modified_time(first["480"])

    image_renditions_make(image)

    assert image.renditions == first
    assert storage.get_modified_time(first["480"]) == modified


def test_a_replaced_original_gets_new_renditions_and_the_old_ones_are_deleted():
    image = page_image(picture_bytes(size=(2000, 1000)))
    image_renditions_make(image)
    old = [name for key, name in image.renditions.items() if key != "size"]

    replacement = picture_bytes(size=(700, 700), image_format="PNG")
    image.image.save("kita.png", ContentFile(replacement, name="kita.png"))
    image_renditions_make(image)

    assert image.renditions["size"] == [700, 700]
    assert sorted(key for key in image.renditions if key != "size") == ["480", "700"]
    storage = image.image.storage
    assert not any(storage.exists(name) for name in old)


def test_an_original_that_is_no_picture_makes_no_renditions_but_a_clear_error():
    image = page_image(b"not a picture at all")
    with pytest.raises(ValidationError) as refused:
        image_renditions_make(image)
    assert refused.value.code == "not_an_image"


def test_a_bomb_stored_past_the_upload_check_is_not_decoded():
    image = page_image()
    bomb = image.image.storage.save(
        "images/bomba.png", ContentFile(png_header_claiming(100_000, 100_000))
    )
    PageImage.objects.filter(pk=image.pk).update(image=bomb)
    image = PageImage.objects.only("pk", "image", "renditions").get(pk=image.pk)
    with pytest.raises(ValidationError) as refused:
        image_renditions_make(image)
    assert refused.value.code == "image_too_many_pixels"


def test_scheduling_draws_the_renditions_after_the_commit(django_capture_on_commit_callbacks):
    image = page_image()
    with django_capture_on_commit_callbacks(execute=True):
        image_renditions_schedule(image)
    image.refresh_from_db()
    assert "960" in image.renditions


# Responses ----------------------------------------------------------------------------------


def test_the_response_sends_the_narrowest_rendition_at_least_as_wide_as_asked():
    image = page_image(picture_bytes(size=(1200, 800)))
    image_renditions_make(image)

    response = image_response(image, 500, private=False)

    assert response["Content-Type"] == "image/webp"
    assert response["Content-Disposition"].startswith("inline")
    assert response["Cache-Control"] == "public, max-age=86400"
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as picture:
        assert picture.size == (960, 640)


def test_asking_wider_than_the_original_sends_the_widest_rendition():
    image = page_image(picture_bytes(size=(700, 350)))
    image_renditions_make(image)
    response = image_response(image, 1600, private=True)
    assert response["Cache-Control"] == "private, max-age=3600"
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as picture:
        assert picture.size == (700, 350)


def test_before_its_renditions_are_drawn_the_original_is_sent_and_nothing_written():
    image = page_image(picture_bytes(size=(1200, 800)))
    image.renditions = {}
    image.save(update_fields=["renditions"])

    response = image_response(image, 480, private=False)

    assert response["Content-Type"] == "image/jpeg"  # by its name
    assert response["Cache-Control"] == "public, max-age=300"
    image.refresh_from_db()
    assert image.renditions == {}


def test_the_response_to_an_image_whose_file_is_gone_is_not_found():
    image = page_image(picture_bytes(size=(1200, 800)))
    image.image.storage.delete(image.image.name)
    image.renditions = {}
    with pytest.raises(Http404):
        image_response(image, 480, private=False)


# The template tag ---------------------------------------------------------------------------


def render_picture(image, **extra):
    template = Template(
        '{% load images %}{% picture image "website:page_image" image.page_id'
        ' sizes="(min-width: 40rem) 40rem, 100vw" %}'
    )
    return template.render(Context({"image": image, **extra}))


def test_the_picture_tag_gives_srcset_sizes_dimensions_alt_and_lazy_loading():
    image = page_image(picture_bytes(size=(1200, 800)))
    image_renditions_make(image)

    html = render_picture(image)

    base = f"/puslapiai/{image.page_id}/paveikslai/{image.pk}"
    assert f'srcset="{base}/480/ 480w, {base}/960/ 960w, {base}/1200/ 1200w"' in html
    assert f'src="{base}/960/"' in html
    assert 'sizes="(min-width: 40rem) 40rem, 100vw"' in html
    assert 'width="1200" height="800"' in html
    assert 'alt="Skaitykla su langais"' in html
    assert 'loading="lazy" decoding="async"' in html


def test_the_picture_tag_works_before_the_renditions_are_drawn():
    image = page_image(picture_bytes(size=(600, 300)))
    html = render_picture(image)
    assert "/480/ 480w" in html and "/600/ 600w" in html
    assert 'width="600" height="300"' in html


def test_the_picture_tag_uses_the_upright_size_of_a_rotated_photo():
    image = page_image(picture_bytes(size=(1000, 600), exif_orientation=6))
    image_renditions_make(image)
    assert 'width="600" height="1000"' in render_picture(image)


def test_the_alt_text_is_escaped_and_english_for_an_english_reader():
    image = page_image(alt_text='Vaikai "skaito"<script>', alt_text_en="Children reading")
    html = render_picture(image)
    assert 'alt="Vaikai &quot;skaito&quot;&lt;script&gt;"' in html
    with translation.override("en"):
        assert 'alt="Children reading"' in render_picture(image)


def test_no_image_renders_nothing():
    assert render_picture(None) == ""
