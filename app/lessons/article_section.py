"""The `article` section: the lesson's source articles and the numbered blocks students read.

Blocks are paragraphs or page furniture (headline, subheading, caption, 'Also read' box,
aggregator widget), numbered in one sequence in file order, so sentence ids such as `p3s2` work
for every kind. With the article files at hand each block is checked word for word against the
article it names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.lesson_vocabulary import PageElement
from app.lessons.model import Article, Block, Source
from app.lessons.sentences import split_sentences
from app.lessons.source_files import ArticleFiles
from app.questions import ArticleText
from app.questions.article import difference
from app.questions.fields import ID_PATTERN, ID_RULE, Fields, describe

SOURCE_KEYS = ("source", "invented", "outlet", "outlet_note", "headline", "published")
ARTICLE_KEYS = (*SOURCE_KEYS, "more_articles", "paragraphs")
BLOCK_KEYS = ("from", "kind", "text")


@dataclass
class _Read:
    """One block as read: its text, where it sits in the file, and its article and kind."""

    path: str  # field path of the text
    text: str
    sentences: tuple[str, ...]
    as_list: bool  # given sentence by sentence, so a difference can name the sentence
    source: str | None
    kind: str | None


def _paragraph(path: str, value: Any, issues: list) -> tuple[str, tuple[str, ...]]:
    """(text, sentences) of one block's text; a broken one stays as a blank to keep numbering."""
    if isinstance(value, str) and value.strip():
        return value.strip(), tuple(split_sentences(value.strip()))
    if isinstance(value, list) and value:
        sentences = []
        for number, sentence in enumerate(value, start=1):
            if isinstance(sentence, str) and sentence.strip():
                sentences.append(sentence.strip())
            else:
                issues.append(
                    (f"{path}[{number}]", f"must be a sentence (text), not {describe(sentence)}")
                )
        return " ".join(sentences), tuple(sentences)
    rule = "must be text, or a list of sentences"
    issues.append((path, f"{rule}, not {describe(value)}" if value else f"is empty ({rule})"))
    return "", ()


def _plain_name(name: str) -> bool:
    """Whether `name` is a bare file name: no folders, not hidden, nothing outside the folder."""
    return bool(name) and "/" not in name and "\\" not in name and not name.startswith(".")


def _source(fields: Fields) -> Source | None:
    """One declared article: file (or invented passage id), outlet, note, headline, date."""
    name = fields.text("source")
    invented = fields.flag("invented")
    if name is not None and invented and not ID_PATTERN.fullmatch(name):
        fields.report("source", f"'{name}' is not a valid id for an invented passage ({ID_RULE})")
        name = None
    elif name is not None and not _plain_name(name):
        fields.report("source", "must be a file name from the article collection, without folders")
        name = None
    parts = {
        "outlet": fields.text("outlet"),
        "outlet_note": fields.text("outlet_note", required=False),
        "headline": fields.text("headline"),
        "published": fields.text("published", why='as printed, or "not stated"'),
    }
    if name is None or invented is None:
        return None
    if None in (parts["outlet"], parts["headline"], parts["published"]):
        return None
    return Source(source=name, invented=invented, **parts)


def _sources(section: Fields) -> tuple[list[Source | None], dict[str, str]]:
    """The default article, then `more_articles`; and each usable file name with its field path."""
    records = section.records("more_articles", SOURCE_KEYS, "articles", 0)
    sources = [_source(section)] + [_source(record) for record in records]
    names: dict[str, str] = {}
    for fields in [section, *records]:
        name = fields.get("source")
        if isinstance(name, str) and name.strip() in names:
            fields.report("source", f"'{name.strip()}' is already declared in this lesson")
        elif isinstance(name, str) and _plain_name(name.strip()):
            names[name.strip()] = fields.at("source")
    return sources, names


def _mapped_block(path: str, value: dict, section: Fields, names: dict[str, str]) -> _Read:
    """A block written with `from`, `kind` and `text`."""
    fields = Fields(value, path, BLOCK_KEYS, section.issues)
    kind = (
        fields.choice("kind", tuple(PageElement), what="page element")
        if "kind" in value
        else PageElement.PARAGRAPH
    )
    several = len(names) > 1
    origin = fields.text("from", required=several, why="the file name of the block's article")
    if origin is not None and origin not in names:
        fields.report("from", f"'{origin}' is not one of this lesson's articles ({_listed(names)})")
        origin = None
    elif origin is None and not several:
        origin = next(iter(names), None)
    if "text" not in value:
        fields.report(None, "text is missing (the block's words, copied exactly)")
        return _Read(path, "", (), False, origin, kind)
    text, sentences = _paragraph(fields.at("text"), value["text"], section.issues)
    return _Read(fields.at("text"), text, sentences, isinstance(value["text"], list), origin, kind)


def _listed(names: dict[str, str]) -> str:
    return "declared: " + ", ".join(sorted(names)) if names else "none is declared"


def _block(path: str, value: Any, section: Fields, names: dict[str, str]) -> _Read:
    """One entry of `paragraphs`: plain text, a list of sentences, or a mapping."""
    if isinstance(value, dict):
        return _mapped_block(path, value, section, names)
    text, sentences = _paragraph(path, value, section.issues)
    origin = next(iter(names)) if len(names) == 1 else None
    if len(names) > 1:
        message = "this lesson has several articles: write the block as 'from:' and 'text:'"
        section.issues.append((path, message))
    return _Read(path, text, sentences, isinstance(value, list), origin, PageElement.PARAGRAPH)


def _sentence_at(sentences: tuple[str, ...], offset: int) -> int:
    """Number (from 1) of the sentence holding `offset` in the sentences joined by spaces."""
    end = 0
    for number, sentence in enumerate(sentences, start=1):
        end += len(sentence) + 1
        if offset < end:
            return number
    return len(sentences)


def _check_words(number: int, read: _Read, files: ArticleFiles, issues: list) -> None:
    """Report where a block stops matching its article file, naming the changed word."""
    article = files.text(read.source or "")
    if article is None or not read.text:
        return
    found = difference(read.text, article)
    if found is None:
        return
    offset, word, has = found
    path = f"{read.path}[{_sentence_at(read.sentences, offset)}]" if read.as_list else read.path
    where = f"{read.kind} {number} differs from {read.source}"
    if has is None:
        issues.append((path, f'{where}: not even its first word "{word}" is in the article'))
    else:
        issues.append((path, f'{where} at "{word}" (article has "{has}")'))


def _check_files(
    section: Fields, reads: list[_Read], names: dict[str, str], files: ArticleFiles
) -> None:
    """Every declared article file exists; every block is word for word in its article."""
    invented = _invented(section)
    for name, path in names.items():
        if name not in invented and files.text(name) is None:
            section.issues.append((path, f"the article file '{name}' is not in {files.folder}"))
    for number, read in enumerate(reads, start=1):
        if read.source not in invented:
            _check_words(number, read, files, section.issues)


def _invented(section: Fields) -> set[str]:
    """The names of the passages declared `invented: true`: there is no file to compare with."""
    more = section.get("more_articles")
    entries = [section.data, *(more if isinstance(more, list) else [])]
    return {
        entry["source"].strip()
        for entry in entries
        if isinstance(entry, dict)
        and entry.get("invented") is True
        and isinstance(entry.get("source"), str)
    }


def _article(sources: list[Source | None], reads: list[_Read], text: ArticleText) -> Article | None:
    if None in sources or any(r.source is None or r.kind is None for r in reads):
        return None
    default = sources[0]
    blocks = tuple(
        Block(number, read.source, read.kind, read.sentences)
        for number, read in enumerate(reads, start=1)
    )
    return Article(
        source=default.source,
        outlet=default.outlet,
        outlet_note=default.outlet_note,
        headline=default.headline,
        published=default.published,
        paragraphs=text.sentences,
        text=text,
        sources=tuple(sources),
        blocks=blocks,
    )


def read_article(fields: Fields, files: ArticleFiles | None) -> tuple[Article | None, ArticleText]:
    """The article, plus its text for verbatim checks even when other article fields are wrong."""
    section = fields.section("article", ARTICLE_KEYS)
    if section is None:
        return None, ArticleText((), ())
    sources, names = _sources(section)
    entries = section.items("paragraphs", "paragraphs", 1) or []
    path = section.at("paragraphs")
    reads = [
        _block(f"{path}[{number}]", value, section, names)
        for number, value in enumerate(entries, start=1)
    ]
    text = ArticleText(tuple(r.text for r in reads), tuple(r.sentences for r in reads))
    if files is not None and files.available:
        _check_files(section, reads, names, files)
    return _article(sources, reads, text), text
