"""An article's revisions as trees, and what changed between two of them.

django-reversion keeps one revision of the whole article per admin save (the follow
rules are in articles.admin). Here a revision, or the article as it is now, becomes a
Snapshot: the article's fields and its blocks (with their list items or FAQ entries) and
references, each in its order. compare() tells what was added, removed, changed or moved;
summary() puts that in a short Dutch sentence for the history.
"""

import datetime
import difflib
import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

import reversion
from django.dispatch import receiver
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from reversion.models import Version
from reversion.signals import pre_revision_commit

from articles.models import (
    Article,
    Block,
    FaqEntry,
    ListItem,
    Reference,
    Synonym,
)

# Never kept in a revision, so never set back by a restore: derived from the rest, a
# counter that must only grow, or a record of who did what when (saves, medical reviews).
EXCLUDED_FIELDS = {
    Article: [
        "content_version",
        "saved_at",
        "saved_by",
        "reviewed_by",
        "last_reviewed_on",
        "next_review_due",
        "review_reminder_sent_for",
    ],
    Block: ["body_html"],
    ListItem: ["text_html"],
    FaqEntry: ["answer_html"],
    Reference: [],
    Synonym: [],
}
_NOT_COMPARED = {"id", "position", "article", "block", "created_at", "updated_at", "updated_by"}


def _compared_fields(model):
    """Every field an editor sets (for a part: not its parent or position)."""
    skip = _NOT_COMPARED | set(EXCLUDED_FIELDS[model])
    return [f.name for f in model._meta.concrete_fields if f.editable and f.name not in skip]


# What the history compares.
COMPARED_FIELDS = {model: _compared_fields(model) for model in EXCLUDED_FIELDS}
_NAMES = {
    Block: (gettext_lazy("blok"), gettext_lazy("blokken")),
    ListItem: (gettext_lazy("lijstitem"), gettext_lazy("lijstitems")),
    FaqEntry: (gettext_lazy("veelgestelde vraag"), gettext_lazy("veelgestelde vragen")),
    Reference: (gettext_lazy("literatuurverwijzing"), gettext_lazy("literatuurverwijzingen")),
    Synonym: (gettext_lazy("synoniem"), gettext_lazy("synoniemen")),
}


@dataclass
class Node:
    """One row of a snapshot: its model, primary key, compared values and children."""

    model: type
    pk: int
    values: dict
    position: tuple = ()
    children: list = field(default_factory=list)

    @property
    def label(self):
        values = self.values
        if self.model is Block:
            return values["heading"] or _shorten(values["body"]) or f"#{self.pk}"
        if self.model is ListItem:
            return values["term"] or _shorten(values["text"])
        if self.model is FaqEntry:
            return values["question"]
        if self.model is Reference:
            return values["key"]
        if self.model is Synonym:
            return values["term"]
        return values.get("title", "")


@dataclass
class Snapshot:
    article: Node
    blocks: list
    references: list
    synonyms: list


def _shorten(text, length=60):
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _values(model, row):
    """Compared values from a row dict keyed by attname (reversion's field_dict, or live)."""
    values = {}
    for name in COMPARED_FIELDS[model]:
        model_field = model._meta.get_field(name)
        values[name] = row.get(model_field.attname)
    return values


def _build(rows):
    """rows: (model, pk, {attname: value}) for one article and its parts."""
    by_model = {}
    for model, pk, row in rows:
        by_model.setdefault(model, []).append((pk, row))
    (article_pk, article_row), *_rest = by_model[Article]

    def node(model, pk, row):
        return Node(model, pk, _values(model, row), (row.get("position", 0), pk))

    blocks = {
        pk: node(Block, pk, row)
        for pk, row in by_model.get(Block, [])
        if row["article_id"] == article_pk
    }
    for model in (ListItem, FaqEntry):
        for pk, row in by_model.get(model, []):
            parent = blocks.get(row["block_id"])
            if parent is not None:
                parent.children.append(node(model, pk, row))
    for block in blocks.values():
        block.children.sort(key=lambda n: n.position)

    def parts(model):
        rows = by_model.get(model, [])
        nodes = [node(model, pk, row) for pk, row in rows if row["article_id"] == article_pk]
        return sorted(nodes, key=lambda n: n.position)

    return Snapshot(
        article=Node(Article, article_pk, _values(Article, article_row)),
        blocks=sorted(blocks.values(), key=lambda n: n.position),
        references=parts(Reference),
        synonyms=parts(Synonym),
    )


def snapshot_of_versions(versions, article_pk):
    """The article as a revision (an iterable of reversion Versions) kept it."""
    rows = []
    article_row = None
    for version in versions:
        model = version._model
        if model not in COMPARED_FIELDS:
            continue
        row = version.field_dict
        pk = int(version.object_id)
        if model is Article:
            if pk != article_pk:
                continue
            article_row = (model, pk, row)
        else:
            rows.append((model, pk, row))
    if article_row is None:
        return None
    return _build([article_row, *rows])


def snapshot_of_revision(revision, article_pk):
    return snapshot_of_versions(revision.version_set.all(), article_pk)


def _live_row(obj):
    return (type(obj), obj.pk, {f.attname: getattr(obj, f.attname) for f in obj._meta.fields})


def live_snapshot(article):
    """The article as it is in the database now."""
    rows = [_live_row(Article.objects.get(pk=article.pk))]
    blocks = list(Block.objects.filter(article_id=article.pk))
    rows += [_live_row(block) for block in blocks]
    rows += [_live_row(item) for item in ListItem.objects.filter(block__in=blocks)]
    rows += [_live_row(entry) for entry in FaqEntry.objects.filter(block__in=blocks)]
    rows += [_live_row(ref) for ref in Reference.objects.filter(article_id=article.pk)]
    rows += [_live_row(term) for term in Synonym.objects.filter(article_id=article.pk)]
    return _build(rows)


# Comparing ------------------------------------------------------------------------------


@dataclass
class FieldChange:
    name: str
    label: str
    old: str
    new: str

    @property
    def diff_html(self):
        return text_diff(self.old, self.new)


@dataclass
class NodeChange:
    """A row in the comparison: status is added, removed, changed, moved or same."""

    status: str
    model: type
    label: str
    fields: list = field(default_factory=list)
    children: list = field(default_factory=list)
    moved: bool = False

    @property
    def kind_name(self):
        return _NAMES[self.model][0]

    @property
    def has_changes(self):
        return self.status != "same" or self.moved or any(c.has_changes for c in self.children)


@dataclass
class Comparison:
    article_fields: list
    blocks: list
    references: list
    synonyms: list

    @property
    def has_changes(self):
        return bool(self.article_fields) or any(
            c.has_changes for c in self.blocks + self.references + self.synonyms
        )


def _display(model, name, value):
    model_field = model._meta.get_field(name)
    if value is None or value == "":
        return ""
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        obj = model_field.related_model._default_manager.filter(pk=value).first()
        return str(obj) if obj else f"#{value}"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, datetime.datetime):
        # Revisions keep milliseconds (JSON), the database microseconds: show minutes.
        return date_format(template_localtime(value), "DATETIME_FORMAT")
    return str(value)


def _field_changes(model, old, new):
    changes = []
    for name in COMPARED_FIELDS[model]:
        before, after = _display(model, name, old.get(name)), _display(model, name, new.get(name))
        if before != after:
            label = capfirst(str(model._meta.get_field(name).verbose_name))
            changes.append(FieldChange(name, label, before, after))
    return changes


def _moved_pks(old_nodes, new_nodes):
    """Rows on both sides whose order relative to the others changed."""
    common = {n.pk for n in old_nodes} & {n.pk for n in new_nodes}
    old_order = [n.pk for n in old_nodes if n.pk in common]
    new_order = [n.pk for n in new_nodes if n.pk in common]
    matcher = difflib.SequenceMatcher(None, old_order, new_order, autojunk=False)
    kept = set()
    for block in matcher.get_matching_blocks():
        kept.update(old_order[block.a : block.a + block.size])
    return common - kept


def _compare_nodes(old_nodes, new_nodes):
    old_by_pk = {n.pk: n for n in old_nodes}
    new_pks = {n.pk for n in new_nodes}
    moved = _moved_pks(old_nodes, new_nodes)
    result = []
    for node in new_nodes:
        before = old_by_pk.get(node.pk)
        if before is None:
            change = NodeChange(
                "added",
                node.model,
                node.label,
                _field_changes(node.model, {}, node.values),
                _compare_nodes([], node.children),
            )
        else:
            fields = _field_changes(node.model, before.values, node.values)
            change = NodeChange(
                "changed" if fields else "same",
                node.model,
                node.label,
                fields,
                _compare_nodes(before.children, node.children),
                moved=node.pk in moved,
            )
        result.append(change)
    # Removed rows are shown where they stood: after the row that came before them.
    for index, node in enumerate(old_nodes):
        if node.pk in new_pks:
            continue
        removed = NodeChange(
            "removed",
            node.model,
            node.label,
            _field_changes(node.model, node.values, {}),
            _compare_nodes(node.children, []),
        )
        anchor = next(
            (n.pk for n in reversed(old_nodes[:index]) if n.pk in new_pks),
            None,
        )
        where = 0
        if anchor is not None:
            where = 1 + next(i for i, n in enumerate(new_nodes) if n.pk == anchor)
            where += sum(1 for c in result[:where] if c.status == "removed")
        result.insert(where, removed)
    return result


def compare(old, new):
    """What changed from one snapshot to another."""
    return Comparison(
        article_fields=_field_changes(Article, old.article.values, new.article.values),
        blocks=_compare_nodes(old.blocks, new.blocks),
        references=_compare_nodes(old.references, new.references),
        synonyms=_compare_nodes(old.synonyms, new.synonyms),
    )


_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def text_diff(old, new):
    """The new text with words removed in <del> and words added in <ins>, all escaped."""
    a, b = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    pieces = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(format_html("<del>{}</del>", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            pieces.append(format_html("<ins>{}</ins>", "".join(b[j1:j2])))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece escaped above)


# Summaries ------------------------------------------------------------------------------


def _count_changes(changes, counts):
    for change in changes:
        if change.status in ("added", "removed", "changed"):
            counts[(change.status, change.model)] = counts.get((change.status, change.model), 0) + 1
        if change.moved:
            counts[("moved", change.model)] = counts.get(("moved", change.model), 0) + 1
        if change.status != "removed" and change.status != "added":
            _count_changes(change.children, counts)


def _phrase(status, model, n):
    singular, plural = _NAMES[model]
    name = singular if n == 1 else plural
    if status == "added":
        return ngettext("%(n)d %(name)s toegevoegd", "%(n)d %(name)s toegevoegd", n) % {
            "n": n,
            "name": name,
        }
    if status == "removed":
        return ngettext("%(n)d %(name)s verwijderd", "%(n)d %(name)s verwijderd", n) % {
            "n": n,
            "name": name,
        }
    if status == "changed":
        return ngettext("%(n)d %(name)s gewijzigd", "%(n)d %(name)s gewijzigd", n) % {
            "n": n,
            "name": name,
        }
    return ngettext("%(n)d %(name)s verplaatst", "%(n)d %(name)s verplaatst", n) % {
        "n": n,
        "name": name,
    }


def summary(comparison):
    """A short Dutch sentence: what changed, e.g. "Titel gewijzigd; 2 blokken verplaatst"."""
    parts = []
    if comparison.article_fields:
        names = ", ".join(change.label.lower() for change in comparison.article_fields)
        parts.append(capfirst(_("%(fields)s gewijzigd") % {"fields": names}))
    counts = {}
    _count_changes(comparison.blocks, counts)
    _count_changes(comparison.references, counts)
    _count_changes(comparison.synonyms, counts)
    for status in ("added", "removed", "changed", "moved"):
        for model in (Block, ListItem, FaqEntry, Reference, Synonym):
            n = counts.get((status, model))
            if n:
                parts.append(_phrase(status, model, n))
    if not parts:
        return _("Opgeslagen zonder wijzigingen.")
    return "; ".join(parts) + "."


# Revisions being made --------------------------------------------------------------------

# A note that goes before the summary in the comment of the revision being made.
_note = ContextVar("revision_note", default="")


@contextmanager
def noted(note):
    token = _note.set(note)
    try:
        yield
    finally:
        _note.reset(token)


@receiver(pre_revision_commit, dispatch_uid="articles-revision-summary")
def describe_revision(sender, revision, versions, **kwargs):
    """The comment of an article's revision: what changed since its previous revision."""
    articles = [v for v in versions if v._model is Article]
    if not articles:
        return
    pk = int(articles[0].object_id)
    new = snapshot_of_versions(versions, pk)
    previous = (
        Version.objects.get_for_object_reference(Article, pk).select_related("revision").first()
    )
    old = previous and snapshot_of_revision(previous.revision, pk)
    note = _note.get()
    if old is None:
        text = _("Eerste versie.")
    else:
        comparison = compare(old, new)
        text = summary(comparison) if comparison.has_changes or not note else ""
    revision.comment = " ".join(part for part in (note, text) if part)


def keep_revision(article, note="", user=None):
    """A revision of the whole article as it is now, outside the admin (e.g. load_demo)."""
    with noted(note), reversion.create_revision():
        reversion.set_user(user)
        reversion.add_to_revision(article)
