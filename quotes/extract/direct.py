"""Direct quotes: quoted spans and the attribution before, after or between them.

`“…,” X said.` (cue after), `X said: “…”` (cue before), `“A,” X said. “B.”` (split: B continues A),
`“…” said X` (inversion), multi-paragraph quotes that reopen without closing, and floating quotes (a
quoted paragraph with no cue, continuing the last attributed speaker). Quoted fragments with no cue of
their own (scare quotes, nicknames, titles) are not direct quotes: the reported-speech rules may take
them inside a mixed quote.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..parse.doc import ParsedDoc
from .candidates import Candidate
from .colon import colon_cue, colon_speaker, inverted_label, noun_label, paragraph_closing_colon
from .cueverbs import (  # noqa: F401 (is_cue_verb re-exported)
    according_after,
    aged_speaker,
    inverted_writing,
    is_cue_verb,
    is_speech_verb,
    misread_cue_after,
    written_read,
    written_source,
)
from .lexicon import lexicon
from .marks import QuoteSpan
from .sequence import coordinated, interrupted, is_fragment, resumes, subhead
from .spans import cue_span, name_appos, np_span, role_span
from .syntax import relative_antecedent, subject_of

SENT_END = {".", "!", "?", "…"}
AFTER_WINDOW = 14  # tokens after the closing mark in which the attribution must start
BEFORE_WINDOW = 10  # tokens between the cue verb and the opening mark, at most


SMALL_WORDS = {"a", "an", "the", "of", "and", "or", "in", "on", "for", "to", "at", "by", "with", "de", "la"}


def looks_like_title(content: str) -> bool:
    """“A Country That Works”, “The Silent River”: every word capitalised, no sentence punctuation."""
    words = [w for w in content.split() if any(c.isalpha() for c in w)]
    if len(words) < 2 or any(c in content for c in ".?!;"):
        return False
    return all(w[:1].isupper() or w.lower() in SMALL_WORDS for w in words) and words[0][:1].isupper()


def _window_after(doc: ParsedDoc, span: QuoteSpan, para_end: int, opens: set[int]) -> list[int]:
    out = []
    tokens = doc.tokens
    for i in range(doc.first_token_from(span.outer_end), len(tokens)):
        t = tokens[i]
        if t.start >= para_end or t.start in opens:
            break
        out.append(t.i)
        if t.text in SENT_END:
            break
    return out


def _window_before(doc: ParsedDoc, span: QuoteSpan, para_start: int, closes: set[int]) -> list[int]:
    out = []
    j = doc.token_at(span.open_mark)
    j = j - 1 if j >= 0 else -1
    if j < 0:
        toks = [t for t in doc.tokens if t.end <= span.open_mark]
        j = toks[-1].i if toks else -1
    while j >= 0:
        t = doc.tokens[j]
        if t.end <= para_start or t.start in closes or t.text in SENT_END:
            break
        if t.end <= span.open_mark:
            out.append(j)
        j -= 1
    return out[::-1]


def attribution(doc: ParsedDoc, verbs: list[int], avoid: tuple[int, int]) -> tuple[int, object] | None:
    """The first cue verb in `verbs` with its speaker: the subject outside the quotation, else a noun
    right after the verb (`“…,” said Maja Strenn` misparsed)."""
    for n, v in enumerate(verbs):
        if not is_speech_verb(doc, v):
            continue
        if doc.tokens[v].deprel == "acl:relcl" and any(is_speech_verb(doc, w) and doc.tokens[w].deprel != "acl:relcl"
                                                        for w in verbs[n + 1 :]):
            continue  # `“…,” a diplomat, who asked not to be named, told Reuters`: the relative clause is not the cue
        subj = subject_of(doc, v, avoid=avoid)
        if subj is None and written_read(doc, v):  # "the email read" misparsed as a compound noun
            subj = written_source(doc, v)[-1]
        if subj is None:  # "“…,” read a tweet from Okafor"
            subj = inverted_writing(doc, v)
        if subj is None:  # `“…,” the campaign notes` with the subject read as a compound of the verb
            subj = next((c for c in doc.children(v)[::-1] if c.deprel == "compound" and c.i < v
                         and c.upos in ("NOUN", "PROPN")), None)
        if subj is None:
            after = [c for c in doc.children(v) if c.i > v and c.upos in ("PROPN", "PRON", "NOUN")
                     and c.deprel in ("obj", "dep", "obl:npmod", "nsubj", "appos", "iobj") and c.i in verbs]
            subj = after[0] if after else None
        return v, subj
    misread = misread_cue_after(doc, verbs) or according_after(doc, verbs) or aged_speaker(doc, verbs)
    return (misread[0], doc.tokens[misread[1]]) if misread else None


def _speaker_fields(doc: ParsedDoc, cand: Candidate, subj, v: int) -> None:
    if subj is None:
        rel_info = relative_antecedent(doc, v)
        if rel_info is None:
            cand.mention_type = "none"
            return
        subj, ante = rel_info
        cand.antecedent = ante.i
    cand.speaker_tok = subj.i
    if subj.lemma.lower() in ("who", "which", "that") and subj.upos == "PRON":
        info = relative_antecedent(doc, v)
        if info:
            cand.antecedent = info[1].i
        cand.mention = (subj.start, subj.end)
        cand.mention_type = "relative"
        return
    first, last = np_span(doc, subj.i)
    cand.mention = (doc.tokens[first].start, doc.tokens[last - 1].end)
    r = role_span(doc, subj.i)
    if r:
        cand.role = (doc.tokens[r[0]].start, doc.tokens[r[1] - 1].end)
    head = doc.tokens[np_span_head(doc, subj.i)]
    if head.upos == "PRON":
        cand.mention_type = "pronoun"
    elif head.upos == "PROPN" or head.ent in ("PERSON", "ORG", "GPE", "NORP"):
        cand.mention_type = "name"
    else:
        cand.mention_type = "nominal"


def np_span_head(doc: ParsedDoc, h: int) -> int:
    name = name_appos(doc, h)
    return name.i if name is not None else h


def direct_quotes(doc: ParsedDoc, spans: list[QuoteSpan], paras: list[tuple[int, int]]) -> Iterator[Candidate]:
    """One candidate per attributed (or continuing) quoted span; fragments without a cue are skipped."""
    text = doc.text
    opens = {s.open_mark for s in spans}
    closes = {s.close_mark for s in spans if s.close_mark is not None}
    attributed: list[Candidate | None] = []
    american = any(not s.single for s in spans)  # quotations in double marks: single-quoted paragraphs are heads
    for k, span in enumerate(spans):
        followed = k + 1 < len(spans) and coordinated(text, span, spans[k + 1])
        cand = _span_candidate(doc, span, paras, opens, closes, followed)
        if cand is not None and cand.rule != "direct":
            attributed.append(cand)
            fronted = _fronted_subject(doc, span, cand) if cand.rule == "direct-cue-before" else None
            if fronted is not None:
                yield fronted
            yield cand
            continue
        if cand is not None and k and interrupted(doc, spans[k - 1], span, attributed[k - 1]):
            first = attributed[k - 1]
            _same_attribution(cand, first)
            cand.rule, cand.confidence = "direct-cue-before", first.confidence
            attributed.append(cand)
            yield cand
            continue
        attributed.append(None)
        if cand is None:
            continue
        # a quote with no cue of its own: a continuation, a reopened paragraph, floating, or a fragment
        ps, pe = paras[span.para]
        if is_fragment(text, span, ps, pe) and not resumes(text, spans, attributed, k):
            continue
        if span.single and american and subhead(text, span, ps, pe):
            continue
        cand.extra["pending"] = k
        cand.rule = "direct-continued"
        yield cand


def _span_candidate(doc: ParsedDoc, span: QuoteSpan, paras: list[tuple[int, int]], opens: set[int],
                    closes: set[int], followed: bool = False) -> Candidate | None:
    """The quoted span as a candidate, with its attribution when one is found (its rule then names it; `direct`
    when none is); None for an empty span or a title. A quotation `followed` by another joined to it with `and`
    is not a short fragment."""
    text = doc.text
    ps, pe = paras[span.para]
    content = text[span.start : span.end]
    stripped = content.strip()
    if not stripped:
        return None
    lead = len(content) - len(content.lstrip())
    trail = len(content) - len(content.rstrip())
    cand = Candidate(span.start + lead, span.end - trail, "direct", "direct")
    before = _window_before(doc, span, ps, closes)
    pre = text[ps : span.open_mark].rstrip()
    ends_colon = pre.endswith((":", ","))
    # a quotation set off by a dash opens a clause too (`… like Saddam Hussein - “He would have loved Stalin,” …`)
    starts_clause = not pre or pre[-1:] in ".!?:”\"" or ends_colon or pre.endswith((" -", "—", "–"))
    short = len(stripped.split()) < 4 and not followed
    # a full stop inside the marks ends the writer's sentence (American style: called it "a sideshow.")
    # (or right after it, as British style sets the comma: `'I'm delighted', said Jones`)
    punct_inside = (stripped[-1:] in ",?!…—-–" or (stripped[-1:] == "." and not short and _lower_next(text, span))
                    or text[span.outer_end : span.outer_end + 1] == "," and starts_clause)
    # a title with the sentence's comma inside the marks (`an interview with the podcast “Capital Ideas,” he
    # said …`): a name in running prose, not the speaker's words
    # so is one in apposition after a comma (`on her podcast, “The Long Game,” claiming …`)
    if looks_like_title(stripped) and (not punct_inside or (not starts_clause and stripped[-1:] in ",.")
                                       or _after_noun_comma(doc, span)):
        return None
    found = None
    if not span.open_ended and starts_clause and (punct_inside or not short):
        after = _window_after(doc, span, pe, opens)
        hit = attribution(doc, after[:AFTER_WINDOW], (span.open_mark, span.outer_end)) if after else None
        if hit:
            found = ("after", hit)
    if found is not None and before and _cue_right_before(doc, before):
        found = None  # `but said, “It’s time we change,” promising …`: the cue before the quote carries it
    if before and (found is None or pre.endswith(":")):
        found = _cue_before(doc, span, before, stripped, ends_colon, short) or found
    if found is None and not before and span.open_mark == ps and span.para > 0:
        # `Stated Stone:` ⏎ `“I think the stakes are so high …”`: the colon closing the paragraph before
        before = paragraph_closing_colon(doc, paras[span.para - 1])
    if found is None and before and doc.tokens[before[-1]].text == ":":
        found = _colon_label(doc, span, before, cand)
        if cand.rule != "direct":
            return cand
    if found is None and before and pre.endswith(":") and not short:
        subj = colon_speaker(doc, before)
        if subj is not None:  # "She did not hesitate: “Free parking.”"
            _speaker_fields(doc, cand, subj, subj.head)
            cand.rule = "direct-colon"
            cand.confidence = 0.6
    if found:
        _attribute(doc, cand, *found)
    return cand


def _cue_before(doc: ParsedDoc, span: QuoteSpan, before: list[int], stripped: str, ends_colon: bool,
                short: bool) -> tuple[str, tuple[int, object]] | None:
    """A speech verb right before the quotation (`X said: “…”`, `X told the court, “…”`) with its speaker."""
    tail = before[-BEFORE_WINDOW:]
    verbs = [v for v in reversed(tail) if is_speech_verb(doc, v)]
    # a verb that reports only with a clause ("the case showed “…”") does not introduce a quotation
    if not verbs or not (ends_colon or (verbs[0] >= before[-1] - 1 and (not short or _outcry(doc, verbs[0], stripped))
                                        and doc.tokens[verbs[0]].lemma.lower() not in lexicon().weak)):
        return None
    v = verbs[0]
    between = [doc.tokens[j] for j in range(v + 1, before[-1] + 1)]
    # `says Cheney “has lost touch with Wyoming”`: words between the cue and a quotation that continues
    # them in lower case are the reported clause's subject, so the clause is the statement (mixed)
    # (not the cue's own inverted subject: `“…,” said the senator, “because …”`)
    subj = subject_of(doc, v, avoid=(span.open_mark, span.outer_end))
    inverted = subj is not None and subj.i > v and subj.upos in ("NOUN", "PROPN") and bool(between) and between[-1].text == ","
    own = set(doc.subtree(subj.i)) if inverted else set()
    continues = stripped[:1].islower() and any(t.upos in ("PROPN", "NOUN", "PRON") and t.i not in own for t in between)
    if continues or any(t.upos == "VERB" and t.i != v and doc.tokens[t.head].i != v for t in between
                        if t.lemma != "saying"):
        return None
    subj = subject_of(doc, v, avoid=(span.open_mark, span.outer_end))
    if subj is None and written_read(doc, v):  # "Okafor's tweet read: “…”" with the verb read as a noun
        subj = written_source(doc, v)[-1]
    return "before", (v, subj)


def _colon_label(doc: ParsedDoc, span: QuoteSpan, before: list[int],
                 cand: Candidate) -> tuple[str, tuple[int, object]] | None:
    """The attribution a colon before the quotation closes: a clause with a speech verb, a possessed noun label,
    or an inverted label (`Continued Stone:`), which fills `cand` itself."""
    v = colon_cue(doc, before)
    if v is not None:
        return "before", (v, subject_of(doc, v, avoid=(span.open_mark, span.outer_end)))
    if (labelled := noun_label(doc, before)) is not None:
        return "before", labelled
    if (inverted := inverted_label(doc, before)) is not None:
        v, first, last = inverted
        cand.cue = (doc.tokens[v].start, doc.tokens[v].end)
        cand.mention = (doc.tokens[first].start, doc.tokens[last].end)
        cand.speaker_tok = last
        cand.mention_type = "name" if doc.tokens[last].upos == "PROPN" else "nominal"
        cand.rule, cand.confidence = "direct-cue-before", 0.8
        cand.extra["cue_token"] = v
    return None


def _attribute(doc: ParsedDoc, cand: Candidate, where: str, hit: tuple[int, object]) -> None:
    v, subj = hit
    c0, c1 = cue_span(doc, v, None)
    if doc.tokens[v].text.lower() == "according":  # `according to`
        c1 = max(c1, v + 2)
    cand.cue = (doc.tokens[c0].start, doc.tokens[c1 - 1].end)
    cand.rule = f"direct-cue-{where}"
    _speaker_fields(doc, cand, subj, v)
    if subj is not None and (doc.tokens[v].upos == "NOUN" or subj.deprel == "compound") and subj.i < v and cand.mention:
        # a cue the tagger read as a noun (`“…,” the Saudis state`): the speaker is the phrase before it
        first = subj.i
        while first > 0 and doc.tokens[first - 1].text not in (",", "”", "\"", "''", "’", ".", "!", "?", "—"):
            first -= 1
        cand.mention = (doc.tokens[first].start, doc.tokens[v - 1].end)
    if cand.mention and doc.text[cand.mention[1] - 3 : cand.mention[1]] == "old":  # "the 58-year-old told …"
        k = doc.token_at(cand.mention[0]) - 1
        if k >= 0 and doc.tokens[k].text.lower() in ("the", "a"):
            cand.mention = (doc.tokens[k].start, cand.mention[1])
    cand.confidence = 0.9 if cand.mention_type == "name" else 0.8
    if subj is None and cand.antecedent is None:
        cand.confidence = 0.5
    cand.extra["cue_token"] = v


def _same_attribution(seg: Candidate, cand: Candidate) -> None:
    """Give a segment of `cand`'s statement the same cue and speaker."""
    seg.cue, seg.mention, seg.speaker_tok, seg.role = cand.cue, cand.mention, cand.speaker_tok, cand.role
    seg.mention_type, seg.antecedent = cand.mention_type, cand.antecedent
    seg.extra["cue_token"] = cand.extra["cue_token"]


FRONTED_WORDS = 12  # tokens of a subject fronted before a parenthetical cue, at most
SPEAKER_WORDS = 6  # tokens of the speaker between the fronted subject's comma and the cue, at most


def _fronted_subject(doc: ParsedDoc, span: QuoteSpan, cand: Candidate) -> Candidate | None:
    """`Clinton, a top aide said, “is very confident …”`: a quotation that completes a clause whose subject the
    writer set before a parenthetical cue (or a phrase: `In Ohio, he said, “the race is close.”`). It is a segment of the statement (its own record, sharing the
    cue and the statement_id; rule `direct-fronted`), and the speaker is the noun phrase between its comma and the
    cue, however the parser hung it."""
    v = cand.extra.get("cue_token")
    if v is None or not doc.text[span.start : span.end].lstrip()[:1].islower():
        return None
    before = [j for j in range(doc.sent_of(v).first, v)]
    commas = [j for j in before if doc.tokens[j].text == ","]
    if not commas or doc.tokens[v + 1].text != "," or doc.first_token_from(span.open_mark) > v + 3:
        return None
    k = commas[-1]
    fronted, speaker = before[: before.index(k)], before[before.index(k) + 1 :]
    if not fronted or len(fronted) > FRONTED_WORDS or not speaker or len(speaker) > SPEAKER_WORDS:
        return None
    if any(doc.tokens[j].upos in ("VERB", "AUX") or doc.tokens[j].text in "“”\"‘’:;" for j in fronted + speaker):
        return None
    head = next((j for j in speaker if doc.tokens[j].head not in speaker or doc.tokens[j].head == j), None)
    if head is None or doc.tokens[head].upos not in ("NOUN", "PROPN", "PRON"):
        return None
    _speaker_fields(doc, cand, doc.tokens[head], v)
    seg = Candidate(doc.tokens[fronted[0]].start, doc.tokens[fronted[-1]].end, "indirect", "direct-fronted")
    _same_attribution(seg, cand)
    seg.confidence = cand.confidence - 0.1
    return seg


def _after_noun_comma(doc: ParsedDoc, span: QuoteSpan) -> bool:
    """The quotation follows `noun ,` (an apposition), not a cue or the start of a clause."""
    j = doc.token_at(span.open_mark)
    j = j - 1 if j >= 0 else doc.first_token_from(span.open_mark) - 1
    if j < 1 or doc.tokens[j].text != ",":
        return False
    before = doc.tokens[j - 1]
    return before.upos in ("NOUN", "PROPN") and before.sent == doc.tokens[j].sent


def _lower_next(text: str, span: QuoteSpan) -> bool:
    """After `.”` the attribution continues the sentence only in lower case (`.” he said`, `.” said X`)."""
    rest = text[span.outer_end :].lstrip()
    return bool(rest) and (rest[0].islower() or rest.lower().startswith(("said ", "says ", "added ", "asked ")))


OUTCRY_VERBS = {"yell", "shout", "scream", "exclaim", "whisper", "mutter", "holler"}


def _outcry(doc: ParsedDoc, v: int, content: str) -> bool:
    """`a man yelled “Stay there!”`: a short quotation, complete with its final mark, right after a verb of crying
    out (not `said “The Hispanics”`, a phrase mentioned)."""
    lemma = doc.tokens[v].lemma.lower()
    return content[-1:] in ".!?" and (lemma in OUTCRY_VERBS or lemma in lexicon().quotation_only)


def _cue_right_before(doc: ParsedDoc, before: list[int]) -> bool:
    """The quotation opens right after `said,` (a speech verb and a comma)."""
    return (len(before) >= 2 and doc.tokens[before[-1]].text == "," and is_speech_verb(doc, before[-2])
            and doc.tokens[before[-2]].deprel not in ("acl", "amod"))
