"""How the quoted spans of a paragraph relate to one another: a quote interrupted by its cue and resumed in the same
sentence, a quote that resumes right after the attribution of the one before, quotations joined by `and`, a quoted
fragment inside running prose, and a single-quoted paragraph that is a section head (direct.py decides which
spans are statements)."""

from __future__ import annotations

from ..parse.doc import ParsedDoc
from .candidates import Candidate
from .cueverbs import is_speech_verb
from .marks import QuoteSpan


def interrupted(doc: ParsedDoc, prev: QuoteSpan, span: QuoteSpan, first: Candidate | None) -> bool:
    """`“These guys know how to use words,” said Sherman, speaking of politicians, “and leave themselves …”`, `“It was
    a mistake,” the senator told reporters on Tuesday, “and I regret it.”`: a quotation interrupted by its cue and
    the cue's own modifiers, resumed in the same sentence after a comma. Everything between the two parts hangs on
    the cue."""
    if first is None or first.rule != "direct-cue-after" or prev.para != span.para or prev.open_ended:
        return False
    text = doc.text
    if text[prev.start : prev.end].rstrip()[-1:] not in (",", "—", "–", "-") or not text[: span.open_mark].rstrip().endswith(","):
        return False
    v = first.extra.get("cue_token")
    between = doc.tokens_between(prev.outer_end, span.open_mark)
    if v is None or v not in between or len(between) > 25:
        return False
    if any(j != v and is_speech_verb(doc, j) for j in between):
        return False  # `“…,” Gingrich told the paper, noting that he and his wife “have …”`: the participle's own quote
    under = set(doc.subtree(v))
    return all(j in under or doc.tokens[j].upos == "PUNCT" and doc.tokens[j].text in ",”\"'’" for j in between)


SUBHEAD_WORDS = 10  # words of a single-quoted paragraph that reads as a section head, at most


def subhead(text: str, span: QuoteSpan, ps: int, pe: int) -> bool:
    """`'A fight from start to finish.'` as a paragraph of its own: a section head quoting the story, not a quote
    that continues the speaker before it (American style sets quotations in double marks)."""
    return (not text[ps : span.open_mark].strip() and not text[span.outer_end : pe].strip()
            and len(text[span.start : span.end].split()) <= SUBHEAD_WORDS)


def resumes(text: str, spans: list[QuoteSpan], attributed: list, k: int) -> bool:
    """`“We will not raise taxes,” she said. “Not this year.”`: a quote, however short, that opens the sentence
    right after the attribution of the quote before it in the paragraph resumes that quote."""
    if k == 0 or attributed[k - 1] is None:
        return False
    prev, span = spans[k - 1], spans[k]
    if prev.para != span.para or prev.open_ended:
        return False
    if coordinated(text, prev, span):  # `chanted “Send them home,” and “Build the wall.”`
        return True
    between = text[prev.outer_end : span.open_mark].strip()
    content = text[span.start : span.end].strip()
    return (0 < len(between.split()) <= 12 and between[-1:] in ".,:" and content[-1:] in ".!?…"
            and content[:1].isupper())


def coordinated(text: str, prev: QuoteSpan, span: QuoteSpan) -> bool:
    """Two quotations joined by `and` or `or` in one sentence (`“Send them home,” and “Build the wall.”`): what one
    cue introduces, as one statement."""
    between = text[prev.outer_end : span.open_mark].strip(" ,")
    return prev.para == span.para and between in ("and", "or", "and then")


def is_fragment(text: str, span: QuoteSpan, ps: int, pe: int) -> bool:
    """A quoted piece inside running prose: a scare quote, a nickname, a title, a quoted word."""
    content = text[span.start : span.end].strip()
    words = content.split()
    pre = text[ps : span.open_mark].rstrip()
    post = text[span.outer_end : pe].lstrip()
    starts_sentence = not pre or pre[-1:] in ".!?:”\"" or pre.endswith(("—", "–"))
    ends_sentence = span.open_ended or not post or content[-1:] in ".!?…" or post[:1] in ".!?"
    if len(words) < 4:
        return True
    return not (starts_sentence and ends_sentence)
