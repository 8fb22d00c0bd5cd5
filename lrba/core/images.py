"""Images that editors and librarians upload: checked, described, resized.

Every image carries alternative text (required: screen readers read it, WCAG 1.1.1) and
is shown through renditions of a few fixed widths, lazily loaded; the original is never
sent to a browser. Files are served only through a view of the owning app that checks
who may see the image (`image_response`), never straight from MEDIA_ROOT.
"""

import io
import logging
import mimetypes
import posixpath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.http.response import HttpResponseBase
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django_tasks import task
from PIL import Image as PillowImage
from PIL import ImageOps

from lrba.core.downloads import content_disposition, file_download

IMAGE_MAX_BYTES = 15 * 1024 * 1024
# Larger pictures are refused before Pillow decodes them (a "decompression bomb" of a few
# kilobytes can claim gigabytes of memory once decoded).
IMAGE_MAX_PIXELS = 40_000_000
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
# The widths drawn for every image, in CSS pixels at most (the layout's columns).
RENDITION_WIDTHS = (480, 960, 1600)


def validate_image(file: Any) -> None:
    """Raise ValidationError unless `file` is a JPEG, PNG, WebP or GIF picture of at most
    15 MB and 40 megapixels, whatever its name says."""
    if file.size is not None and file.size > IMAGE_MAX_BYTES:
        raise ValidationError(
            _("The image is too large: at most %(limit)s.")
            % {"limit": filesizeformat(IMAGE_MAX_BYTES)},
            code="image_too_large",
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with PillowImage.open(file) as picture:
            image_format, (width, height) = picture.format, picture.size
            if width * height > IMAGE_MAX_PIXELS:
                raise _too_many_pixels()
            picture.verify()
    except ValidationError:
        raise
    except PillowImage.DecompressionBombError as error:
        # Pillow itself refuses to open a picture claiming hundreds of megapixels.
        raise _too_many_pixels() from error
    except Exception as error:  # Pillow raises many kinds on a file that is no picture
        raise ValidationError(
            _("This file is not a picture Pillow can read: upload a JPEG, PNG, WebP or GIF."),
            code="not_an_image",
        ) from error
    finally:
        file.seek(position)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(
            _("This kind of picture is not accepted: upload a JPEG, PNG, WebP or GIF."),
            code="image_format_not_allowed",
        )


class ResizedImage(models.Model):
    """An uploaded picture with its alternative text and renditions (abstract: each app
    keeps its own images beside the object they illustrate, under that object's access)."""

    image = models.ImageField(
        _("image"),
        upload_to="images/%Y/",
        max_length=255,
        width_field="width",
        height_field="height",
        validators=[validate_image],
        help_text=_("JPEG, PNG, WebP or GIF, at most 15 MB."),
    )
    width = models.PositiveIntegerField(_("width"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, editable=False)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=250,
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    alt_text_en = models.CharField(_("alternative text in English"), max_length=250, blank=True)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("author of the picture"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # {"480": "images/2026/…-480.webp", …}: drawn by `image_renditions_make` after upload.
    renditions = models.JSONField(_("renditions"), default=dict, blank=True, editable=False)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.alt_text


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("The image has too many pixels: at most %(limit)s megapixels.")
        % {"limit": IMAGE_MAX_PIXELS // 1_000_000},
        code="image_too_many_pixels",
    )


# Renditions -------------------------------------------------------------------------------
#
# `image.renditions` maps each drawn width ("480") to the stored name of a WebP file beside
# the original ("images/2026/photo-480.webp"), and "size" to the original's [width, height]
# as it is seen, i.e. after its EXIF orientation (a phone's portrait photo is stored
# landscape with an orientation tag; the model's width/height are the stored ones).
#
# When to draw them: the owner's service (or admin save) calls `image_renditions_schedule`
# after saving the image; it draws them in a background task once the transaction commits
# (a 40-megapixel upload takes a second or two). A browser asking before the task has run
# is not refused: `image_response` draws what is missing on the spot.

RENDITION_QUALITY = 82
logger = logging.getLogger(__name__)
SIZE_KEY = "size"


def rendition_widths(original_width: int) -> list[int]:
    """The widths drawn for a picture `original_width` pixels wide: each of
    RENDITION_WIDTHS narrower than it, and the original width itself up to the largest
    (never wider than the original: enlarging only blurs and costs bytes)."""
    largest = min(original_width, RENDITION_WIDTHS[-1])
    return [width for width in RENDITION_WIDTHS if width < largest] + [largest]


def _rendition_stem(image: ResizedImage) -> str:
    return posixpath.splitext(image.image.name)[0]


def _renditions_current(image: ResizedImage) -> bool:
    """The stored renditions were drawn from the current original and are all there."""
    renditions = image.renditions or {}
    names = [name for key, name in renditions.items() if key != SIZE_KEY]
    if not names or SIZE_KEY not in renditions:
        return False
    stem = _rendition_stem(image) + "-"
    storage = image.image.storage
    return all(name.startswith(stem) and storage.exists(name) for name in names)


def _oriented_picture(image: ResizedImage) -> PillowImage.Image:
    """The original, decoded and turned upright by its EXIF orientation, in a mode WebP
    can hold (RGB, or RGBA when it has transparency)."""
    with image.image.open("rb") as handle, PillowImage.open(handle) as picture:
        width, height = picture.size
        if width * height > IMAGE_MAX_PIXELS:
            raise _too_many_pixels()
        picture.load()
        upright = ImageOps.exif_transpose(picture)
    transparent = upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    )
    return upright.convert("RGBA" if transparent else "RGB")


def image_renditions_make(image: ResizedImage) -> None:
    """Draw the WebP renditions of `image` (RENDITION_WIDTHS, never wider than the
    original, turned upright by the EXIF orientation), store them through the storage
    API next to the original, and save their names in `image.renditions`.

    Idempotent: nothing is drawn when the current original's renditions are all stored.
    Renditions of a replaced original are deleted. Raises ValidationError for a file that
    is not a picture or has too many pixels (what `validate_image` refuses on upload)."""
    if not image.image:
        return
    if _renditions_current(image):
        return
    try:
        picture = _oriented_picture(image)
    except ValidationError:
        raise
    except PillowImage.DecompressionBombError as error:
        raise _too_many_pixels() from error
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("This file is not a picture Pillow can read: upload a JPEG, PNG, WebP or GIF."),
            code="not_an_image",
        ) from error
    storage = image.image.storage
    stem = _rendition_stem(image)
    stale = {name for key, name in (image.renditions or {}).items() if key != SIZE_KEY}
    renditions: dict[str, Any] = {SIZE_KEY: [picture.width, picture.height]}
    for width in rendition_widths(picture.width):
        height = max(1, round(picture.height * width / picture.width))
        resized = (
            picture
            if width == picture.width
            else picture.resize((width, height), PillowImage.Resampling.LANCZOS)
        )
        buffer = io.BytesIO()
        resized.save(buffer, "WEBP", quality=RENDITION_QUALITY, method=4)
        name = f"{stem}-{width}.webp"
        if storage.exists(name):
            storage.delete(name)  # a rendition of an earlier upload under the same name
        renditions[str(width)] = storage.save(name, ContentFile(buffer.getvalue()))
        stale.discard(renditions[str(width)])
    picture.close()
    for name in stale:
        storage.delete(name)
    image.renditions = renditions
    if image.pk:
        type(image)._default_manager.filter(pk=image.pk).update(renditions=renditions)


@task()
def image_renditions_task(model: str, pk: int) -> None:
    """`image_renditions_make` in the background for the image `pk` of `model`
    ("website.NewsImage"). An image deleted meanwhile is skipped."""
    from django.apps import apps

    image = apps.get_model(model)._default_manager.filter(pk=pk).first()
    if image is not None:
        image_renditions_make(image)


def image_renditions_schedule(image: ResizedImage) -> None:
    """Draw `image`'s renditions in a background task once the current transaction
    commits (call it from the service or admin save that stored the image)."""
    label = image._meta.label
    pk = image.pk
    transaction.on_commit(lambda: image_renditions_task.enqueue(label, pk))


def image_rendition_name(image: ResizedImage, width: int) -> str | None:
    """The stored name of the rendition to send for `width`: the narrowest at least that
    wide, else the widest; None while the renditions are not drawn yet."""
    drawn = sorted(int(key) for key in image.renditions if key != SIZE_KEY)
    if not drawn:
        return None
    chosen = next((drawn_width for drawn_width in drawn if drawn_width >= width), drawn[-1])
    return image.renditions[str(chosen)]


def image_response(image: ResizedImage, width: int, *, private: bool) -> HttpResponseBase:
    """The rendition of `image` closest to `width` (at least as wide, or the widest), shown
    inline. Call only after the access check: `private` images (members only, a help
    request's) are kept only by the visitor's own browser, public ones by any cache for a
    day. Until the background task has drawn the renditions the original is sent, briefly
    cacheable (a GET draws and writes nothing). Http404 when the file is missing."""
    name = image_rendition_name(image, width)
    if name is None:
        name = image.image.name
        if not name or not image.image.storage.exists(name):
            raise Http404
        response = file_download(image.image, private=private)
        response["Content-Disposition"] = content_disposition(posixpath.basename(name), inline=True)
        response["Content-Type"] = mimetypes.guess_type(name)[0] or "application/octet-stream"
        response["Cache-Control"] = f"{'private' if private else 'public'}, max-age=300"
        return response
    rendition = FieldFile(image, image.image.field, name)
    if not image.image.storage.exists(name):
        logger.warning("Image %s %s lost its rendition %s", image._meta.label, image.pk, name)
        raise Http404
    response = file_download(rendition, private=private)
    response["Content-Disposition"] = content_disposition(posixpath.basename(name), inline=True)
    response["Content-Type"] = "image/webp"
    response["Cache-Control"] = "private, max-age=3600" if private else "public, max-age=86400"
    return response
