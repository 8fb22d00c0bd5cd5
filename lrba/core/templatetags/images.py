"""`{% picture %}`: an uploaded image as a responsive, lazily loaded <img>.

    {% load images %}
    {% picture image "website:news_image" item.slug sizes="(min-width: 60rem) 40rem, 100vw" %}

The URL name is the owning app's image view; its arguments are those given here followed
by the image's pk and a width (the view checks access and calls `image_response`). The
browser picks the rendition from `srcset` and `sizes`; `width` and `height` give the
aspect ratio, so the page does not jump as the picture arrives.
"""

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from lrba.core.images import SIZE_KEY, ResizedImage, rendition_widths

register = template.Library()

DEFAULT_SIZES = "(min-width: 60rem) 60rem, 100vw"


def image_alt(image: ResizedImage, language: str | None = None) -> str:
    """The alternative text in the reader's language (English when asked and written)."""
    language = (language or get_language() or "lt").split("-")[0]
    if language == "en" and image.alt_text_en:
        return image.alt_text_en
    return image.alt_text


def image_size(image: ResizedImage) -> tuple[int, int] | None:
    """The picture's width and height as seen (upright), if known."""
    size = (image.renditions or {}).get(SIZE_KEY)
    if size:
        return int(size[0]), int(size[1])
    if image.width and image.height:
        return image.width, image.height
    return None


@register.simple_tag
def picture(
    image: ResizedImage | None,
    url_name: str,
    *url_args: Any,
    sizes: str = DEFAULT_SIZES,
    loading: str = "lazy",
    css_class: str = "",
) -> SafeString | str:
    """The <img> of `image` with its renditions in `srcset`; nothing when there is no
    image. `loading="eager"` for a picture at the top of the page (the largest content)."""
    if image is None or not image.pk:
        return ""
    size = image_size(image)
    if image.renditions and len(image.renditions) > 1:
        widths = sorted(int(key) for key in image.renditions if key != SIZE_KEY)
    elif size:
        widths = rendition_widths(size[0])
    else:
        return ""
    urls = {width: reverse(url_name, args=[*url_args, image.pk, width]) for width in widths}
    srcset = ", ".join(f"{url} {width}w" for width, url in urls.items())
    # The fallback src is a middle width: good enough for a browser ignoring srcset.
    fallback = widths[min(1, len(widths) - 1)]
    width, height = widths[-1], 0
    if size:
        height = max(1, round(size[1] * widths[-1] / size[0]))
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"'
        ' loading="{}" decoding="async"{}>',
        urls[fallback],
        srcset,
        sizes,
        width,
        height or "",
        image_alt(image),
        "eager" if loading == "eager" else "lazy",
        format_html(' class="{}"', css_class) if css_class else "",
    )
