"""Checking the front matter's lesson-level fields (all but the quiz) and building the model."""

from __future__ import annotations

from typing import Any

from app.lesson_vocabulary import Skill, SourceKind, Verdict
from app.lessons.check_ins import FORMS
from app.lessons.model import CheckInForm, LedgerEntry, Misconception, Objective, TeacherGuide
from app.questions import ArticleText
from app.questions.fields import ID_PATTERN, Fields, unique_ids, verbatim

TOP_KEYS = (
    "slug", "title", "summary", "estimated_minutes", "skills", "objectives", "content_note",
    "introduction", "article", "ledger", "discussion", "teacher_guide", "quiz", "check_in",
)  # fmt: skip
CHECK_IN_KEYS = ("set", "form")
OBJECTIVE_KEYS = ("skill", "text")
LEDGER_KEYS = (
    "id", "claim", "asserted_by", "source_kind", "stake", "has_stake", "checked_in_text",
    "verdict", "note",
)  # fmt: skip
GUIDE_KEYS = ("overview", "misconceptions", "extension")
MISCONCEPTION_KEYS = ("misconception", "response")


def read_metadata(fields: Fields, stem: str) -> dict[str, Any]:
    """Slug (equal to the file name), title, summary, minutes, skills and the two texts."""
    slug = fields.identifier("slug", pattern=ID_PATTERN)
    if slug is not None and slug != stem:
        fields.report("slug", f"'{slug}' must equal the file name '{stem}' (without .md)")
    return {
        "slug": slug,
        "title": fields.text("title"),
        "summary": fields.text("summary"),
        "estimated_minutes": fields.whole_number("estimated_minutes", 5, 180),
        "skills": fields.skills(),
        "content_note": fields.text("content_note"),
        "introduction": fields.text("introduction"),
    }


def read_objectives(fields: Fields, skills: tuple[str, ...] | None) -> tuple[Objective, ...]:
    """Objectives, each naming a skill of the lesson; every listed skill needs one."""
    allowed = skills or tuple(Skill)
    found = []
    for record in fields.records("objectives", OBJECTIVE_KEYS, "objectives", 1):
        skill = record.choice("skill", allowed, what="skill listed in this lesson's skills")
        text = record.text("text")
        if skill is not None and text is not None:
            found.append(Objective(skill, text))
    raw = fields.get("objectives")
    if isinstance(raw, list):
        named = [entry.get("skill") for entry in raw if isinstance(entry, dict)]
        for skill in (s for s in skills or () if s not in named):
            fields.report(
                "objectives", f"no objective for the skill '{skill}' (each listed skill needs one)"
            )
    return tuple(found)


def _ledger_entry(record: Fields, entry_id: str | None, text: ArticleText) -> LedgerEntry | None:
    values = {
        "id": entry_id,
        "claim": verbatim(record, "claim", text.contains, required=True, closest=text.closest),
        "asserted_by": record.text("asserted_by"),
        "source_kind": record.choice("source_kind", tuple(SourceKind), what="source kind"),
        "stake": record.text("stake", why='say how the source gains, or write "none evident"'),
        "has_stake": record.flag("has_stake", required=True),
        "checked_in_text": record.text("checked_in_text", why='or write "Nothing in the article."'),
        "verdict": record.choice("verdict", tuple(Verdict), what="verdict"),
        "note": record.text("note"),
    }
    return None if None in values.values() else LedgerEntry(**values)


def read_ledger(fields: Fields, text: ArticleText) -> tuple[LedgerEntry, ...]:
    """Claim ledger entries with unique ids and verbatim claims."""
    records = fields.records("ledger", LEDGER_KEYS, "claims", 1)
    ids = unique_ids(records, "ledger", pattern=ID_PATTERN)
    entries = (_ledger_entry(r, i, text) for r, i in zip(records, ids, strict=True))
    return tuple(entry for entry in entries if entry is not None)


def read_discussion(fields: Fields) -> tuple[str, ...]:
    """Discussion prompts: a list of Markdown texts."""
    return tuple(text for _, text in fields.texts("discussion", "discussion prompts"))


def read_teacher_guide(fields: Fields) -> TeacherGuide | None:
    """Overview, misconceptions with responses, and an extension activity."""
    section = fields.section("teacher_guide", GUIDE_KEYS)
    if section is None:
        return None
    misconceptions = []
    for record in section.records("misconceptions", MISCONCEPTION_KEYS, "misconceptions", 1):
        misconception, response = record.text("misconception"), record.text("response")
        if misconception is not None and response is not None:
            misconceptions.append(Misconception(misconception, response))
    overview, extension = section.text("overview"), section.text("extension")
    if overview is None or extension is None:
        return None
    return TeacherGuide(overview, tuple(misconceptions), extension)


def read_check_in(fields: Fields) -> CheckInForm | None:
    """The optional `check_in` group: the set this file is a form of, and its letter."""
    if "check_in" not in fields.data:
        return None
    section = fields.section("check_in", CHECK_IN_KEYS)
    if section is None:
        return None
    name = section.identifier("set", pattern=ID_PATTERN)
    form = section.choice("form", FORMS, what="check-in form")
    return CheckInForm(name, form) if name is not None and form is not None else None
