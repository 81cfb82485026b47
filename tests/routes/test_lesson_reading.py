"""The reading: one article as before, several articles as separate, labelled sources."""

from __future__ import annotations

import re
from html import unescape

from app.lesson_library import DEFAULT_FOLDER, library_for
from tests.factories import login, make_teacher

CAPSTONE = library_for(DEFAULT_FOLDER).get("capstone-many-voices")


def preview(client, db, slug: str) -> str:
    make_teacher(db, email="t@school.test")
    login(client, "t@school.test")
    return unescape(client.get(f"/teacher/lessons/{slug}").get_data(as_text=True))


def source_sections(page: str) -> list[str]:
    return re.findall(r'<section class="article-source".*?</section>', page, flags=re.S)


def test_the_capstone_shows_each_article_as_a_labelled_source_with_its_headline_and_date(
    client, db
):
    sections = source_sections(preview(client, db, "capstone-many-voices"))
    sources = [source for source, _ in CAPSTONE.article.runs()]
    assert len(sections) == len(sources) == 5
    for number, (section, source) in enumerate(zip(sections, sources, strict=True), start=1):
        assert f"Source {number}: {source.outlet}</h3>" in section
        assert f"<dt>Headline</dt><dd>{source.headline}</dd>" in section
        assert f"<dt>Date</dt><dd>{source.published}</dd>" in section


def test_the_capstone_keeps_each_block_under_its_own_source_and_its_number(client, db):
    sections = source_sections(preview(client, db, "capstone-many-voices"))
    for section, (_, blocks) in zip(sections, CAPSTONE.article.runs(), strict=True):
        numbers = [int(n) for n in re.findall(r'<p id="para-(\d+)"', section)]
        assert numbers == [block.number for block in blocks]


def test_a_headline_block_is_labelled_as_a_headline(client, db):
    page = preview(client, db, "capstone-many-voices")
    headline = next(b for b in CAPSTONE.article.blocks if b.kind == "headline")
    assert (
        f'<p id="para-{headline.number}" class="block-headline">' in page
        and f"Headline {headline.number}: </span>" in page
    )


def test_a_single_article_lesson_shows_one_article_without_source_sections(client, db):
    page = preview(client, db, "tiotkino-raid")
    assert '<h2 id="article-heading">The article</h2>' in page
    assert source_sections(page) == []
    assert "Paragraph 1: </span>" in page


def test_the_lesson_list_counts_the_capstones_articles_and_names_a_single_outlet(client, db):
    make_teacher(db, email="t@school.test")
    login(client, "t@school.test")
    page = unescape(client.get("/teacher/lessons").get_data(as_text=True))
    assert "· 5 articles</p>" in page
    assert "· source: Unnamed news site</p>" in page
