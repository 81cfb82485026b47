"""The fixed words of lesson files (skills, source kinds, verdicts) and how pages name them.

Pure: no Flask or SQLAlchemy. Lesson checking accepts exactly these values (see
lessons/README.md); templates, charts and CSV headers take their labels from here.
"""

from __future__ import annotations

from enum import StrEnum


class Skill(StrEnum):
    """The three skills every objective and question names."""

    UNVERIFIED_CLAIMS = "unverified-claims"
    ANONYMOUS_SOURCING = "anonymous-sourcing"
    STATE_MEDIA_FRAMING = "state-media-framing"


class PageElement(StrEnum):
    """What a block of an article's page is: body text, or the page's furniture around it."""

    PARAGRAPH = "paragraph"
    HEADLINE = "headline"
    SUBHEADING = "subheading"
    CAPTION = "caption"
    ALSO_READ = "also-read"
    AGGREGATOR_WIDGET = "aggregator-widget"


# How the reading labels each kind of block; a plain paragraph carries no label.
PAGE_ELEMENT_LABELS = {
    PageElement.PARAGRAPH: "",
    PageElement.HEADLINE: "Headline",
    PageElement.SUBHEADING: "Subheading",
    PageElement.CAPTION: "Photo caption",
    PageElement.ALSO_READ: "'Also read' box",
    PageElement.AGGREGATOR_WIDGET: "Aggregator widget",
}


class SourceKind(StrEnum):
    """Who asserts a claim in the claim ledger."""

    OFFICIAL = "official"
    STATE_MEDIA = "state-media"
    COMBATANT = "combatant"
    NAMED_PERSON = "named-person"
    ANONYMOUS = "anonymous"
    PSEUDONYMOUS = "pseudonymous"
    AGGREGATOR = "aggregator"
    THINK_TANK = "think-tank"
    JOURNALISTS = "journalists"
    OUTLET = "outlet"


class Verdict(StrEnum):
    """How far the text alone lets us trust a claim (not whether the claim is true).

    Members are in precedence order: a claim takes the first verdict that fits, so a claim
    another party denies is contested even if a detail of it is checked.
    """

    CONTESTED = "contested"
    CHECKED = "checked"
    ATTRIBUTED = "attributed"
    UNSOURCED = "unsourced"


SKILL_LABELS = {
    Skill.UNVERIFIED_CLAIMS: "Unverified claims",
    Skill.ANONYMOUS_SOURCING: "Anonymous sourcing",
    Skill.STATE_MEDIA_FRAMING: "State-media framing",
}
# What a student should practise when a skill is weak (result page, class dashboard).
SKILL_HINTS = {
    Skill.UNVERIFIED_CLAIMS: "Ask who says so, and whether anyone independent in the text "
    "checked it.",
    Skill.ANONYMOUS_SOURCING: "Notice a source with no name, a false name, or a stake in the "
    "claim.",
    Skill.STATE_MEDIA_FRAMING: "Notice the words official bodies and state media choose, and what "
    "they leave out.",
}
SOURCE_KIND_LABELS = {
    SourceKind.OFFICIAL: "Official body",
    SourceKind.STATE_MEDIA: "State media",
    SourceKind.COMBATANT: "Armed group",
    SourceKind.NAMED_PERSON: "Named person",
    SourceKind.ANONYMOUS: "Anonymous",
    SourceKind.PSEUDONYMOUS: "Pseudonymous",
    SourceKind.AGGREGATOR: "Aggregator",
    SourceKind.THINK_TANK: "Think tank",
    SourceKind.JOURNALISTS: "Journalists",
    SourceKind.OUTLET: "The outlet itself",
}
VERDICT_LABELS = {
    Verdict.CONTESTED: "Contested",
    Verdict.CHECKED: "Checked in the text",
    Verdict.ATTRIBUTED: "Attributed, unchecked",
    Verdict.UNSOURCED: "Unsourced",
}
# One line per verdict for the "How to check a claim" page and lessons/README.md.
VERDICT_DEFINITIONS = {
    Verdict.CONTESTED: "Another party in the same text denies or contradicts the claim. "
    "Ask this first.",
    Verdict.CHECKED: "The text reports a specific independent check of this claim, or the "
    "reporter saw it for themselves.",
    Verdict.ATTRIBUTED: "A named, pseudonymous or vaguely described source says so, and nothing "
    "in the text checks it.",
    Verdict.UNSOURCED: "The outlet says it in its own voice, naming no one, including passives "
    'and hedges such as "have been accused", "is said to" or "as reported".',
}
# The order in which to ask the questions: the first verdict that fits is the claim's verdict.
VERDICT_PRECEDENCE = tuple(Verdict)
