"""Editors' Markdown as safe HTML: rendered once when content is saved, and by the `markdown` filter."""

import markdown
import nh3

# What editors' Markdown may produce. No <img>: the CSP only allows our own images. Raw HTML outside
# this list is stripped, <script> and <style> together with their content.
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h3", "h4", "h5",
    "h6", "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text):
    """Sanitised HTML for a piece of editors' Markdown (a plain string, safe to print as is)."""
    html = markdown.markdown(
        text or "",
        extensions=["extra", "sane_lists", "toc"],
        # "# Heading" becomes <h3>: the page owns <h1> and the section <h2>s the text sits under.
        extension_configs={"toc": {"baselevel": 3}},
        output_format="html",
    )
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=ALLOWED_URL_SCHEMES)


def render_markdown_fields(obj, update_fields=None):
    """Fill each `<field>_html` of `obj` from its Markdown `<field>` (listed in MARKDOWN_FIELDS).

    Returns the update_fields to save with: a partial save of a Markdown field saves its HTML too.
    """
    fields = type(obj).MARKDOWN_FIELDS
    if update_fields is None:
        for field in fields:
            setattr(obj, f"{field}_html", render_markdown(getattr(obj, field)))
        return None
    update_fields = set(update_fields)
    for field in fields:
        if field in update_fields:
            setattr(obj, f"{field}_html", render_markdown(getattr(obj, field)))
            update_fields.add(f"{field}_html")
    return update_fields
