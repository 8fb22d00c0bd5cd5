"""Images that editors and librarians upload: checked, described, resized.

Every image carries alternative text (required: screen readers read it, WCAG 1.1.1) and
is shown through renditions of a few fixed widths, lazily loaded; the original is never
sent to a browser. Files are served only through a view of the owning app that checks
who may see the image (`image_response`), never straight from MEDIA_ROOT.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image as PillowImage

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
                raise ValidationError(
                    _("The image has too many pixels: at most %(limit)s megapixels.")
                    % {"limit": IMAGE_MAX_PIXELS // 1_000_000},
                    code="image_too_many_pixels",
                )
            picture.verify()
    except ValidationError:
        raise
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
