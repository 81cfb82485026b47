"""render_markdown: Markdown to HTML that cannot carry scripts or unsafe links."""

from __future__ import annotations

from app.lessons import render_markdown


def test_basic_markdown_becomes_html():
    assert (
        render_markdown("Some **bold** and *em*.")
        == "<p>Some <strong>bold</strong> and <em>em</em>.</p>"
    )


def test_raw_script_tag_is_shown_as_text_not_run():
    html = render_markdown("Hi <script>alert(1)</script>")
    assert "<script" not in html and "&lt;script&gt;" in html


def test_raw_html_with_event_handler_is_not_passed_through():
    html = render_markdown('<img src="x" onerror="alert(1)">')
    assert "<img" not in html


def test_javascript_link_loses_its_href():
    html = render_markdown("[click](javascript:alert(1))")
    assert "javascript:" not in html and "href" not in html


def test_https_and_mailto_links_are_kept_with_noopener():
    html = render_markdown("[a](https://example.org) [b](mailto:t@example.org)")
    assert '<a href="https://example.org" rel="noopener noreferrer">a</a>' in html
    assert 'href="mailto:t@example.org"' in html


def test_relative_links_are_dropped():
    assert "href" not in render_markdown("[a](/admin)")


def test_tables_blockquotes_and_code_are_allowed():
    html = render_markdown("> quoted\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```")
    assert all(tag in html for tag in ("<blockquote>", "<table>", "<td>1</td>", "<pre><code>"))


def test_top_level_heading_tag_is_not_allowed():
    assert "<h1>" not in render_markdown("# Title")


def test_empty_text_renders_empty():
    assert render_markdown("") == ""
