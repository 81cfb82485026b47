"""Whole files: encoding, front matter, YAML errors, the body, the library and the built model."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lesson_samples import FILENAME, VALID_LESSON, check, line_of, load_valid, mutate

from app.lessons import Problem, load_lesson_text, load_library

BODY = "---\n\n## Who says so?\n"


def body_problem(text: str, needle: str, message: str) -> Problem:
    return Problem(FILENAME, line_of(text, needle), "body", message)


# --- reading the file -------------------------------------------------------------------------


def test_empty_file_is_a_problem():
    assert check("") == [Problem(FILENAME, 1, "", "the file is empty")]


def test_file_without_front_matter_is_a_problem():
    message = "the file must start with a '---' line, then the YAML front matter, then '---'"
    assert check("# Lesson\n\nText.\n") == [Problem(FILENAME, 1, "", message)]


def test_front_matter_without_closing_line_is_a_problem():
    text = VALID_LESSON.replace(BODY, "\n## Who says so?\n")
    assert check(text) == [Problem(FILENAME, 1, "", "the front matter has no closing '---' line")]


def test_non_utf8_bytes_are_a_problem_on_their_line():
    raw = VALID_LESSON.encode("utf-8").replace(b"Example News\n", b"Exampl\xe9 News\n", 1)
    message = "the file is not UTF-8 text (byte 0xe9); save it as UTF-8"
    assert check(raw) == [
        Problem(FILENAME, line_of(VALID_LESSON, "  outlet: Example News"), "", message)
    ]


def test_byte_order_mark_and_windows_line_endings_are_accepted():
    raw = ("\ufeff" + VALID_LESSON.replace("\n", "\r\n")).encode("utf-8")
    lesson, problems = load_lesson_text(raw, FILENAME)
    assert (problems, lesson is not None) == ([], True)


def test_yaml_syntax_error_is_reported_at_the_line_of_the_error_mark():
    text = mutate("summary: A short report", "summary: A short: report")
    [found] = check(text)
    assert (found.line, found.field) == (line_of(text, "summary:"), "")
    assert found.message.startswith(
        "the front matter is not valid YAML: mapping values are not allowed here"
    )


def test_front_matter_that_is_a_list_is_a_problem():
    message = "the front matter must be fields such as 'slug: ...', not a list"
    assert check("---\n- a\n- b\n---\n## Body\n") == [Problem(FILENAME, 2, "", message)]


def test_field_written_twice_is_a_problem():
    text = mutate("estimated_minutes: 30\n", "estimated_minutes: 30\nestimated_minutes: 40\n")
    message = "field 'estimated_minutes' appears twice here; only one can count"
    assert check(text) == [
        Problem(FILENAME, line_of(text, "estimated_minutes: 40"), "estimated_minutes", message)
    ]


def test_yaml_aliases_are_refused_before_they_can_expand():
    text = mutate("estimated_minutes: 30\n", "estimated_minutes: &m 30\nsummary2: *m\n")
    message = "anchors and aliases (&name, *name) are not supported"
    assert check(text) == [Problem(FILENAME, line_of(text, "summary2"), "summary2", message)]


@settings(
    max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.binary(max_size=2000))
def test_random_bytes_never_raise(raw):
    lesson, problems = load_lesson_text(raw, FILENAME)
    assert lesson is None and problems


@settings(max_examples=200, deadline=None, database=None)
@given(st.text(max_size=400))
def test_random_front_matter_never_raises(front):
    lesson, problems = load_lesson_text(f"---\n{front}\n---\n## Body\n", FILENAME)
    assert lesson is None and problems


ODD_VALUES = [
    "",
    "~",
    "[]",
    "{}",
    "1",
    "-3",
    "true",
    "2024-01-01",
    "[1, 2]",
    "{a: 1}",
    "[[]]",
    "1.5",
]


@settings(max_examples=300, deadline=None, database=None)
@given(
    st.lists(
        st.tuples(st.integers(1, VALID_LESSON.count("\n") - 1), st.sampled_from(ODD_VALUES)),
        min_size=1,
        max_size=4,
    )
)
def test_odd_values_anywhere_in_a_valid_lesson_never_raise(edits):
    lines = VALID_LESSON.split("\n")
    for number, value in edits:
        key, colon, _ = lines[number].partition(":")
        lines[number] = (
            f"{key}: {value}" if colon else lines[number].replace("- ", f"- {value} ", 1)
        )
    load_lesson_text("\n".join(lines), FILENAME)


def test_deeply_nested_yaml_is_a_problem_not_a_crash():
    _, problems = load_lesson_text("---\nx: " + "[" * 5000 + "\n---\n", FILENAME)
    assert problems and problems[0].line is not None


# --- collecting everything --------------------------------------------------------------------


def test_every_problem_in_a_file_is_reported_not_just_the_first():
    text = mutate("estimated_minutes: 30", "estimated_minutes: 3")
    text = mutate("verdict: contested", "verdict: disputed", text)
    text = mutate("max_chars: 500", "max_chars: 5", text)
    fields = [p.field for p in check(text)]
    assert fields == ["estimated_minutes", "ledger[2].verdict", "quiz[8].max_chars"]


def test_library_collects_problems_from_every_file(tmp_path):
    (tmp_path / "bridge-report.md").write_text(
        mutate("estimated_minutes: 30", "estimated_minutes: 3")
    )
    (tmp_path / "other.md").write_text("")
    library = load_library(tmp_path)
    assert [(p.file.rsplit("/", 1)[-1], p.field) for p in library.problems] == [
        ("bridge-report.md", "estimated_minutes"),
        ("other.md", ""),
    ]


def test_library_rejects_a_slug_used_by_two_files(tmp_path):
    (tmp_path / "bridge-report.md").write_text(VALID_LESSON)
    (tmp_path / "copy.md").write_text(VALID_LESSON)
    library = load_library(tmp_path)
    duplicate = [p for p in library.problems if p.message.startswith("'bridge-report' is also")]
    assert [(p.file, p.line, p.field) for p in duplicate] == [
        (str(tmp_path / "copy.md"), 2, "slug")
    ]


def test_library_skips_readme_and_keeps_valid_lessons(tmp_path):
    (tmp_path / "README.md").write_text("# Lesson files\n")
    (tmp_path / "bridge-report.md").write_text(VALID_LESSON)
    library = load_library(tmp_path)
    assert (list(library.lessons), library.problems) == (["bridge-report"], [])


def test_library_orders_by_title_with_capstones_last(tmp_path):
    for slug, title in [("capstone-all", "A capstone"), ("zebra", "Zebra"), ("apple", "Apple")]:
        text = mutate("slug: bridge-report", f"slug: {slug}")
        text = mutate('title: "Who says so? A bridge report"', f"title: {title}", text)
        (tmp_path / f"{slug}.md").write_text(text)
    assert list(load_library(tmp_path).lessons) == ["apple", "zebra", "capstone-all"]


def test_missing_lessons_folder_is_a_problem(tmp_path):
    library = load_library(tmp_path / "nowhere")
    assert [p.message for p in library.problems] == ["the lessons folder does not exist"]


# --- body -------------------------------------------------------------------------------------


def test_body_without_sections_is_a_problem():
    text = VALID_LESSON.replace("## Who says so?", "Who says so?").replace(
        "## What was checked", "What was checked"
    )
    expected = body_problem(
        text,
        "Who says so?\n\nExample",
        "text before the first section; start each section with a '## ' heading",
    )
    assert expected in check(text)
    assert Problem(
        FILENAME,
        line_of(text, "---\n\nWho") + 1,
        "body",
        "the body has no sections; start each section with a '## ' heading",
    ) in check(text)


def test_body_text_before_the_first_section_is_a_problem():
    text = mutate(BODY, "---\n\nIntro text.\n\n## Who says so?\n")
    message = "text before the first section; start each section with a '## ' heading"
    assert check(text) == [body_problem(text, "Intro text.", message)]


def test_body_top_level_heading_is_a_problem():
    text = mutate("## What was checked", "# What was checked")
    message = "use '## ' for section headings; the lesson title is the page's only '# ' heading"
    assert check(text) == [body_problem(text, "# What was checked", message)]


def test_body_blockquote_must_be_verbatim():
    text = mutate("> The ministry denied this.", "> The ministry denied everything.")
    message = 'the quotation "The ministry denied everything" is not word for word in the article\'s headline or paragraphs'
    assert check(text) == [body_problem(text, "> The ministry denied everything.", message)]


def test_body_long_inline_quotation_must_be_verbatim():
    text = mutate(
        '"checked the video and found it was filmed"', '"checked the video and found it was fake"'
    )
    message = 'the quotation "checked the video and found it was fake" is not word for word in the article\'s headline or paragraphs'
    assert check(text) == [body_problem(text, "fake", message)]


def test_body_short_quotation_is_not_checked():
    assert check(mutate("Nobody is named.", 'Nobody is "really named".')) == []


def test_body_quotation_may_skip_words_with_an_ellipsis_and_span_lines():
    text = mutate("Nobody is named.", '"Journalists checked the video ... in St.\nPetersburg."')
    assert check(text) == []


def test_body_quotation_inside_fenced_code_is_ignored():
    text = mutate(
        "Nobody is named.", 'Nobody is named.\n\n```\n"this is not in the article at all"\n```'
    )
    assert check(text) == []


# --- the built lesson -------------------------------------------------------------------------


def test_lesson_model_holds_sentences_sections_and_source_file():
    lesson = load_valid()
    assert lesson.article.sentence("p1s2") == "Dr. Ivanova said three people were hurt."
    assert [heading for heading, _ in lesson.body_sections] == ["Who says so?", "What was checked"]
    assert (lesson.source_file, lesson.total_points) == (FILENAME, 16)


def test_version_is_twelve_hex_digits_and_changes_when_the_quiz_changes():
    version = load_valid().version
    edited, _ = load_lesson_text(
        mutate(
            "points: 1\n    prompt: Who says the bridge",
            "points: 2\n    prompt: Who says the bridge",
        ),
        FILENAME,
    )
    assert len(version) == 12 and int(version, 16) >= 0
    assert edited.version != version


def test_version_ignores_edits_outside_the_quiz():
    edited, _ = load_lesson_text(
        mutate("summary: A short report", "summary: A brief report"), FILENAME
    )
    assert edited.version == load_valid().version
