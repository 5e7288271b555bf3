from django import template

from articles.blocks import block_html
from articles.sections import render_sections

register = template.Library()


@register.simple_tag
def article_block(block):
    return block_html(block)


@register.simple_tag(takes_context=True)
def article_sections(context, article):
    return render_sections(context, article)
