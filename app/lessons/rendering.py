"""Markdown from lesson files to safe HTML: raw HTML is never passed through, links are vetted."""

from __future__ import annotations

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "blockquote", "code", "pre", "a",
    "table", "thead", "tbody", "tr", "th", "td", "hr", "br",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}

_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    # Relative links would point into this app; lesson authors have no reason to write them.
    url_relative="deny",
    link_rel="noopener noreferrer",
)


def _markdown() -> markdown.Markdown:
    converter = markdown.Markdown(
        extensions=["tables", "fenced_code", "sane_lists"],
        extension_configs={"tables": {"use_align_attribute": True}},
        output_format="html",
    )
    # Without these, raw HTML written in a lesson is shown as text instead of being kept.
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter


def render_markdown(text: str) -> str:
    """Lesson Markdown as sanitised HTML: small tag allow-list, http(s)/mailto links only."""
    return _CLEANER.clean(_markdown().convert(text or ""))
