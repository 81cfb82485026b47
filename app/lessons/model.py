"""The immutable lesson model built from a checked lesson file, and the problems found in files."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.questions import ArticleText, Question


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a lesson file, located by line and field path."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


@dataclass(frozen=True)
class Objective:
    """What students learn, tied to one skill."""

    skill: str
    text: str


@dataclass(frozen=True)
class Source:
    """One article a lesson reads from: its file in the collection and how its page presents it."""

    source: str
    outlet: str
    outlet_note: str | None
    headline: str
    published: str
    invented: bool = False  # written for a check-in: `source` is an id, not a file


@dataclass(frozen=True)
class CheckInForm:
    """Which check-in set a file is a form of, and which form (A or B)."""

    set: str
    form: str


@dataclass(frozen=True)
class Block:
    """One numbered block of the reading: a paragraph or page furniture, from one article."""

    number: int
    source: str
    kind: str
    sentences: tuple[str, ...]

    @property
    def text(self) -> str:
        """The block's sentences joined by single spaces."""
        return " ".join(self.sentences)


@dataclass(frozen=True)
class Article:
    """The reading; the first source is the default article, the fields above `sources` are its."""

    source: str
    outlet: str
    outlet_note: str | None
    headline: str
    published: str
    paragraphs: tuple[tuple[str, ...], ...]
    text: ArticleText
    sources: tuple[Source, ...] = ()
    blocks: tuple[Block, ...] = ()

    def sentence(self, sid: str) -> str | None:
        """The sentence with id like 'p3s2', or None."""
        return self.text.sentence(sid)

    def runs(self) -> list[tuple[Source, list[Block]]]:
        """Consecutive blocks grouped by their article, each with that article's source."""
        by_name = {source.source: source for source in self.sources}
        groups: list[tuple[Source, list[Block]]] = []
        for block in self.blocks:
            if not groups or groups[-1][0].source != block.source:
                groups.append((by_name[block.source], []))
            groups[-1][1].append(block)
        return groups


@dataclass(frozen=True)
class LedgerEntry:
    """One significant claim of the article and what the article shows about it."""

    id: str
    claim: str
    asserted_by: str
    source_kind: str
    stake: str
    has_stake: bool
    checked_in_text: str
    verdict: str
    note: str


@dataclass(frozen=True)
class Misconception:
    """A likely student misconception and how to respond."""

    misconception: str
    response: str


@dataclass(frozen=True)
class TeacherGuide:
    """How to run the lesson."""

    overview: str
    misconceptions: tuple[Misconception, ...]
    extension: str


@dataclass(frozen=True)
class Lesson:
    """A checked lesson; `version` changes whenever any question's definition changes."""

    slug: str
    title: str
    summary: str
    estimated_minutes: int
    skills: tuple[str, ...]
    objectives: tuple[Objective, ...]
    content_note: str
    introduction: str
    article: Article
    ledger: tuple[LedgerEntry, ...]
    discussion: tuple[str, ...]
    teacher_guide: TeacherGuide
    questions: tuple[Question, ...]
    body: str
    body_sections: tuple[tuple[str, str], ...]
    version: str
    source_file: str
    check_in: CheckInForm | None = None  # set for a check-in form, None for a lesson

    def question(self, question_id: str) -> Question | None:
        """The question with this id, or None."""
        return next((q for q in self.questions if q.id == question_id), None)

    @property
    def total_points(self) -> int:
        """Sum of all questions' points."""
        return sum(q.points for q in self.questions)


class SameLesson:
    """A lesson as a cache key: the very Lesson object, so anything worked out from it is kept
    for that object alone (a reloaded or edited lesson is a new one). Cheap to hash, unlike the
    lesson's fields."""

    __slots__ = ("lesson",)

    def __init__(self, lesson: Lesson) -> None:
        self.lesson = lesson

    def __hash__(self) -> int:
        return id(self.lesson)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SameLesson) and other.lesson is self.lesson


@dataclass(frozen=True)
class Library:
    """All lessons that passed the checks, in display order, and every problem found."""

    lessons: dict[str, Lesson] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # reported, but the lessons are served

    def get(self, slug: str) -> Lesson | None:
        """The lesson with this slug, or None."""
        return self.lessons.get(slug)

    def __iter__(self):
        """Lessons in display order."""
        return iter(self.lessons.values())

    def __len__(self) -> int:
        return len(self.lessons)

    @property
    def teaching(self) -> list[Lesson]:
        """The lessons teachers assign, in display order: every file but the check-in forms."""
        return [lesson for lesson in self.lessons.values() if lesson.check_in is None]

    @property
    def check_in_sets(self) -> dict[str, dict[str, Lesson]]:
        """Each complete check-in set by id: its forms by letter ("A", "B")."""
        sets: dict[str, dict[str, Lesson]] = {}
        for lesson in self.lessons.values():
            if lesson.check_in is not None:
                sets.setdefault(lesson.check_in.set, {})[lesson.check_in.form] = lesson
        return sets

    @property
    def question_count(self) -> int:
        """Questions across all lessons."""
        return sum(len(lesson.questions) for lesson in self.lessons.values())
