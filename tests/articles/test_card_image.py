import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from articles.demo_image import HEIGHT, WIDTH, draw_demo_image
from articles.models import Article
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_images(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    now = timezone.now()
    for days in (1, 2):
        article = ArticleFactory(
            image_alt="Illustratie", published_at=now - timezone.timedelta(days=days)
        )
        article.image.save(f"beeld-{days}.png", ContentFile(draw_demo_image()))


def _card_images(client):
    return re.findall(
        r'<img [^>]*class="img-fluid rounded-start"[^>]*>', client.get("/").content.decode()
    )


def test_first_card_image_loads_eagerly_with_its_size(client, with_images):
    first = _card_images(client)[0]

    assert 'loading="lazy"' not in first
    assert 'fetchpriority="high"' in first
    assert f'width="{WIDTH}"' in first and f'height="{HEIGHT}"' in first


def test_later_card_images_load_lazily_with_their_size(client, with_images):
    later = _card_images(client)[1]

    assert 'loading="lazy"' in later
    assert f'width="{WIDTH}"' in later and f'height="{HEIGHT}"' in later


def test_image_sizes_are_kept_with_the_article_so_pages_never_open_the_file(client, with_images):
    for article in Article.objects.all():
        # A page that read the file for its size would now fail or lose the size.
        default_storage.delete(article.image.name)

    images = _card_images(client)

    assert len(images) == 2
    assert all(f'width="{WIDTH}"' in image for image in images)


def test_an_image_whose_file_is_missing_leaves_its_size_unknown_and_the_page_working(client):
    ArticleFactory(image="articles/2026/verdwenen.png", image_alt="Illustratie")

    images = _card_images(client)

    assert len(images) == 1
    assert "width=" not in images[0]
