"""The symptom index: which published content mentions a symptom, and merging duplicates."""

from django.db import transaction
from django.db.models import Q

from articles.models import Article, Block, FaqEntry, ListItem, Symptom


@transaction.atomic
def merge_symptoms(keep, duplicates):
    """Move the list items of duplicates to keep and delete the duplicates.

    Returns (keep, number of symptoms merged into it).
    """
    ids = [symptom.pk for symptom in duplicates if symptom.pk != keep.pk]
    for item in ListItem.objects.filter(symptom_id__in=ids).select_related("block"):
        # One save per item: each retires its article's pages and content like an edit.
        item.symptom = keep
        item.save(update_fields=["symptom"])
    for symptom in Symptom.objects.filter(pk__in=ids):
        symptom.delete()
    return keep, len(ids)


def link_list_items(block):
    """Point every item of a symptoms list to its symptom (made if it is new)."""
    for item in block.items.filter(symptom__isnull=True):
        name = item.term or item.text
        if name.strip():
            item.symptom = Symptom.for_name(name)
            item.save(update_fields=["symptom"])


def mentions(symptom):
    """Published articles that mention the symptom, each with its sections and FAQ entries.

    A section mentions it when one of its list items is linked to the symptom or its
    heading names it; an FAQ entry when its question or answer names it.
    Returns [(article, [block, ...], [faq_entry, ...]), ...] in the articles' order.
    """
    published = Article.objects.published()
    blocks = (
        Block.objects.filter(article__in=published)
        .filter(Q(items__symptom=symptom) | Q(heading__icontains=symptom.name))
        .exclude(heading="")
        .distinct()
        .only("pk", "article_id", "heading", "anchor", "position")
        .order_by("position", "pk")
    )
    entries = (
        FaqEntry.objects.filter(block__article__in=published)
        .filter(Q(question__icontains=symptom.name) | Q(answer__icontains=symptom.name))
        .select_related("block")
        .only("pk", "question", "position", "block__article_id", "block__position")
        .order_by("block__position", "position", "pk")
    )
    sections, faq = {}, {}
    for block in blocks:
        sections.setdefault(block.article_id, []).append(block)
    for entry in entries:
        faq.setdefault(entry.block.article_id, []).append(entry)
    linked = ListItem.objects.filter(symptom=symptom).values("block__article_id")
    articles = published.filter(
        Q(pk__in=linked) | Q(pk__in=list(sections) + list(faq))
    ).select_related("category")
    return [
        (article, sections.get(article.pk, []), faq.get(article.pk, [])) for article in articles
    ]


def index():
    """The symptoms that some published article lists, A to Z, as [(letter, [symptom])]."""
    listed = ListItem.objects.filter(block__article__in=Article.objects.published())
    symptoms = Symptom.objects.filter(pk__in=listed.values("symptom_id")).order_by("key")
    letters = []
    for symptom in symptoms:
        if not letters or letters[-1][0] != symptom.letter:
            letters.append((symptom.letter, []))
        letters[-1][1].append(symptom)
    return letters
