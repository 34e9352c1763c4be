"""The site's header, footer and asset links (base.html), rendered once per process where they are the same for many.

Everyone signed in gets the same header on a page of a kind, but for the log-out form's CSRF token: it is kept
per view name (which marks the current page's link) with the token left as a slot, filled in on each page.
A visitor's header links back to the page they are on, so it is rendered each time (their pages mostly come
whole from the cache anyway). The footer and the links to the stylesheets, font and icon (whose hashed names are
fixed for as long as the process runs) are the same for everyone.
"""

from django import template
from django.utils.safestring import mark_safe

from transitions.versioning import CSRF_SLOT

register = template.Library()

_signed_in_headers = {}  # view name -> header HTML with the CSRF slot
_once = {}  # template name -> its HTML, for those the same on every page


def _render(context, name, **values):
    """`{% include name %}` with these extra values."""
    included = context.template.engine.get_template(name)
    with context.render_context.push_state(included, isolated_context=False), context.push(**values):
        return included.render(context)


@register.simple_tag(takes_context=True)
def site_header(context):
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return _render(context, "includes/header.html")
    current = request.resolver_match.view_name if request.resolver_match else ""
    html = _signed_in_headers.get(current)
    if html is None:
        html = _signed_in_headers[current] = _render(context, "includes/header.html", csrf_token=CSRF_SLOT)
    return mark_safe(html.replace(CSRF_SLOT, str(context.get("csrf_token", ""))))


def _same_everywhere(context, name):
    html = _once.get(name)
    if html is None:
        html = _once[name] = _render(context, name)
    return html


@register.simple_tag(takes_context=True)
def site_footer(context):
    return _same_everywhere(context, "includes/footer.html")


@register.simple_tag(takes_context=True)
def site_assets(context):
    return _same_everywhere(context, "includes/assets.html")
