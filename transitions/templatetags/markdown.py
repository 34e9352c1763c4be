"""`{{ text|markdown }}`: editors' Markdown as safe HTML, for text that is not stored rendered."""

from django import template
from django.utils.safestring import mark_safe

from transitions.rendering import render_markdown

register = template.Library()


@register.filter(is_safe=True)
def markdown(text):
    return mark_safe(render_markdown(text))
