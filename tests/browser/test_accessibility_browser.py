"""WCAG 2.2 AA in headless Chromium: axe-core finds nothing on any public page, at a
desktop and a phone width, with the site's Content-Security-Policy on; the comment form
works from the keyboard with visible focus; the brand lines up with the content."""

import pytest
from django.core.management import call_command

from articles.models import Article, Block, Symptom
from comments.models import Status
from comments.services import unsubscribe_token
from tests.articles.factories import ArticleFactory, BlockFactory, FaqEntryFactory
from tests.browser.axe import assert_no_violations
from tests.comments.factories import CommentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": (1280, 800), "phone": (375, 740)}
VISITOR = "lezer@example.com"


@pytest.fixture
def site(settings):
    """The demo article with comments over two pages, and an article with an accordion
    FAQ whose comments are closed; the error pages reachable (tests/browser/error_urls)."""
    settings.ROOT_URLCONF = "tests.browser.error_urls"
    settings.COMMENTS_PER_PAGE = 2
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    demo = Article.objects.get(slug="magnesiumtekort")
    threads = [
        CommentFactory(article=demo, status=Status.APPROVED, email=VISITOR),
        CommentFactory(article=demo, status=Status.APPROVED, website="https://example.org/"),
        CommentFactory(article=demo, status=Status.APPROVED),
    ]
    CommentFactory(article=demo, status=Status.APPROVED, parent=threads[0], text="Een antwoord.")
    closed = ArticleFactory(title="Magnesium en slaap", comments_open=False)
    faq = BlockFactory(article=closed, kind=Block.Kind.FAQ, heading="Vragen over slaap")
    FaqEntryFactory(block=faq, question="Helpt magnesium bij slapen?", answer="Soms.")
    BlockFactory(article=closed, kind=Block.Kind.NOTICE, heading="Let op", body="Vraag je arts.")
    return {"demo": demo, "closed": closed, "thread": threads[0]}


def _fill_in(page, text="Sinds ik magnesium slik, heb ik minder kramp."):
    page.fill("#id_name", "Sanne")
    page.fill("#id_email", "sanne@example.com")
    page.fill("#id_text", text)
    page.check("#id_privacy")


def _post_comment(page, settings, url, *, accepted):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0 if accepted else 60
    page.goto(url)
    _fill_in(page)
    page.click("#submit-id-submit")
    page.wait_for_load_state()


def _unsubscribe(page, settings, url):
    page.goto(url)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


# Pages that are only read (GET): all checked on one set of demo data.
PAGES = {
    "home": lambda site: "/",
    "home (English)": lambda site: "/en/",
    "category": lambda site: site["demo"].category.get_absolute_url(),
    "article": lambda site: site["demo"].get_absolute_url(),
    "article (English)": lambda site: "/en" + site["demo"].get_absolute_url(),
    "article, second page of comments": lambda site: (
        site["demo"].get_absolute_url() + "?reacties=2"
    ),
    "article, comments closed, accordion FAQ": lambda site: site["closed"].get_absolute_url(),
    "article with an open reply form": lambda site: (
        site["demo"].get_absolute_url() + f"?antwoord={site['thread'].pk}"
    ),
    "symptom index": lambda site: "/symptomen/",
    "symptom index (English)": lambda site: "/en/symptomen/",
    "symptom": lambda site: Symptom.objects.order_by("pk").first().get_absolute_url(),
    "author": lambda site: site["demo"].author.get_absolute_url(),
    "search, empty": lambda site: "/zoeken/",
    "search with results": lambda site: "/zoeken/?q=magnesium",
    "search without results": lambda site: "/zoeken/?q=xylofoon",
    "search (English)": lambda site: "/en/zoeken/?q=kramp",
    "accessibility statement": lambda site: "/toegankelijkheid/",
    "accessibility statement (English)": lambda site: "/en/toegankelijkheid/",
    "unsubscribe, confirm": lambda site: f"/reacties/afmelden/{unsubscribe_token(VISITOR)}/",
    "unsubscribe, bad link": lambda site: "/reacties/afmelden/ongeldig/",
    "404": lambda site: "/bestaat-niet/",
    "404 (English)": lambda site: "/en/bestaat-niet/",
    "400": lambda site: "/test-fout/400/",
    "403": lambda site: "/test-fout/403/",
    "405": lambda site: "/test-fout/405/",
    "500": lambda site: "/test-fout/500/",
    "503": lambda site: "/test-fout/503/",
    "comment not saved (database away)": lambda site: "/test-fout/reactie-niet-opgeslagen/",
    "admin login locked": lambda site: "/test-fout/geblokkeerd/",
}

# Pages reached by posting a form, each on demo data of its own: what one posts (a
# comment, an unsubscribed address, a count towards the rate limit) never shapes another.
# Each: what to do to get there, given (page, settings, url, site).
FORM_PAGES = {
    "article after a comment was posted": lambda site: (
        _post_comment,
        {"url": site["demo"].get_absolute_url(), "accepted": True},
    ),
    "refused comment form": lambda site: (
        _post_comment,
        {"url": site["demo"].get_absolute_url(), "accepted": False},
    ),
    "unsubscribe, done": lambda site: (
        _unsubscribe,
        {"url": f"/reacties/afmelden/{unsubscribe_token(VISITOR)}/"},
    ),
}


def _open(page, settings, live_server, site, target):
    if isinstance(target, str):
        response = page.goto(live_server.url + target)
        # The page is checked under the policy it is served with.
        assert "script-src 'self'" in response.headers["content-security-policy"]
    else:
        action, kwargs = target
        action(page, settings, **{**kwargs, "url": live_server.url + kwargs["url"]})


# The public pages run no script of their own (data blocks only), so a page loaded once
# and then resized is laid out as one loaded at that width: media queries decide.
ONLY_DATA_SCRIPTS = """() => [...document.scripts].every(
    script => ["application/json", "application/ld+json"].includes(script.type))"""


def _check_at_every_width(new_page, settings, live_server, site, subtests, name, target):
    """Load the page once, then run axe at each width in turn, each a subtest of its own
    (a failure names page and width)."""
    page = new_page()  # a context of its own: no cookie of one page reaches the next
    loaded = False
    try:
        for width, (w, h) in WIDTHS.items():
            with subtests.test(page=name, width=width):
                page.set_viewport_size({"width": w, "height": h})
                if not loaded:  # the first width, or the next one if loading failed
                    _open(page, settings, live_server, site, target)
                    assert page.evaluate(ONLY_DATA_SCRIPTS), f"{name} runs a script"
                    loaded = True
                assert page.evaluate("() => innerWidth") == w
                assert_no_violations(page, f"{name} at {width} width")
                assert page.csp_violations == []
    finally:
        page.context.close()


def test_every_page_has_no_wcag_aa_violations(live_server, new_page, settings, site, subtests):
    """Every page that is only read, at every width, on one set of demo data: building
    it per page and width took two thirds of the time."""
    for name, target in PAGES.items():
        _check_at_every_width(new_page, settings, live_server, site, subtests, name, target(site))


@pytest.mark.parametrize("name", FORM_PAGES)
def test_every_page_after_a_form_has_no_wcag_aa_violations(
    live_server, new_page, settings, site, subtests, name
):
    _check_at_every_width(
        new_page, settings, live_server, site, subtests, name, FORM_PAGES[name](site)
    )


def test_the_axe_check_finds_a_violation_when_there_is_one(live_server, new_page):
    """The check can fail: an image without alt text and a nameless button are caught."""
    page = new_page()
    page.goto(live_server.url + "/")
    page.evaluate(
        """() => {
            document.querySelector("main").insertAdjacentHTML(
                "beforeend", '<img src="/static/favicon.ico"><button></button>');
        }"""
    )
    with pytest.raises(AssertionError) as failure:
        assert_no_violations(page, "broken home")
    assert '"rule": "image-alt"' in str(failure.value)
    assert '"rule": "button-name"' in str(failure.value)


# Keyboard ---------------------------------------------------------------------------------

FOCUS_STATE = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
        id: element.id || element.name || element.tagName.toLowerCase(),
        outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
        shadow: style.boxShadow !== "none",
        box: [box.left, box.top, box.width, box.height],
        onScreen: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
            && box.left < innerWidth && box.top < innerHeight,
    };
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_the_comment_form_is_usable_from_the_keyboard_with_visible_focus(
    live_server, new_page, settings, site, width
):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    page = new_page()
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    page.emulate_media(reduced_motion="reduce")  # focus scrolls at once, not smoothly
    page.goto(live_server.url + site["demo"].get_absolute_url() + "#reageren")
    # Start just before the form's first field.
    page.focus("#id_name")
    page.keyboard.press("Shift+Tab")

    reached = []
    for _ in range(25):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state["id"] in reached:
            break
        reached.append(state["id"])
        assert state["onScreen"], f"{state['id']} has focus off screen: {state}"
        assert state["outline"] or state["shadow"], f"{state['id']} shows no focus"
        if state["id"] == "submit-id-submit":
            break

    form_fields = ["id_name", "id_email", "id_website", "id_text", "id_privacy"]
    for field in form_fields:
        assert field in reached, f"{field} not reached with Tab: {reached}"
    assert reached[-1] == "submit-id-submit"
    assert "id_homepage" not in reached  # the honeypot stays out of the way

    # Fill in and send the form with the keyboard alone.
    page.focus("#id_name")
    page.keyboard.type("Sanne")
    page.keyboard.press("Tab")
    page.keyboard.type("sanne@example.com")
    page.focus("#id_text")
    page.keyboard.type("Met het toetsenbord geschreven.")
    page.focus("#id_privacy")
    page.keyboard.press("Space")
    page.focus("#submit-id-submit")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "Bedankt voor je reactie" in page.locator("#reacties [role=status]").inner_text()


def test_the_skip_link_is_visible_when_focused_and_leads_to_the_content(live_server, new_page):
    page = new_page()
    page.goto(live_server.url + "/")

    page.keyboard.press("Tab")
    state = page.evaluate(FOCUS_STATE)
    assert state["onScreen"] and state["outline"]
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


# Layout -----------------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_the_brand_lines_up_with_the_content_and_keeps_off_the_screen_edge(
    live_server, new_page, site, width
):
    page = new_page()
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    page.goto(live_server.url + "/")

    brand = page.locator(".navbar-brand").bounding_box()
    heading = page.locator("main h1").bounding_box()
    assert abs(brand["x"] - heading["x"]) <= 1
    assert brand["x"] >= 12
