"""The site's header and footer, kept per process where they are the same for many (transitions/templatetags/
site_chrome.py): each page still marks its own link and carries its own person's CSRF token."""

import re

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse

pytestmark = pytest.mark.django_db

HEADER = re.compile(r'<header class="site-header">.*?</header>', re.S)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def header(response):
    return HEADER.search(response.text).group(0)


def live_header(response):
    """The header as `{% include %}` renders it for this response's request and context."""
    return HEADER.search(render_to_string("includes/header.html", request=response.wsgi_request)).group(0)


@pytest.mark.parametrize(
    ("url_name", "current"), [("accounts:dashboard", "My dashboard"), ("transitions:index", "Transitions")]
)
def test_a_learners_header_is_the_live_one_with_their_own_token(client, make_user, url_name, current):
    pages = []
    for _ in range(2):  # two learners: the second gets the kept header
        client.force_login(make_user())
        response = client.get(reverse(url_name))
        kept = header(response)
        assert TOKEN.sub("", kept) == TOKEN.sub("", live_header(response))
        assert re.search(rf'aria-current="page">{current}<', kept)
        [token] = TOKEN.findall(kept)
        assert _unmask_cipher_token(token) == response.wsgi_request.META["CSRF_COOKIE"]
        assert "\x00" not in response.text
        pages.append(_unmask_cipher_token(token))
        client.logout()
    assert pages[0] != pages[1]


def test_a_visitors_header_links_back_to_the_page_they_are_on(client, make_transition):
    guide = make_transition()
    for url in (reverse("transitions:index"), guide.get_absolute_url()):
        assert f'href="{reverse("login")}?next={url}"' in header(client.get(url))


def test_the_footer_is_on_every_page(client, learner):
    assert "About the data" in client.get(reverse("transitions:index")).text
    client.force_login(learner)
    assert "About the data" in client.get(reverse("accounts:dashboard")).text


def test_every_page_links_the_stylesheets_font_and_icon_by_their_static_names(client, learner):
    assets = render_to_string("includes/assets.html")
    links = re.findall(r'href="([^"]+)"', assets)
    assert static("css/site.css") in links
    assert static("vendor/inter/inter-latin-wght-normal.woff2") in links
    assert assets in client.get(reverse("transitions:index")).text  # a visitor's page
    client.force_login(learner)
    for page in (reverse("transitions:index"), reverse("accounts:dashboard")):
        assert assets in client.get(page).text
