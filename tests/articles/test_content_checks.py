import datetime
from http import HTTPStatus
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from articles.checks import check_articles, internal_link_problem
from articles.models import Article, Block
from articles.redirects import slug_changed
from tests.articles.factories import (
    ArticleFactory,
    BlockFactory,
    CategoryFactory,
    FaqEntryFactory,
    ListItemFactory,
    ReferenceFactory,
    ReviewerFactory,
)

pytestmark = pytest.mark.django_db


def problems_of(article):
    return [p for p in check_articles() if p.article.pk == article.pk]


def kinds(article):
    return {p.kind for p in problems_of(article)}


@pytest.fixture
def clean_article():
    article = ArticleFactory(title="Schoon")
    ReferenceFactory(article=article, key="bron")
    BlockFactory(article=article, heading="Kop", body="Tekst met een bron.[^bron]")
    return article


def test_a_clean_article_has_no_problems(clean_article):
    assert problems_of(clean_article) == []


def test_a_marker_without_a_reference_links_to_its_block(clean_article):
    block = BlockFactory(article=clean_article, body="Zie ook.[^weg]")

    (problem,) = problems_of(clean_article)

    assert problem.kind == "unknown-citation"
    assert "[^weg]" in problem.message
    assert problem.admin_url == reverse("admin:articles_block_change", args=[block.pk])


def test_a_marker_in_an_faq_answer_links_to_that_entry(clean_article):
    entry = FaqEntryFactory(
        block=BlockFactory(article=clean_article, kind=Block.Kind.FAQ), answer="Ja.[^weg]"
    )

    (problem,) = problems_of(clean_article)

    assert problem.admin_url == reverse("admin:articles_faqentry_change", args=[entry.pk])


def test_a_marker_inside_code_is_not_a_citation(clean_article):
    BlockFactory(article=clean_article, body="Schrijf `[^sleutel]` voor een bron.")
    assert problems_of(clean_article) == []


def test_a_reference_never_cited_links_to_the_article(clean_article):
    ReferenceFactory(article=clean_article, key="ongebruikt")

    (problem,) = problems_of(clean_article)

    assert problem.kind == "uncited-reference"
    assert "ongebruikt" in problem.message
    assert problem.admin_url == reverse("admin:articles_article_change", args=[clean_article.pk])


def test_an_image_without_credit_is_a_problem(clean_article):
    Article.objects.filter(pk=clean_article.pk).update(
        image="articles/x.png", image_alt="Een blad", image_credit=""
    )
    assert kinds(clean_article) == {"image"}


def test_empty_faq_answers_and_list_items_are_problems(clean_article):
    faq = BlockFactory(article=clean_article, kind=Block.Kind.FAQ, heading="Vragen")
    entry = FaqEntryFactory(block=faq, question="Waarom?", answer=" ")
    listing = BlockFactory(article=clean_article, kind=Block.Kind.LIST, heading="Lijst")
    ListItemFactory(block=listing, text="")
    BlockFactory(article=clean_article, kind=Block.Kind.LIST, heading="Leeg")

    found = [p for p in problems_of(clean_article) if p.kind == "empty-item"]

    urls = {p.admin_url for p in found}
    assert len(found) == 3
    assert reverse("admin:articles_faqentry_change", args=[entry.pk]) in urls
    assert reverse("admin:articles_block_change", args=[listing.pk]) in urls


def test_a_heading_that_skips_a_level_is_a_problem(clean_article):
    skipping = BlockFactory(
        article=ArticleFactory(title="Scheef"), heading="Meteen H3", heading_level=3
    )
    BlockFactory(article=clean_article, heading="Onder de kop", heading_level=3)

    (problem,) = problems_of(skipping.article)

    assert problem.kind == "heading-skip"
    assert "Meteen H3" in problem.message
    assert problem.admin_url == reverse("admin:articles_block_change", args=[skipping.pk])
    assert problems_of(clean_article) == []


def test_open_faq_questions_count_as_headings(clean_article):
    faq = BlockFactory(
        article=clean_article,
        kind=Block.Kind.FAQ,
        heading="",
        heading_level=3,
        faq_display=Block.FaqDisplay.OPEN,
    )
    FaqEntryFactory(block=faq, question="Een vraag als H4?")

    assert kinds(clean_article) == {"heading-skip"}


@pytest.mark.parametrize(
    ("href", "fine"),
    [
        ("/artikelen/bestaat-niet/", False),
        ("/artikelen/concept/", False),
        ("/artikelen/later/", False),
        ("/artikelen/online/", True),
        ("/en/artikelen/online/", True),
        ("/en/artikelen/concept/", False),
        ("/categorie/voeding/", True),
        ("/categorie/weg/", False),
        ("/nergens/", False),
        ("http://127.0.0.1:8000/artikelen/bestaat-niet/", False),
        ("https://www.thuisarts.nl/artikelen/bestaat-niet/", True),
        ("#kop", True),
        ("mailto:redactie@example.com", True),
    ],
)
def test_internal_links_must_lead_to_a_public_page(href, fine, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    category = CategoryFactory(slug="voeding")
    ArticleFactory(slug="online", category=category)
    ArticleFactory(slug="concept", draft=True)
    ArticleFactory(slug="later", published_at=timezone.now() + datetime.timedelta(days=1))

    assert (internal_link_problem(href) == "") is fine


def test_a_link_to_an_old_address_names_the_new_one(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    article = ArticleFactory(slug="nieuw")
    slug_changed(article, "oud")  # as the admin does on a rename

    assert internal_link_problem("/artikelen/oud/") == (
        "dit artikel heeft een nieuw adres: /artikelen/nieuw/. Zet dat in de link."
    )
    assert "/en/artikelen/nieuw/" in internal_link_problem("/en/artikelen/oud/")
    assert internal_link_problem("/artikelen/nieuw/") == ""


def test_an_internal_link_in_the_text_is_reported_with_its_reason(clean_article):
    ArticleFactory(slug="concept", draft=True)
    BlockFactory(article=clean_article, body="Lees [dit](/artikelen/concept/) ook.")

    (problem,) = problems_of(clean_article)

    assert problem.kind == "internal-link"
    assert "niet gepubliceerd" in problem.message


def test_an_overdue_review_is_a_problem(clean_article):
    Article.objects.filter(pk=clean_article.pk).update(
        reviewed_by=ReviewerFactory(),
        last_reviewed_on=datetime.date(2020, 1, 1),
        next_review_due=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert kinds(clean_article) == {"review-overdue"}


def test_the_command_lists_problems_with_admin_links_and_fails(clean_article):
    block = BlockFactory(article=clean_article, body="Zie.[^weg]")
    output = StringIO()

    with pytest.raises(CommandError) as error:
        call_command("check_content", stdout=output)

    assert error.value.returncode == 1
    text = output.getvalue()
    assert "Schoon" in text
    assert reverse("admin:articles_block_change", args=[block.pk]) in text


def test_the_command_says_so_when_all_is_well(clean_article):
    output = StringIO()
    call_command("check_content", stdout=output)
    assert "no problems" in output.getvalue()


def test_the_demo_content_has_no_problems():
    call_command("load_demo", stdout=StringIO())
    assert check_articles() == []


def test_the_admin_page_lists_problems_for_staff_only(client, staff_client, clean_article):
    block = BlockFactory(article=clean_article, body="Zie.[^weg]")
    url = reverse("admin:articles_content_checks")

    page = staff_client.get(url)

    assert page.status_code == HTTPStatus.OK
    html = page.content.decode()
    assert "1 probleem gevonden." in html
    assert reverse("admin:articles_block_change", args=[block.pk]) in html
    client.logout()
    assert client.get(url).status_code == HTTPStatus.FOUND  # to the login page


def test_the_admin_page_is_refused_to_staff_who_cannot_see_articles(client, django_user_model):
    user = django_user_model.objects.create_user("zonder", password="x" * 12, is_staff=True)
    client.force_login(user)

    assert client.get(reverse("admin:articles_content_checks")).status_code == HTTPStatus.FORBIDDEN
