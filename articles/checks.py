"""Content checks: what is wrong across all articles, each problem with the admin page
where it is fixed (``manage.py check_content`` and the admin page "Inhoudscontrole").

The checks read what visitors get, the rendered HTML, so a marker inside code or a
heading made by an FAQ entry is judged as the page shows it.
"""

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db.models import Prefetch
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.content_html import block_html
from articles.models import (
    CITATION_ANCHOR,
    Article,
    ArticleRedirect,
    Author,
    Block,
    Category,
    Symptom,
)
from articles.rendering import CITATION

_CODE = re.compile(r"<(code|pre)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_HREF = re.compile(r'<a\b[^>]*\bhref="([^"]*)"', re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    article: Article
    kind: str
    message: str
    admin_url: str

    def __str__(self):
        return self.message


KINDS = {
    "unknown-citation": gettext_lazy("Bronverwijzing zonder bron"),
    "uncited-reference": gettext_lazy("Bron die nergens wordt aangehaald"),
    "image": gettext_lazy("Afbeelding zonder alternatieve tekst of bron"),
    "empty-item": gettext_lazy("Lege vraag, antwoord of lijst"),
    "heading-skip": gettext_lazy("Kop die een niveau overslaat"),
    "internal-link": gettext_lazy("Interne link naar een pagina die er niet is"),
    "review-overdue": gettext_lazy("Medische controle te laat"),
}


def _admin(name, pk):
    return reverse(f"admin:articles_{name}_change", args=[pk])


def _text(html):
    return " ".join(_TAG.sub("", html).split())


def check_articles(articles=None):
    """Every problem in the articles (default: all), in article order."""
    if articles is None:
        articles = Article.objects.all()
    articles = articles.order_by("title", "pk").prefetch_related(
        "references",
        Prefetch(
            "blocks",
            queryset=Block.objects.prefetch_related("items", "faq_entries").order_by(
                "position", "pk"
            ),
        ),
    )
    problems = []
    today = timezone.localdate()
    for article in articles:
        problems += _article_problems(article, today)
    return problems


def _article_problems(article, today):
    problems = []
    article_admin = _admin("article", article.pk)

    def add(kind, message, url=article_admin):
        problems.append(Problem(article, kind, message, url))

    blocks = list(article.blocks.all())
    keys = {ref.key for ref in article.references.all()}
    cited = set()
    # Each piece of rendered Markdown with the admin page where its source is edited.
    pieces = []
    for block in blocks:
        block_admin = _admin("block", block.pk)
        pieces.append((block.body_html, block_admin, str(block)))
        for item in block.items.all():
            pieces.append((item.text_html, block_admin, str(block)))
            if not item.text.strip():
                add(
                    "empty-item",
                    _("Leeg lijstitem in “%(block)s”.") % {"block": block},
                    block_admin,
                )
        for entry in block.faq_entries.all():
            entry_admin = _admin("faqentry", entry.pk)
            pieces.append((entry.answer_html, entry_admin, entry.question))
            if not entry.question.strip():
                add(
                    "empty-item",
                    _("Vraag zonder tekst in “%(block)s”.") % {"block": block},
                    entry_admin,
                )
            if not entry.answer.strip():
                add(
                    "empty-item",
                    _("Vraag zonder antwoord: “%(question)s”.") % {"question": entry.question},
                    entry_admin,
                )
        if block.kind == Block.Kind.LIST and not block.items.all():
            add("empty-item", _("Lijst zonder items: “%(block)s”.") % {"block": block}, block_admin)
        if block.kind == Block.Kind.FAQ and not block.faq_entries.all():
            add(
                "empty-item",
                _("Vragenblok zonder vragen: “%(block)s”.") % {"block": block},
                block_admin,
            )

    for html, url, where in pieces:
        cited.update(key for _anchor, key in CITATION_ANCHOR.findall(html))
        for key in sorted(set(CITATION.findall(_CODE.sub("", html))) - keys):
            add(
                "unknown-citation",
                _("[^%(key)s] in “%(where)s” verwijst naar geen bron.")
                % {"key": key, "where": where},
                url,
            )
        for href in _HREF.findall(html):
            reason = internal_link_problem(href)
            if reason:
                add(
                    "internal-link",
                    _("Link in “%(where)s” naar %(href)s: %(reason)s")
                    % {"where": where, "href": href, "reason": reason},
                    url,
                )
    for ref in article.references.all():
        if ref.key not in cited:
            add(
                "uncited-reference",
                _("Bron [^%(key)s] (%(citation)s) wordt nergens in de tekst aangehaald.")
                % {"key": ref.key, "citation": ref.citation},
            )

    if article.image and not article.image_alt.strip():
        add("image", _("De afbeelding heeft geen alternatieve tekst."))
    if article.image and not article.image_credit.strip():
        add("image", _("De afbeelding heeft geen bronvermelding."))

    level = 1  # the article's title
    for block in blocks:
        for found, text in _HEADING.findall(str(block_html(block))):
            found = int(found)
            if found > level + 1:
                add(
                    "heading-skip",
                    _("Kop “%(text)s” (H%(found)d) na een H%(level)d: een niveau overgeslagen.")
                    % {"text": _text(text), "found": found, "level": level},
                    _admin("block", block.pk),
                )
            level = found

    if article.review_is_overdue(today):
        add(
            "review-overdue",
            _("De medische controle was uiterlijk %(date)s nodig.")
            % {"date": date_format(article.next_review_due, "j F Y")},
        )
    return problems


# Internal links ---------------------------------------------------------------------

_SLUG_PAGES = {
    # URL name: what must exist (and be public) for the page to answer.
    "articles:detail": lambda slug: Article.objects.published().filter(slug=slug).exists(),
    "articles:category": lambda slug: Category.objects.filter(slug=slug).exists(),
    "articles:author": lambda slug: Author.objects.filter(slug=slug).exists(),
    "articles:symptom": lambda slug: Symptom.objects.filter(slug=slug).exists(),
}


def internal_link_problem(href):
    """Why a link to this site leads nowhere public (a Dutch reason), or "" if it is fine
    or leads elsewhere."""
    parts = urlsplit(href)
    if parts.scheme not in ("", "http", "https"):
        return ""
    if parts.netloc and parts.netloc.lower() != urlsplit(settings.SITE_URL).netloc.lower():
        return ""
    if not parts.netloc and not parts.path.startswith("/"):
        return ""  # #anchor on the page itself, or a relative address the editor chose
    path = unquote(parts.path) or "/"
    language = settings.LANGUAGE_CODE
    for code, _name in settings.LANGUAGES:
        if path.startswith(f"/{code}/") and code != settings.LANGUAGE_CODE:
            language = code
    with translation.override(language):
        try:
            match = resolve(path)
        except Resolver404:
            return _("deze pagina bestaat niet.")
    exists = _SLUG_PAGES.get(match.view_name)
    if exists is None:
        return ""
    slug = match.kwargs.get("slug", "")
    if exists(slug):
        return ""
    if match.view_name == "articles:detail":
        if Article.objects.filter(slug=slug).exists():
            return _("dit artikel is (nog) niet gepubliceerd.")
        if (moved := ArticleRedirect.objects.target_for(slug)) is not None:
            # It still works (a 301), but every reader pays a redirect: report the new one.
            with translation.override(language):
                new_url = moved.get_absolute_url()
            return _("dit artikel heeft een nieuw adres: %(url)s. Zet dat in de link.") % {
                "url": new_url
            }
    return _("deze pagina bestaat niet.")
