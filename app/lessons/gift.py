"""Moodle GIFT for a lesson: each question type writes its own answers (Question.gift).

Types GIFT cannot express become `// skipped:` comments saying why.
"""

from __future__ import annotations

from app.lessons.model import Lesson
from app.questions import Question
from app.questions.gift import escape


def _header(lesson: Lesson, question: Question) -> str:
    text = f"> {question.quote}\n\n{question.prompt}" if question.quote else question.prompt
    return f"::{escape(lesson.slug)} {escape(question.id)}::[markdown]{escape(text)}"


def _general(question: Question) -> str:
    return f"####{escape(question.explanation)}"


def question_to_gift(lesson: Lesson, question: Question) -> str:
    """One question in GIFT, or a `// skipped:` comment saying why it cannot be written."""
    gift = question.gift()
    if gift.not_expressible:
        why = gift.not_expressible
        return f"// skipped: {lesson.slug} {question.id} ({question.type}): {why}\n"
    comment = f"{gift.comment}\n" if gift.comment else ""
    if not gift.answers:  # an essay: the teacher marks it in Moodle too
        return f"{comment}{_header(lesson, question)}{{}}\n"
    body = "\n".join([*gift.answers, _general(question)])
    return f"{comment}{_header(lesson, question)}{{\n{body}\n}}\n"


def lesson_to_gift(lesson: Lesson) -> str:
    """A lesson's questions under a Moodle category named after the lesson."""
    title = " ".join(lesson.title.split())
    lines = [f"// {title} ({lesson.slug}, version {lesson.version})"]
    lines.append(f"$CATEGORY: $course$/Sourcewise/{lesson.slug}\n")
    lines += [question_to_gift(lesson, question) for question in lesson.questions]
    return "\n".join(lines)
