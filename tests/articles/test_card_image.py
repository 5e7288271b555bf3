import re

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from articles.demo_image import HEIGHT, WIDTH, draw_demo_image
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
