import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Article, Block
from search import signals as search_signals
from tests.articles.factories import ArticleFactory, BlockFactory, FaqEntryFactory, ListItemFactory

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ranking, compounds and typos: PostgreSQL only"
)

# Other articles on neighbouring subjects, so that ranking has something to beat.
OTHER_ARTICLES = [
    (
        "IJzertekort: moe en bleek",
        "Een tekort aan ijzer maakt je moe. Ook magnesium en zink spelen een rol.",
        "Klachten bij ijzertekort",
        ["Vermoeidheid", "Hoofdpijn", "Hartkloppingen bij inspanning"],
    ),
    (
        "Kramp in je kuit 's nachts",
        "Nachtelijke kuitkramp komt vaak voor en is meestal onschuldig.",
        "Wat helpt tegen kramp?",
        ["Rekken voor het slapen", "Genoeg drinken", "Soms magnesium, al is het effect klein"],
    ),
    (
        "Vitamine D in de winter",
        "In de winter maakt je huid weinig vitamine D aan.",
        "Wie heeft extra vitamine D nodig?",
        ["Kinderen tot 4 jaar", "Mensen met een donkere huid", "Ouderen"],
    ),
    (
        "Kalium en je bloeddruk",
        "Kalium zit in groente en fruit en helpt de bloeddruk te verlagen.",
        "Een tekort aan kalium",
        ["Spierzwakte", "Spierkrampen", "Hartritmestoornissen"],
    ),
    (
        "Zink voor je afweer",
        "Zink is een spoorelement dat je afweer ondersteunt.",
        "Voedingsmiddelen met zink",
        ["Vlees", "Volkoren brood", "Noten en zaden"],
    ),
]


@pytest.fixture
def demo(db):
    """The demo article (magnesiumtekort) among other published articles, each indexed
    once when all are written (test_index checks that load_demo indexes on its own)."""
    with search_signals.batch():
        call_command("load_demo", stdout=None)
        for title, lead, heading, items in OTHER_ARTICLES:
            article = ArticleFactory(title=title, lead=lead)
            block = BlockFactory(article=article, kind=Block.Kind.LIST, heading=heading, body="")
            for text in items:
                ListItemFactory(block=block, text=text)
            faq = BlockFactory(article=article, kind=Block.Kind.FAQ, heading="Vragen", body="")
            FaqEntryFactory(block=faq, question=f"Wanneer naar de huisarts bij {title.lower()}?")
    return Article.objects.get(slug="magnesiumtekort")
