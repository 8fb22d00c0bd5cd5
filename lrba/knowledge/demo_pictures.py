"""Pictures for the demo data, drawn with Pillow: no photographs to license or ship.

Each picture is a small, calm illustration — a sky of two colours, a sun or a moon, a
shelf of books and a badge with the initial of what it illustrates — chosen from a
palette by a key, so the same key always gives the same picture (byte for byte) and
neighbouring items look different. Used by the knowledge and website demos (the website
layer may import this one; not the other way round).
"""

import hashlib
import io
import random

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

# (sky top, sky bottom, accent): calm pairs that keep white text readable on the badge.
PALETTES = (
    ((32, 84, 122), (116, 171, 196), (242, 186, 73)),
    ((46, 110, 88), (151, 199, 160), (245, 214, 122)),
    ((120, 62, 96), (222, 148, 140), (255, 224, 160)),
    ((48, 58, 112), (132, 132, 196), (250, 200, 110)),
    ((150, 84, 40), (236, 180, 110), (255, 236, 190)),
    ((30, 100, 110), (120, 196, 190), (250, 170, 120)),
    ((82, 96, 48), (190, 204, 130), (255, 226, 140)),
    ((110, 40, 50), (214, 120, 100), (255, 210, 150)),
)
BOOK_COLOURS = (
    (196, 72, 60),
    (54, 104, 160),
    (230, 170, 60),
    (70, 140, 100),
    (150, 90, 150),
    (230, 120, 80),
    (60, 150, 160),
    (240, 220, 200),
)
FONT_FILES = ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf")


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A bold font with the Lithuanian letters (DejaVu on Debian), else Pillow's own."""
    for name in FONT_FILES:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], share: float) -> tuple[int, int, int]:
    return (
        round(a[0] + (b[0] - a[0]) * share),
        round(a[1] + (b[1] - a[1]) * share),
        round(a[2] + (b[2] - a[2]) * share),
    )


def picture_draw(*, key: str, letter: str, size: tuple[int, int] = (800, 450)) -> bytes:
    """A PNG illustration for `key` with `letter` (an initial) on its badge."""
    rng = random.Random(int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big"))
    width, height = size
    top, bottom, accent = PALETTES[rng.randrange(len(PALETTES))]
    # The sky: top colour fading into the bottom one.
    fade = Image.linear_gradient("L").resize(size)
    image = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), fade)
    draw = ImageDraw.Draw(image)
    # A sun or a moon, and soft hills.
    radius = rng.randint(height // 10, height // 6)
    cx, cy = rng.randint(width // 2, width - radius * 2), rng.randint(radius + 10, height // 3)
    draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill=accent)
    for hill in range(3):
        hx = rng.randint(-width // 4, width)
        hw = rng.randint(width // 3, width // 2 + width // 4)
        hy = height - rng.randint(height // 5, height // 3) + hill * 12
        shade = _mix(bottom, top, 0.25 + 0.15 * hill)
        draw.ellipse([hx, hy, hx + hw, hy + height], fill=shade)
    # A shelf of books along the bottom.
    shelf_y = height - height // 9
    draw.rectangle([0, shelf_y, width, height], fill=_mix(top, (40, 30, 20), 0.55))
    x = rng.randint(10, 60)
    while x < width - 20:
        book_w = rng.randint(width // 48, width // 24)
        book_h = rng.randint(height // 6, height // 3)
        colour = BOOK_COLOURS[rng.randrange(len(BOOK_COLOURS))]
        if rng.random() < 0.12:  # a leaning book now and then
            draw.polygon(
                [
                    (x, shelf_y),
                    (x + book_w, shelf_y),
                    (x + book_w + book_h // 3, shelf_y - book_h),
                    (x + book_h // 3, shelf_y - book_h),
                ],
                fill=colour,
            )
            x += book_w + book_h // 3 + 4
        else:
            draw.rectangle([x, shelf_y - book_h, x + book_w, shelf_y], fill=colour)
            band = shelf_y - book_h + book_h // 5
            draw.line([(x + 2, band), (x + book_w - 2, band)], fill=(250, 245, 235), width=2)
            x += book_w + rng.randint(1, 4)
        if rng.random() < 0.08:
            x += rng.randint(width // 20, width // 8)  # a gap on the shelf
    # The badge with the initial.
    badge = height // 4
    bx, by = rng.randint(badge + 20, width // 2 - badge), badge + height // 12
    draw.ellipse([bx - badge, by - badge, bx + badge, by + badge], fill=(255, 255, 255))
    draw.ellipse(
        [bx - badge + 8, by - badge + 8, bx + badge - 8, by + badge - 8],
        fill=_mix(top, accent, 0.2),
    )
    draw.text(
        (bx, by), letter[:1].upper() or "?", font=_font(int(badge * 1.2)), fill="white", anchor="mm"
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def picture_file(*, key: str, letter: str, name: str, size: tuple[int, int] = (800, 450)):
    """The picture as a file to assign to an ImageField (`name` ends in .png)."""
    return ContentFile(picture_draw(key=key, letter=letter, size=size), name=name)


def logo_draw(*, key: str, initials: str, size: int = 240) -> bytes:
    """A round logo with up to three initials, for a demo partner."""
    rng = random.Random(int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big"))
    top, bottom, _accent = PALETTES[rng.randrange(len(PALETTES))]
    image = Image.new("RGB", (size, size), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    draw.ellipse([4, 4, size - 4, size - 4], fill=top)
    draw.ellipse(
        [size // 8, size // 8, size - size // 8, size - size // 8], outline=bottom, width=4
    )
    text = initials[:3].upper()
    draw.text(
        (size // 2, size // 2),
        text,
        font=_font(size // (2 if len(text) < 3 else 3)),
        fill="white",
        anchor="mm",
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
