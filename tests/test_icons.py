import re
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from PIL import Image

from magnesium_site.icons import write_icons

pytestmark = pytest.mark.django_db


def test_favicon_address_leads_to_the_projects_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == HTTPStatus.FOUND
    assert re.fullmatch(rf"{settings.STATIC_URL}favicon(\.\w+)?\.ico", response["Location"])


def test_pages_link_the_favicon_and_touch_icon(client):
    html = client.get("/").content.decode()

    assert re.search(r'<link rel="icon" href="[^"]*favicon[^"]*\.ico"', html)
    assert re.search(r'<link rel="apple-touch-icon" href="[^"]*apple-touch-icon[^"]*\.png"', html)


def test_committed_icons_are_the_ones_the_script_draws(tmp_path):
    write_icons(tmp_path)

    for name in ("favicon.ico", "apple-touch-icon.png"):
        assert (tmp_path / name).read_bytes() == Path(finders.find(name)).read_bytes(), name
    assert Image.open(tmp_path / "apple-touch-icon.png").size == (180, 180)


def _luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_checkbox_borders_have_3_to_1_contrast_on_white():
    css = Path(finders.find("css/site.css")).read_text()
    rule = re.search(r"\.form-check-input\s*\{([^}]*)\}", css)
    assert rule, "no rule for checkboxes"
    colour = re.search(r"border-color:\s*(#[0-9a-fA-F]{6})", rule.group(1)).group(1)

    assert (1.05) / (_luminance(colour) + 0.05) >= 3
