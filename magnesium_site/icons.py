"""Draw the site's favicon and touch icon, so the site needs no third-party artwork.

Run again after changing the drawing: .venv/bin/python -m magnesium_site.icons
It writes static/favicon.ico and static/apple-touch-icon.png; both are committed.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

STATIC = Path(__file__).resolve().parent.parent / "static"
GREEN = (34, 120, 80)  # the demo illustration's magnesium symbol (articles/demo_image.py)
ICO_SIZES = [(16, 16), (32, 32), (48, 48)]
TOUCH_SIZE = 180


def draw_icon(size, *, rounded=True):
    """A square icon: "Mg" in white on green; square corners where the system rounds them."""
    scale = 4  # drawn large and scaled down, for smooth edges
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    radius = big // 5 if rounded else 0
    draw.rounded_rectangle([0, 0, big - 1, big - 1], radius=radius, fill=GREEN)
    font = ImageFont.load_default(size=int(big * 0.52))
    draw.text((big / 2, big / 2), "Mg", fill=(255, 255, 255), font=font, anchor="mm")
    return image.resize((size, size), Image.Resampling.LANCZOS)


def write_icons(directory=STATIC):
    directory.mkdir(parents=True, exist_ok=True)
    draw_icon(48).save(directory / "favicon.ico", sizes=ICO_SIZES)
    # iOS rounds the corners itself and shows transparency as black.
    touch = draw_icon(TOUCH_SIZE, rounded=False).convert("RGB")
    touch.save(directory / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    write_icons()
