from http import HTTPStatus
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Author
from articles.validators import validate_image_file
from tests.articles.factories import ArticleFactory
from tests.comments.helpers import comment_url, form_data

pytestmark = pytest.mark.django_db


def _png(size=(20, 20)):
    buffer = BytesIO()
    Image.new("RGB", size, "green").save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_real_png_is_accepted():
    validate_image_file(SimpleUploadedFile("ok.png", _png(), "image/png"))


@pytest.mark.parametrize(
    "name, content",
    [
        ("tekening.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("nep.png", b"<html><script>alert(1)</script></html>"),
        ("leeg.png", b""),
    ],
)
def test_anything_but_a_real_image_is_refused(name, content):
    with pytest.raises(ValidationError):
        validate_image_file(SimpleUploadedFile(name, content))


def test_an_oversized_image_is_refused(settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 100
    with pytest.raises(ValidationError, match="te groot"):
        validate_image_file(SimpleUploadedFile("groot.png", _png((200, 200))))


def test_svg_upload_is_refused_in_the_admin(staff_client):
    svg = SimpleUploadedFile("x.svg", b"<svg onload=alert(1)></svg>", "image/svg+xml")
    response = staff_client.post(
        "/admin/articles/author/add/", {"name": "Nieuwe auteur", "bio": "", "photo": svg}
    )
    assert response.status_code == HTTPStatus.OK
    assert "errorlist" in response.content.decode()
    assert not Author.objects.filter(name="Nieuwe auteur").exists()


def test_an_oversized_request_body_is_refused_early(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    article = ArticleFactory()
    response = client.post(comment_url(article), form_data(article, text="x" * 20_000))
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Ongeldig verzoek" in response.content.decode()
