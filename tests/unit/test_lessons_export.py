"""Export: the library as JSON (everything) and as Moodle GIFT (what GIFT can express)."""

from __future__ import annotations

import json
from fractions import Fraction

from lesson_samples import FILENAME, load_valid

from app.lessons import Library
from app.lessons.export import library_to_gift, library_to_json
from app.questions.gift import escape, percent


def library() -> Library:
    lesson = load_valid()
    return Library(lessons={lesson.slug: lesson})


def test_json_export_round_trips_through_json_dumps():
    data = library_to_json(library())
    assert json.loads(json.dumps(data)) == data


def test_json_export_holds_keys_explanations_ledger_and_guide():
    [lesson] = library_to_json(library())["lessons"]
    first = lesson["quiz"][0]
    assert (first["options"][0]["correct"], first["explanation"]) == (
        True,
        'The first sentence says "Officials said".',
    )
    assert lesson["ledger"][0]["verdict"] == "attributed"
    assert lesson["teacher_guide"]["misconceptions"][0]["response"].startswith("She speaks")
    assert lesson["article"]["paragraphs"][1] == [
        "Local media reported a second blast.",
        "The ministry denied this.",
    ]
    assert lesson["version"] == load_valid().version


def test_json_export_names_each_blocks_article_and_kind():
    [lesson] = library_to_json(library())["lessons"]
    assert lesson["article"]["more_articles"] == []
    assert lesson["article"]["blocks"][1] == {
        "number": 2,
        "from": "000_example.txt",
        "kind": "paragraph",
        "sentences": ["Local media reported a second blast.", "The ministry denied this."],
    }


def test_gift_escapes_every_special_character():
    assert escape("a~b=c#d{e}f:g\\h\ni") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni"


def test_gift_percent_is_whole_or_five_decimals():
    assert (percent(Fraction(100, 2)), percent(Fraction(100, 3)), percent(Fraction(100, 6))) == (
        "50",
        "33.33333",
        "16.66667",
    )


def test_gift_single_choice_marks_right_and_wrong_with_feedback():
    gift = library_to_gift(library())
    assert (
        "::bridge-report who-closed::[markdown]Who says the bridge was closed?{\n=Officials\n~Journalists#They checked the video, not the bridge.\n####"
        in gift
    )


def test_gift_multiple_select_uses_percentage_weights():
    gift = library_to_gift(library())
    assert "~%50%Officials\n~%50%Local media\n~%-50%Dr. Ivanova#She is named." in gift


def test_gift_short_answer_is_an_essay():
    assert "[markdown]Why might officials want this believed?{}" in library_to_gift(library())


def test_gift_skips_highlight_with_a_comment():
    assert "// skipped: bridge-report find-denial (highlight)" in library_to_gift(library())


def test_gift_skips_classify_with_fewer_than_three_items():
    assert "// skipped: bridge-report sort-claims (classify)" in library_to_gift(library())


def test_gift_quote_is_shown_above_the_prompt():
    assert (
        "[markdown]> The ministry denied this.\\n\\nWhat does the ministry do?{"
        in library_to_gift(library())
    )


def test_gift_lesson_header_names_slug_and_category():
    gift = library_to_gift(library())
    assert gift.startswith("// Who says so? A bridge report (bridge-report, version ")
    assert "$CATEGORY: $course$/Sourcewise/bridge-report" in gift
    assert FILENAME not in gift
