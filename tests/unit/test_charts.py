"""SVG bar charts: well-formed, escaped, described in words, and free of inline styles."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from app.charts import FONT_SIZE, Bar, bar_chart, percent_cell_class

NS = {"svg": "http://www.w3.org/2000/svg"}
BARS = [
    Bar("Unverified claims", 73),
    Bar("Anonymous sourcing", 40, note="2 questions"),
    Bar("State-media framing", 85),
]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - the chart module's own output, not untrusted input


def rects(svg: str) -> list[ET.Element]:
    return parse(svg).findall(".//svg:rect", NS)


def test_chart_is_well_formed_svg():
    assert parse(bar_chart(BARS, title="Skills")).tag == "{http://www.w3.org/2000/svg}svg"


def test_one_rect_per_bar():
    assert len(rects(bar_chart(BARS, title="Skills"))) == 3


def test_labels_are_escaped_in_the_markup_and_read_back_unchanged():
    label = "<script>alert(1)</script> & co"
    svg = bar_chart([Bar(label, 50, note='"quoted"')], title="Tom & Jerry's <b>")
    assert "<script" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg and "&amp; co" in svg
    # The drawn label may be shortened to fit; the bar's tooltip keeps the whole text.
    tooltip = parse(svg).find("svg:g/svg:title", NS).text
    assert tooltip == f'{label}: 50% ("quoted")'


def test_title_and_desc_give_the_chart_in_words():
    root = parse(bar_chart(BARS, title="Skill mastery"))
    assert root.find("svg:title", NS).text == "Skill mastery"
    assert root.find("svg:desc", NS).text == (
        "Unverified claims: 73%; Anonymous sourcing: 40% (2 questions); State-media framing: 85%."
    )


def test_svg_is_an_image_labelled_by_its_own_title_and_desc():
    root = parse(bar_chart(BARS, title="Skill mastery"))
    ids = [root.find(f"svg:{tag}", NS).get("id") for tag in ("title", "desc")]
    assert (root.get("role"), root.get("aria-labelledby")) == ("img", " ".join(ids))


def test_no_inline_style_and_no_script():
    svg = bar_chart([*BARS, Bar("<script>x</script>", 10)], title="<script>")
    assert "style=" not in svg and "<script" not in svg.lower()


def test_two_charts_with_different_titles_share_no_ids():
    def ids(svg: str) -> set[str]:
        return {e.get("id") for e in parse(svg).iter() if e.get("id")}

    first, second = (
        ids(bar_chart(BARS, title="Lesson one")),
        ids(bar_chart(BARS, title="Lesson two")),
    )
    assert len(first) == 2 and first.isdisjoint(second)


def test_ids_start_with_a_slug_of_the_title():
    root = parse(bar_chart(BARS, title="Skill mastery on Who says so?"))
    assert root.find("svg:title", NS).get("id").startswith("chart-skill-mastery-on-who-says-so-")


def test_each_bar_shows_its_value_as_text():
    drawn = [t.text for t in parse(bar_chart(BARS, title="Skills")).findall(".//svg:text", NS)]
    assert [t for t in drawn if t.endswith("%")] == ["73%", "40%", "85%"]


@pytest.mark.parametrize(
    ("value", "expected"), [(0, "bar bar-low"), (49, "bar bar-low"), (50, "bar bar-mid"),
                            (79, "bar bar-mid"), (80, "bar bar-high"), (100, "bar bar-high")],
)  # fmt: skip
def test_bar_class_follows_the_thresholds(value, expected):
    assert rects(bar_chart([Bar("x", value)], title="t"))[0].get("class") == expected


def test_bar_lengths_are_proportional_and_clamped_to_the_scale():
    widths = [
        float(r.get("width"))
        for r in rects(
            bar_chart([Bar("a", 100), Bar("b", 50), Bar("c", 250), Bar("d", -5)], title="t")
        )
    ]
    assert widths[1] == pytest.approx(widths[0] / 2, abs=0.1)
    assert (widths[2], widths[3]) == (widths[0], 0)


def test_viewbox_scales_to_the_requested_width_with_font_size_in_user_units():
    root = parse(bar_chart(BARS, title="t", width=360))
    assert root.get("viewBox").split()[:3] == ["0", "0", "360"]
    assert root.get("font-size") == str(FONT_SIZE) and root.get("width") is None


def test_long_labels_are_shortened_on_screen_only():
    label = "A very long skill name indeed, longer than most"
    root = parse(bar_chart([Bar(label, 10)], title="t"))
    drawn = root.find("svg:g/svg:text", NS).text
    assert drawn.endswith("…") and label.startswith(drawn[:-1])
    assert root.find("svg:desc", NS).text == f"{label}: 10%."


def test_bars_fit_inside_the_viewbox():
    root = parse(
        bar_chart([Bar("A very long skill name indeed, longer than most", 100)], title="t")
    )
    width = float(root.get("viewBox").split()[2])
    rect = root.find(".//svg:rect", NS)
    assert float(rect.get("x")) > 0 and float(rect.get("x")) + float(rect.get("width")) < width


def test_empty_chart_says_there_is_no_data():
    root = parse(bar_chart([], title="Nothing yet"))
    assert root.find("svg:desc", NS).text == "No data yet."
    assert root.findall(".//svg:rect", NS) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, "cell-none"), (0, "cell-low"), (49, "cell-low"), (50, "cell-mid"), (79, "cell-mid"),
     (80, "cell-high"), (100, "cell-high")],
)  # fmt: skip
def test_percent_cell_class_uses_the_chart_thresholds(value, expected):
    assert percent_cell_class(value) == expected
