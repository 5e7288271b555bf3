"""Draw the demo article's illustration, so the demo needs no third-party image."""

from io import BytesIO

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630


def draw_demo_image():
    """Return PNG bytes: a stylised magnesium symbol among leaf, nut and grain shapes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), (232, 244, 236))
    draw = ImageDraw.Draw(image)
    centre = (WIDTH // 2, HEIGHT // 2)
    for radius, colour in ((250, (190, 225, 205)), (180, (120, 190, 150))):
        draw.ellipse(
            [centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius],
            outline=colour,
            width=6,
        )
    draw.ellipse(
        [centre[0] - 110, centre[1] - 110, centre[0] + 110, centre[1] + 110], fill=(34, 120, 80)
    )
    font = ImageFont.load_default(size=120)
    draw.text(centre, "Mg", fill=(255, 255, 255), font=font, anchor="mm")
    # A leaf, an almond and an ear of grain around the symbol.
    draw.ellipse([120, 120, 320, 220], fill=(76, 160, 70))
    draw.line([130, 170, 310, 170], fill=(40, 100, 40), width=4)
    draw.ellipse([900, 420, 1040, 500], fill=(181, 128, 74))
    for step in range(5):
        y = 380 + step * 40
        draw.ellipse([150, y, 200, y + 36], fill=(214, 171, 80))
        draw.ellipse([205, y, 255, y + 36], fill=(214, 171, 80))
    draw.line([202, 370, 202, 600], fill=(160, 120, 50), width=5)
    draw.ellipse([930, 110, 1080, 230], fill=(240, 240, 235), outline=(200, 200, 190), width=4)
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
