"""`{{ text|markdown }}`: editors' Markdown as safe HTML."""

import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# What editors' Markdown may produce. No <img>: the CSP only allows our own images. Raw HTML outside
# this list is stripped, <script> and <style> together with their content.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h3", "h4", "h5",
    "h6", "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


@register.filter(is_safe=True)
def markdown(text):
    html = markdown_lib.markdown(
        text or "",
        extensions=["extra", "sane_lists", "toc"],
        # "# Heading" becomes <h3>: the page owns <h1> and the section <h2>s the text sits under.
        extension_configs={"toc": {"baselevel": 3}},
        output_format="html",
    )
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=ALLOWED_URL_SCHEMES)
    return mark_safe(clean)
