"""The HTML of an article's content: table of contents, blocks and notes.

An article has a few dozen blocks with a hundred list items and FAQ entries; loading and
rendering them cost most of a full page render. So the content is rendered once per
change and language, and stored (ArticleRendering); the Markdown parts come from the
sanitised *_html columns that staff saves fill in.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from articles import models, structured_data
from articles.models import Block, PageContent
from magnesium_site.markup_format import markup_format

# The code the renderings are made with: this module, the structured data's facts, and
# the models (PageContent's table of contents and the article's notes live there).
SOURCES = (__file__, structured_data.__file__, models.__file__)

# A release that changes the markup or a translated word makes every rendering again.
FORMAT = markup_format(*SOURCES)


def _stored(html):
    # Sanitised when staff saved it (articles.rendering, magnesium_site.sanitizer).
    return mark_safe(html)  # noqa: S308


def _heading(block, css_class=""):
    if not block.heading:
        return ""
    return format_html(
        '<{tag} id="{anchor}"{cls}>{text}</{tag}>',
        tag=block.heading_tag,
        anchor=block.anchor,
        cls=format_html(' class="{}"', css_class) if css_class else "",
        text=block.heading,
    )


def _bullet(item):
    """A bullet's text, after its term in bold if it has one (written for a term list)."""
    if not item.term:
        return _stored(item.text_html)
    return format_html(
        '<strong class="list-term">{}</strong> {}',
        item.term.rstrip(": ") + ":",
        _stored(item.text_html),
    )


def _list(block):
    if block.list_style == Block.ListStyle.DEFINITION:
        rows = format_html_join(
            "",
            "<dt>{}</dt><dd>{}</dd>",
            ((item.term, _stored(item.text_html)) for item in block.items.all()),
        )
        return format_html('\n  <dl class="definition-list">{}</dl>', rows)
    rows = []
    for item, children in block.item_tree():
        nested = ""
        if children:
            nested = format_html(
                "<ul>{}</ul>",
                format_html_join("", "<li>{}</li>", ((_bullet(child),) for child in children)),
            )
        rows.append(format_html("\n    <li>{}{}</li>", _bullet(item), nested))
    return format_html("\n  <ul>{}\n  </ul>", mark_safe("".join(rows)))  # noqa: S308


def _faq(block):
    entries = block.faq_entries.all()
    if block.faq_display == Block.FaqDisplay.OPEN:
        # Shown open: each question a heading one level below the block's own.
        tag = f"h{block.heading_level + 1}"
        rows = format_html_join(
            "",
            '\n    <div class="faq-entry faq-entry-open" id="vraag-{}"><{} class="faq-question h5">'
            '{}</{}><div class="faq-answer">{}</div></div>',
            ((entry.pk, tag, entry.question, tag, _stored(entry.answer_html)) for entry in entries),
        )
        return format_html('\n  <div class="faq faq-open">{}\n  </div>', rows)
    rows = format_html_join(
        "",
        '\n    <details class="faq-entry" id="vraag-{}"><summary>{}</summary>'
        '<div class="faq-answer">{}</div></details>',
        ((entry.pk, entry.question, _stored(entry.answer_html)) for entry in entries),
    )
    return format_html('\n  <div class="faq">{}\n  </div>', rows)


def block_html(block):
    """One block as the article page shows it."""
    if block.kind == Block.Kind.NOTICE:
        return format_html(
            '<aside class="notice alert alert-info" aria-label="{}">\n  {}\n  {}\n</aside>',
            gettext("Let op"),
            _heading(block, "h5"),
            _stored(block.body_html),
        )
    extra = ""
    if block.kind == Block.Kind.LIST:
        extra = _list(block)
    elif block.kind == Block.Kind.FAQ:
        extra = _faq(block)
    return format_html(
        '<section class="block block-{kind}"{labelled}>\n  {heading}\n  {body}{extra}\n</section>',
        kind=block.kind,
        labelled=format_html(' aria-labelledby="{}"', block.anchor) if block.heading else "",
        heading=_heading(block),
        body=_stored(block.body_html),
        extra=extra,
    )


def _toc(content):
    rows = []
    for block, children in content.toc:
        nested = ""
        if children:
            nested = format_html(
                "<ol>{}</ol>",
                format_html_join(
                    "",
                    '<li><a href="#{}">{}</a></li>',
                    ((child.anchor, child.heading) for child in children),
                ),
            )
        rows.append(
            format_html(
                '\n      <li><a href="#{}">{}</a>{}</li>', block.anchor, block.heading, nested
            )
        )
    return mark_safe("".join(rows))  # noqa: S308


def _notes(content):
    back = gettext("Terug naar de tekst")
    rows = []
    for note in content.footnotes:
        if note.url:
            citation = format_html('<a href="{}" rel="noopener">{}</a>', note.url, note.citation)
        else:
            citation = note.citation
        backlink = ""
        if note.first_citation:
            backlink = format_html(
                ' <a href="#{}" class="backlink" aria-label="{}">↩</a>', note.first_citation, back
            )
        rows.append(format_html('\n      <li id="note-{}">{}{}</li>', note.key, citation, backlink))
    return mark_safe("".join(rows))  # noqa: S308


def render_content(article):
    """The stored parts of the article page, in the active language.

    Without surrounding white space: a backup in XML would not keep it.
    """
    content = PageContent(article)
    blocks = "\n".join(block_html(block) for block in content.blocks)
    return {
        "toc_html": _toc(content).strip(),
        "blocks_html": blocks.strip(),
        "notes_html": _notes(content).strip(),
        "facts": structured_data.content_facts(content),
    }
