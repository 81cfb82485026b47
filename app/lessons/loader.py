"""Loading lesson files: every problem in every file collected, checked lessons built."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path, PurePath
from typing import NamedTuple

from app.lessons import body as body_module
from app.lessons import check_ins, front, frontmatter
from app.lessons.article_section import read_article
from app.lessons.balance import position_warning
from app.lessons.model import Lesson, Library, Problem
from app.lessons.quiz import read_quiz
from app.lessons.quotes import check_quotes
from app.lessons.source_files import ArticleFiles
from app.questions import ArticleText, Question
from app.questions.fields import Fields, Issue, describe


def quiz_version(questions: tuple[Question, ...]) -> str:
    """First 12 hex digits of the SHA-256 of the quiz's canonical JSON, keys included."""
    canonical = json.dumps(
        [question.to_json() for question in questions],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def _build(
    data: dict, stem: str, issues: list[Issue], files: ArticleFiles | None
) -> tuple[dict, ArticleText]:
    """Read every section of the front matter; Lesson arguments (None where broken) and the text."""
    fields = Fields(data, "", front.TOP_KEYS, issues)
    values = front.read_metadata(fields, stem)
    article, text = read_article(fields, files)
    values |= {
        "objectives": front.read_objectives(fields, values["skills"]),
        "article": article,
        "ledger": front.read_ledger(fields, text),
        "discussion": front.read_discussion(fields),
        "teacher_guide": front.read_teacher_guide(fields),
        "questions": read_quiz(fields, text, values["skills"]),
        "check_in": front.read_check_in(fields),
    }
    check_ins.source_rules(data, issues)
    if "check_in" in data and isinstance(data.get("quiz"), list):
        check_ins.question_rules(data["quiz"], values["questions"], issues)
    return values, text


def _headlines(data: dict) -> list[str]:
    """Every declared article's headline, read leniently: the body may quote any of them."""
    article = data.get("article") if isinstance(data.get("article"), dict) else {}
    more = article.get("more_articles") if isinstance(article.get("more_articles"), list) else []
    sources = [article, *(entry for entry in more if isinstance(entry, dict))]
    return [s["headline"] for s in sources if isinstance(s.get("headline"), str)]


def _read_body(
    parts: frontmatter.SplitFile, data: dict, text: ArticleText
) -> tuple[tuple[tuple[str, str], ...], list[frontmatter.Located]]:
    """Body sections, plus problems with headings and with quotations of the article."""
    sections, problems = body_module.read_body(parts.body, parts.body_line)
    if any(text.texts):  # without the article's text every quotation would be reported
        problems += check_quotes(parts.body, parts.body_line, [*text.texts, *_headlines(data)])
    return sections, problems


class Checked(NamedTuple):
    """Outcome of checking one file; slug and its line are kept to spot slugs used twice."""

    lesson: Lesson | None
    problems: list[Problem]
    slug: str | None = None
    slug_line: int | None = None
    warnings: tuple[Problem, ...] = ()
    lines: frontmatter.LineMap | None = None


def _warnings(lesson: Lesson, filename: str, lines: frontmatter.LineMap) -> tuple[Problem, ...]:
    """Advice that does not stop the lesson being served: today, where the keys sit."""
    message = position_warning(lesson.questions)
    return (Problem(filename, lines.line_of("quiz"), "quiz", message),) if message else ()


def _check(raw: str | bytes, filename: str, files: ArticleFiles | None = None) -> Checked:
    """The lesson (only when flawless), its problems sorted by line, and the slug it claims."""

    def located(items: list[frontmatter.Located]) -> list[Problem]:
        """Attach this file's name to (line, field, message) triples."""
        return [Problem(filename, line, path, message) for line, path, message in items]

    text, failure = frontmatter.decode(raw)
    parts, failure = frontmatter.split(text) if text is not None else (None, failure)
    if parts is None:
        return Checked(None, located([failure] if failure else []))
    data, lines, found = frontmatter.parse(parts.front, parts.front_line)
    problems = located(found)
    if not isinstance(data, dict) and not problems:
        message = f"the front matter must be fields such as 'slug: ...', not {describe(data)}"
        problems.append(Problem(filename, lines.root, "", message))
    if not isinstance(data, dict):
        return Checked(None, problems)
    issues: list[Issue] = []
    values, text = _build(data, PurePath(filename).stem, issues, files)
    problems += [Problem(filename, lines.line_of(path), path, message) for path, message in issues]
    sections, body_problems = _read_body(parts, data, text)
    problems += located(body_problems)
    problems.sort(key=lambda problem: problem.line or 0)
    slug = data.get("slug") if isinstance(data.get("slug"), str) else None
    if problems:
        return Checked(None, problems, slug, lines.line_of("slug"))
    lesson = Lesson(
        **values,
        body=parts.body.strip(),
        body_sections=sections,
        version=quiz_version(values["questions"]),
        source_file=filename,
    )
    warnings = _warnings(lesson, filename, lines)
    return Checked(lesson, [], slug, lines.line_of("slug"), warnings, lines)


def check_lesson_text(
    text: str | bytes, filename: str, articles: str | Path | None = None
) -> Checked:
    """Check one lesson file's contents, against the article files in `articles` when given."""
    return _check(text, filename, ArticleFiles(articles) if articles is not None else None)


def load_lesson_text(
    text: str | bytes, filename: str, articles: str | Path | None = None
) -> tuple[Lesson | None, list[Problem]]:
    """Check one lesson file's contents; the lesson is None unless there are no problems."""
    checked = check_lesson_text(text, filename, articles)
    return checked.lesson, checked.problems


def _lesson_files(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.glob("*.md")
        if path.name.lower() != "readme.md" and not path.name.startswith((".", "_"))
    )


def display_order(lesson: Lesson) -> tuple[bool, str, str]:
    """Capstone lessons last, the rest alphabetical by title."""
    return (lesson.slug.startswith("capstone"), lesson.title.casefold(), lesson.slug)


def _files_warning(files: ArticleFiles | None) -> list[Problem]:
    """A warning when the verbatim check against the article files cannot run."""
    if files is None or files.available:
        return []
    message = (
        "the source article folder does not exist, so the paragraphs were not checked "
        "word for word against the articles"
    )
    return [Problem(str(files.folder), None, "", message)]


def _read_file(path: Path, files: ArticleFiles | None) -> Checked:
    """Check one lesson file on disk; an unreadable file is one problem."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return Checked(None, [Problem(str(path), None, "", f"cannot be read: {error.strerror}")])
    return _check(raw, str(path), files)


def load_library(folder: str | Path, articles: str | Path | None = None) -> Library:
    """Check every lesson file in `folder` (README.md aside), against `articles` when given."""
    folder = Path(folder)
    if not folder.is_dir():
        return Library(
            problems=[Problem(str(folder), None, "", "the lessons folder does not exist")]
        )
    files = ArticleFiles(articles) if articles is not None else None
    lessons: list[Lesson] = []
    problems: list[Problem] = []
    warnings = _files_warning(files)
    claimed: dict[str, str] = {}
    forms: list[Checked] = []
    for path in _lesson_files(folder):
        checked = _read_file(path, files)
        problems += checked.problems
        warnings += checked.warnings
        if checked.slug in claimed:
            message = f"'{checked.slug}' is also the slug of {claimed[checked.slug]}"
            problems.append(Problem(str(path), checked.slug_line, "slug", message))
        elif checked.lesson is not None and checked.lesson.check_in is not None:
            forms.append(checked)
        elif checked.lesson is not None:
            lessons.append(checked.lesson)
        if checked.slug is not None:
            claimed.setdefault(checked.slug, str(path))
    sound, set_problems = _check_in_sets(forms)
    lessons += sound
    problems += set_problems
    lessons.sort(key=display_order)
    return Library(
        lessons={lesson.slug: lesson for lesson in lessons}, problems=problems, warnings=warnings
    )


def _check_in_sets(forms: list[Checked]) -> tuple[list[Lesson], list[Problem]]:
    """The forms of every complete, matching check-in set, and the problems of the others.

    A set is served only whole: one form A and one form B that match item for item.
    """
    by_set: dict[str, dict[str, Checked]] = {}
    problems: list[Problem] = []

    def problem(checked: Checked, field: str, message: str) -> None:
        line = checked.lines.line_of(field) if checked.lines is not None else None
        problems.append(Problem(checked.lesson.source_file, line, field, message))

    broken: set[str] = set()
    for checked in forms:
        form = checked.lesson.check_in
        taken = by_set.setdefault(form.set, {})
        if form.form in taken:
            other = taken[form.form].lesson.source_file
            problem(checked, "check_in.form", f"form {form.form} of '{form.set}' is also {other}")
            broken.add(form.set)
        else:
            taken[form.form] = checked
    for name, found in by_set.items():
        for letter in check_ins.FORMS:
            if letter not in found:
                there = next(iter(found.values()))
                message = f"check-in set '{name}' has no form {letter}: a set needs both forms"
                problem(there, "check_in.set", message)
                broken.add(name)
        if "A" in found and "B" in found:
            issues = check_ins.parity(found["A"].lesson, found["B"].lesson)
            for field, message in issues:
                problem(found["B"], field, message)
            if issues:
                broken.add(name)
    sound = [
        checked.lesson
        for name, found in by_set.items()
        if name not in broken
        for checked in found.values()
    ]
    problems.sort(key=lambda item: (item.file, item.line or 0))
    return sound, problems
