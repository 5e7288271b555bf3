from django import template

from articles.sections import render_sections

register = template.Library()


@register.simple_tag(takes_context=True)
def article_sections(context, article):
    return render_sections(context, article)
