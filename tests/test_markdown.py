"""The `markdown` template filter: editors' Markdown in, safe HTML out."""

import pytest
from django.template import Context, Template

from transitions.templatetags.markdown import markdown


def test_markdown_renders_common_formatting():
    html = markdown("A **bold** claim, a [link](https://example.com/) and:\n\n- one\n- two")

    assert "<strong>bold</strong>" in html
    assert '<a href="https://example.com/" rel="noopener noreferrer">link</a>' in html
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html


def test_markdown_headings_start_below_the_pages_own():
    html = markdown("# Big\n\n## Smaller")

    assert "<h1" not in html
    assert "<h2" not in html
    assert "<h3>Big</h3>" in html
    assert "<h4>Smaller</h4>" in html


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert('x')</script>",
        "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
        '<img src="x" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        "<a href='JaVaScRiPt:alert(1)'>click</a>",
        "<a href='&#106;avascript:alert(1)'>click</a>",
        '<p onmouseover="alert(1)">hover</p>',
        "<style>body { display: none }</style>",
        '<iframe src="https://evil.example/"></iframe>',
        '<span style="position: fixed">overlay</span>',
    ],
)
def test_markdown_strips_anything_that_runs_or_restyles(text):
    html = markdown(text).lower()

    for dangerous in ["<script", "alert(", "javascript:", "onerror", "onmouseover", "<style", "<iframe", "style="]:
        assert dangerous not in html


def test_markdown_handles_empty_text():
    assert markdown("") == ""
    assert markdown(None) == ""


def test_markdown_filter_output_is_not_escaped_again():
    html = Template("{% load markdown %}{{ text|markdown }}").render(Context({"text": "*hi* & <b>bye</b>"}))

    assert html == "<p><em>hi</em> &amp; <b>bye</b></p>"
