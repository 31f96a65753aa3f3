"""CoNLL-U backend: pre-parsed articles for corpora that were parsed elsewhere (`--parser conllu`).

`read_conllu_article` turns a `.conllu` file into an `Article` whose text is the sentences' `# text =`
lines joined by single spaces, with a blank line where `# newpar` starts a paragraph (CONTRACT.md), and
keeps the CoNLL-U itself in `Article.conllu`. The backend converts that CoNLL-U into a `ParsedDoc` whose
token offsets index `Article.text`: each token's FORM is found in its sentence's text. Relations are kept
as given (lower-cased, subtypes kept); entities come from `NER=` (or stanza's `ner=`) in MISC, BIO or BIOES.

Pure Python on purpose: reading pre-parsed input must not need stanza or torch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import InputError, QuotesError
from ..records import Article
from ..text import HEADER_RE
from .base import Backend, register
from .doc import Entity, ParsedDoc, Sentence, Token

_RANGE = re.compile(r"^(\d+)-(\d+)$")
_EMPTY_NODE = re.compile(r"^\d+\.\d+$")
_META_KEYS = ("source", "url", "title", "published")


@dataclass
class ConlluWord:
    id: int
    form: str
    lemma: str
    upos: str
    xpos: str
    head: int | None  # 1-based, 0 for root, None when the column is `_`
    deprel: str
    misc: str
    line: int


@dataclass
class ConlluToken:
    """A surface token: one word, or a multi-word token's range line with its words."""

    form: str
    misc: str
    words: list[ConlluWord]
    line: int


@dataclass
class ConlluSentence:
    tokens: list[ConlluToken]
    text: str | None  # the `# text =` comment, when given
    newpar: bool
    line: int

    @property
    def words(self) -> list[ConlluWord]:
        return [w for t in self.tokens for w in t.words]


@dataclass
class ConlluDocument:
    sentences: list[ConlluSentence]
    meta: dict[str, str] = field(default_factory=dict)


def parse_conllu(source: str, origin: str = "<conllu>") -> ConlluDocument:
    """Parse CoNLL-U text; a malformed line raises InputError naming `origin` and the line number."""
    sentences: list[ConlluSentence] = []
    meta: dict[str, str] = {}
    block: list[tuple[int, str]] = []
    for number, line in enumerate(source.splitlines(), start=1):
        if line.strip():
            block.append((number, line.rstrip("\r\n")))
            continue
        if block:
            _add_block(block, sentences, meta, origin)
            block = []
    if block:
        _add_block(block, sentences, meta, origin)
    return ConlluDocument(sentences, meta)


def _add_block(block: list[tuple[int, str]], sentences: list[ConlluSentence], meta: dict[str, str],
               origin: str) -> None:
    comments = [(n, line) for n, line in block if line.startswith("#")]
    rows = [(n, line) for n, line in block if not line.startswith("#")]
    text, newpar = None, False
    for _, line in comments:
        key, _, value = line[1:].partition("=")
        key = key.strip().lower()
        if key == "text":
            text = value.removeprefix(" ")  # "# text = X": the text is X, as written
        elif key.startswith(("newpar", "newdoc")):
            newpar = True
        elif key in _META_KEYS and not sentences and value.strip():
            meta.setdefault(key, value.strip())
    if not rows:
        return  # comments only (a document header)
    tokens = _tokens(rows, origin)
    _check_heads(tokens, origin)
    sentences.append(ConlluSentence(tokens, text, newpar, rows[0][0]))


def _tokens(rows: list[tuple[int, str]], origin: str) -> list[ConlluToken]:
    tokens: list[ConlluToken] = []
    open_range: tuple[int, int] | None = None
    expected = 1
    for number, line in rows:
        cols = line.split("\t")
        if len(cols) != 10:
            raise InputError(f"{origin}:{number}: malformed CoNLL-U line: expected 10 tab-separated columns, "
                              f"found {len(cols)}")
        ident = cols[0]
        if _EMPTY_NODE.match(ident):
            continue  # enhanced-UD empty node: not a surface word
        if m := _RANGE.match(ident):
            first, last = int(m.group(1)), int(m.group(2))
            if first != expected or last < first:
                raise InputError(f"{origin}:{number}: malformed CoNLL-U line: bad multi-word range {ident!r}")
            tokens.append(ConlluToken(cols[1], cols[9], [], number))
            open_range = (first, last)
            continue
        if not ident.isdigit() or int(ident) != expected:
            raise InputError(f"{origin}:{number}: malformed CoNLL-U line: expected word id {expected}, "
                              f"found {ident!r}")
        word = _word(cols, number, origin)
        if open_range and open_range[0] <= word.id <= open_range[1]:
            tokens[-1].words.append(word)
        else:
            tokens.append(ConlluToken(word.form, word.misc, [word], number))
        if open_range and word.id >= open_range[1]:
            open_range = None
        expected += 1
    if open_range:
        raise InputError(f"{origin}:{rows[-1][0]}: malformed CoNLL-U: multi-word range "
                          f"{open_range[0]}-{open_range[1]} has missing words")
    return tokens


def _word(cols: list[str], number: int, origin: str) -> ConlluWord:
    head_col = cols[6]
    if head_col == "_":
        head = None
    elif head_col.isdigit():
        head = int(head_col)
    else:
        raise InputError(f"{origin}:{number}: malformed CoNLL-U line: HEAD {head_col!r} is not a number")
    form = cols[1]
    lemma = cols[2] if cols[2] != "_" or form == "_" else form
    return ConlluWord(int(cols[0]), form, lemma, _blank(cols[3]), _blank(cols[4]), head, _blank(cols[7]),
                      cols[9], number)


def _blank(value: str) -> str:
    return "" if value == "_" else value


def _check_heads(tokens: list[ConlluToken], origin: str) -> None:
    n = sum(len(t.words) for t in tokens)
    for t in tokens:
        for w in t.words:
            if w.head is not None and w.head > n:
                raise InputError(f"{origin}:{w.line}: malformed CoNLL-U line: HEAD {w.head} points outside "
                                  f"its sentence of {n} words")


def misc_value(misc: str, *keys: str) -> str | None:
    """The value of the first of `keys` found in a MISC column (`A=1|B=2`), else None."""
    if not misc or misc == "_":
        return None
    for piece in misc.split("|"):
        key, eq, value = piece.partition("=")
        if eq and key in keys:
            return value
    return None


def layout_text(doc: ConlluDocument) -> tuple[str, list[tuple[int, int]]]:
    """The article text of a parsed CoNLL-U document, and each sentence's span in it."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for sent in doc.sentences:
        if parts:
            sep = "\n\n" if sent.newpar else " "
            parts.append(sep)
            pos += len(sep)
        text = sent.text if sent.text is not None else _rebuild(sent)
        parts.append(text)
        spans.append((pos, pos + len(text)))
        pos += len(text)
    return "".join(parts), spans


def _rebuild(sent: ConlluSentence) -> str:
    """A sentence's text from its tokens and SpaceAfter=No, when it has no `# text =` line."""
    out = []
    for i, t in enumerate(sent.tokens):
        out.append(t.form)
        no_space = "No" in (misc_value(t.misc, "SpaceAfter"), misc_value(t.words[-1].misc, "SpaceAfter"))
        if i + 1 < len(sent.tokens) and not no_space:
            out.append(" ")
    return "".join(out)


def read_conllu_article(path: str | Path) -> Article:
    """An `Article` from a `.conllu` file; `article_id` is the file stem, `conllu` the file's text."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from e
    try:
        source = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text (byte {e.start}); CoNLL-U files must be UTF-8") from e
    return conllu_article(source, path.stem, origin=str(path))


def conllu_article(source: str, article_id: str, origin: str = "") -> Article:
    """An `Article` from CoNLL-U text (see `read_conllu_article`)."""
    doc = parse_conllu(source, origin or article_id)
    text, _ = layout_text(doc)
    published = doc.meta.get("published", "")
    if not published and (m := HEADER_RE.match(text)):
        published = m.group(1)
    return Article(article_id=article_id, text=text, source=doc.meta.get("source", ""),
                   url=doc.meta.get("url", ""), title=doc.meta.get("title", ""), published=published,
                   origin=origin, conllu=source)


def convert_conllu(source: str, text: str, label: str = "conllu", origin: str = "<conllu>") -> ParsedDoc:
    """A `ParsedDoc` from CoNLL-U text whose token offsets index `text` (the article text)."""
    doc = parse_conllu(source, origin)
    laid_out, spans = layout_text(doc)
    if laid_out != text:
        spans = _find_sentences(doc, text, origin)
    tokens: list[Token] = []
    sents: list[Sentence] = []
    ents: list[Entity] = []
    for sent, (s_start, s_end) in zip(doc.sentences, spans, strict=True):
        first = len(tokens)
        tags: list[str] = []
        cursor = s_start
        for tok in sent.tokens:
            start, end = _align(text, tok.form, cursor, s_end, origin, tok.line)
            cursor = end
            tag = misc_value(tok.misc, "NER", "ner") or next(
                (v for w in tok.words if (v := misc_value(w.misc, "NER", "ner"))), None) or "O"
            for w, (ws, we) in zip(tok.words, split_word_spans(text, start, end, [w.form for w in tok.words])):
                head = first + w.head - 1 if w.head else len(tokens)
                deprel = "root" if head == len(tokens) else (w.deprel.lower() or "dep")
                as_written = len(tok.words) == 1 or (ws, we) != (start, end)  # else an MWT word sharing the span
                tokens.append(Token(i=len(tokens), text=text[ws:we] if as_written else w.form, start=ws, end=we,
                                    lemma=w.lemma or w.form, upos=w.upos or "X", head=head, deprel=deprel,
                                    sent=len(sents), xpos=w.xpos))
                tags.append(tag)
        if len(tokens) == first:
            continue
        sents.append(Sentence(first, len(tokens), tokens[first].start, tokens[-1].end))
        ents.extend(_entities(tokens, first, tags))
    tokens = apply_entities(tokens, ents)
    return ParsedDoc(text=text, tokens=tokens, sents=sents, parser=label, ents=ents)


def _find_sentences(doc: ConlluDocument, text: str, origin: str) -> list[tuple[int, int]]:
    """Sentence spans when the article text is not exactly the CoNLL-U layout: each sentence's tokens
    are searched from where the previous sentence ended."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for sent in doc.sentences:
        first: int | None = None
        for tok in sent.tokens:
            start, pos = _align(text, tok.form, pos, len(text), origin, tok.line)
            first = start if first is None else first
        spans.append((pos if first is None else first, pos))
    return spans


def _align(text: str, form: str, cursor: int, limit: int, origin: str, line: int) -> tuple[int, int]:
    """Offsets of `form` at or after `cursor`: right after white space, else anywhere before `limit`."""
    pos = cursor
    while pos < limit and text[pos].isspace():
        pos += 1
    if text.startswith(form, pos):
        return pos, pos + len(form)
    found = text.find(form, cursor, limit)
    if found < 0:
        squeezed = _find_ignoring_spaces(text, form, pos, limit)
        if squeezed is None:
            raise InputError(f"{origin}:{line}: token {form!r} does not occur in its sentence's text "
                              f"(near {text[pos:pos + 30]!r})")
        return squeezed
    return found, found + len(form)


def _find_ignoring_spaces(text: str, form: str, pos: int, limit: int) -> tuple[int, int] | None:
    """A form written with inner spaces in the text ("New York" as one token)."""
    pattern = r"\s*".join(re.escape(c) for c in form if not c.isspace())
    m = re.compile(pattern).search(text, pos, limit) if pattern else None
    return (m.start(), m.end()) if m else None


def split_word_spans(text: str, start: int, end: int, forms: list[str]) -> list[tuple[int, int]]:
    """Character spans for the words of one surface token at text[start:end].

    A multi-word token whose words spell it out ("don't" = "do" + "n't", "gonna" = "gon" + "na") gives
    each word its own piece; otherwise ("del" = "de" + "el") every word shares the whole token's span."""
    if len(forms) <= 1:
        return [(start, end)] * len(forms)
    pattern = r"\s*".join(f"({re.escape(f)})" for f in forms)
    m = re.fullmatch(pattern, text[start:end], flags=re.IGNORECASE)
    if not m:
        return [(start, end)] * len(forms)
    return [(start + m.start(k), start + m.end(k)) for k in range(1, len(forms) + 1)]


def decode_entity_tags(tags: list[str]) -> list[tuple[int, int, str]]:
    """Entity spans `(first, last_exclusive, label)` from BIO, IOB2 or BIOES tags ("O" or "" outside)."""
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, kind = (tag or "O").partition("-")
        if not kind and prefix not in ("O", "_"):
            prefix, kind = "S", prefix  # a bare label ("PERSON") is a one-token entity
        continues = prefix in ("I", "E") and start >= 0 and kind == label
        if start >= 0 and not continues:
            spans.append((start, i, label))
            start = -1
        if prefix in ("B", "S") or (prefix in ("I", "E") and start < 0):
            start, label = i, kind
        if prefix in ("E", "S") and start >= 0:
            spans.append((start, i + 1, label))
            start = -1
    return spans


def _entities(tokens: list[Token], first: int, tags: list[str]) -> list[Entity]:
    out = []
    for s, e, label in decode_entity_tags(tags):
        a, b = first + s, first + e
        out.append(Entity(a, b, label, tokens[a].start, tokens[b - 1].end))
    return out


def apply_entities(tokens: list[Token], ents: list[Entity]) -> list[Token]:
    """Tokens with `ent`/`ent_iob` set from the entity list."""
    out = list(tokens)
    for e in ents:
        for i in range(e.first, e.last):
            out[i] = replace(out[i], ent=e.label, ent_iob="B" if i == e.first else "I")
    return out


@register("conllu")
class ConlluBackend(Backend):
    """Reads the parse stored with each article (`Article.conllu`) instead of parsing text."""

    name = "conllu"

    def parse_articles(self, articles: Iterable[Article]) -> Iterator[ParsedDoc]:
        for article in articles:
            if not article.conllu:
                raise QuotesError(f"{article.origin or article.article_id}: --parser conllu needs .conllu input "
                                  "(pre-parsed CoNLL-U files); use --parser spacy or stanza for plain text")
            yield convert_conllu(article.conllu, article.text, self.label, article.origin or article.article_id)

    def parse_chunks(self, chunks: Iterable[str]) -> Iterator[ParsedDoc]:
        raise QuotesError("--parser conllu needs .conllu input (pre-parsed CoNLL-U files), not plain text; "
                          "use --parser spacy or stanza for plain text")
