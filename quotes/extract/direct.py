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
from .lexicon import lexicon
from .marks import QuoteSpan
from .syntax import cue_span, misread_finite, name_appos, np_span, relative_antecedent, role_span, subject_of

SENT_END = {".", "!", "?", "…"}
AFTER_WINDOW = 14  # tokens after the closing mark in which the attribution must start
BEFORE_WINDOW = 10  # tokens between the cue verb and the opening mark, at most
COLON_REACH = 40  # tokens of the sentence a colon closes in which its speech verb is looked for


def is_cue_verb(doc: ParsedDoc, i: int) -> bool:
    t = doc.tokens[i]
    lemma = t.lemma.lower()
    if not lexicon().is_cue(lemma) or lemma in ("be", "have"):
        return False
    if t.upos in ("VERB", "AUX"):
        return True
    # "Figures from the Treasury show the debt grew …" with the verb tagged a noun: a root with a subject and a
    # clause of its own is a verb
    kids_ = doc.children(i)
    return (t.upos == "NOUN" and t.is_root and any(c.deprel == "nsubj" and c.i < i for c in kids_)
            and any(c.deprel == "ccomp" and c.i > i for c in kids_))


def is_speech_verb(doc: ParsedDoc, i: int) -> bool:
    """A cue that can introduce words in quotation marks (speech, not belief: "known as “…”" is not one); also
    "put it" ("As one organiser put it: “…”")."""
    t = doc.tokens[i]
    if t.lemma.lower() == "put" and t.upos == "VERB":  # not "put it on the table"
        kids_ = doc.children(i)
        return any(c.deprel == "obj" and c.lemma.lower() == "it" for c in kids_) and not any(
            c.deprel == "obl" for c in kids_)
    if t.xpos == "VBN" and t.deprel in ("acl", "amod") and not misread_finite(doc, i):
        return False
    if t.upos == "VERB" and t.lemma.lower() in lexicon().quotation_only:  # “…!” she beamed; the crowd chanted “…”
        return True
    if t.upos == "VERB" and t.lemma.lower() == "read":  # `“…,” the letter reads`, not a banner or a sign
        return any(c.deprel in ("nsubj", "nsubj:pass") and c.lemma.lower() in lexicon().written_sources
                   for c in doc.children(i))
    return is_cue_verb(doc, i) and t.lemma.lower() in lexicon().speech


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
    for v in verbs:
        if not is_speech_verb(doc, v):
            continue
        subj = subject_of(doc, v, avoid=avoid)
        if subj is None:
            after = [c for c in doc.children(v) if c.i > v and c.upos in ("PROPN", "PRON", "NOUN")
                     and c.deprel in ("obj", "dep", "obl:npmod", "nsubj", "appos", "iobj") and c.i in verbs]
            subj = after[0] if after else None
        return v, subj
    return None


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
    for k, span in enumerate(spans):
        ps, pe = paras[span.para]
        content = text[span.start : span.end]
        stripped = content.strip()
        if not stripped:
            attributed.append(None)
            continue
        lead = len(content) - len(content.lstrip())
        trail = len(content) - len(content.rstrip())
        cand = Candidate(span.start + lead, span.end - trail, "direct", "direct")
        found = None
        before = _window_before(doc, span, ps, closes)
        pre = text[ps : span.open_mark].rstrip()
        ends_colon = pre.endswith((":", ","))
        # cue after the quote: “…,” X said.
        after = _window_after(doc, span, pe, opens)
        starts_clause = not pre or pre[-1:] in ".!?:”\"" or ends_colon
        short = len(stripped.split()) < 4
        # a full stop inside the marks ends the writer's sentence (American style: called it "a sideshow.")
        punct_inside = stripped[-1:] in ",?!…—-–" or (stripped[-1:] == "." and not short and _lower_next(text, span))
        # a title with the sentence's comma inside the marks (`an interview with the podcast “Capital Ideas,” he
        # said …`): a name in running prose, not the speaker's words
        # so is one in apposition after a comma (`on her podcast, “The Long Game,” claiming …`)
        if looks_like_title(stripped) and (not punct_inside or (not starts_clause and stripped[-1:] in ",.")
                                           or _after_noun_comma(doc, span)):
            attributed.append(None)
            continue
        if not span.open_ended and after and starts_clause and (punct_inside or not short):
            hit = attribution(doc, after[:AFTER_WINDOW], (span.open_mark, span.outer_end))
            if hit:
                found = ("after", hit)
        if found is not None and before and _cue_right_before(doc, before):
            found = None  # `but said, “It’s time we change,” promising …`: the cue before the quote carries it
        if before and (found is None or text[ps : span.open_mark].rstrip().endswith(":")):
            tail = before[-BEFORE_WINDOW:]
            verbs = [v for v in reversed(tail) if is_speech_verb(doc, v)]
            # a verb that reports only with a clause ("the case showed “…”") does not introduce a quotation
            if verbs and (ends_colon or (verbs[0] >= before[-1] - 1 and (not short or _outcry(doc, verbs[0], stripped))
                                         and doc.tokens[verbs[0]].lemma.lower() not in lexicon().weak)):
                v = verbs[0]
                between = [doc.tokens[j] for j in range(v + 1, before[-1] + 1)]
                # `says Cheney “has lost touch with Wyoming”`: words between the cue and a quotation that continues
                # them in lower case are the reported clause's subject, so the clause is the statement (mixed)
                continues = stripped[:1].islower() and any(t.upos in ("PROPN", "NOUN", "PRON") for t in between)
                if not continues and not any(t.upos == "VERB" and t.i != v and doc.tokens[t.head].i != v for t in between
                                             if t.lemma != "saying"):
                    found = ("before", (v, subject_of(doc, v, avoid=(span.open_mark, span.outer_end))))
        if found is None and not before and span.open_mark == ps and span.para > 0:
            # `Stated Stone:` ⏎ `“I think the stakes are so high …”`: the colon closing the paragraph before
            before = _paragraph_closing_colon(doc, paras[span.para - 1])
        if found is None and before and doc.tokens[before[-1]].text == ":":
            v = _colon_cue(doc, before)
            if v is not None:
                found = ("before", (v, subject_of(doc, v, avoid=(span.open_mark, span.outer_end))))
            elif (labelled := _noun_label(doc, before)) is not None:
                noun, owner = labelled
                found = ("before", (noun, owner))
            elif (inverted := _inverted_label(doc, before)) is not None:
                v, first, last = inverted
                cand.cue = (doc.tokens[v].start, doc.tokens[v].end)
                cand.mention = (doc.tokens[first].start, doc.tokens[last].end)
                cand.speaker_tok = last
                cand.mention_type = "name" if doc.tokens[last].upos == "PROPN" else "nominal"
                cand.rule, cand.confidence = "direct-cue-before", 0.8
                cand.extra["cue_token"] = v
                attributed.append(cand)
                yield cand
                continue
        if found is None and before and text[ps : span.open_mark].rstrip().endswith(":") and not short:
            subj = _colon_speaker(doc, before)
            if subj is not None:  # "She did not hesitate: “Free parking.”"
                _speaker_fields(doc, cand, subj, subj.head)
                cand.rule = "direct-colon"
                cand.confidence = 0.6
                attributed.append(cand)
                yield cand
                continue
        if found:
            where, (v, subj) = found
            stop = None
            c0, c1 = cue_span(doc, v, stop)
            cand.cue = (doc.tokens[c0].start, doc.tokens[c1 - 1].end)
            cand.rule = f"direct-cue-{where}"
            _speaker_fields(doc, cand, subj, v)
            cand.confidence = 0.9 if cand.mention_type == "name" else 0.8
            if subj is None and cand.antecedent is None:
                cand.confidence = 0.5
            cand.extra["cue_token"] = v
            attributed.append(cand)
            yield cand
            continue
        attributed.append(None)
        # a quote with no cue of its own: a continuation, a reopened paragraph, floating, or a fragment
        if _is_fragment(text, span, ps, pe) and not _resumes(text, spans, attributed, k):
            continue
        cand.extra["pending"] = k
        cand.rule = "direct-continued"
        yield cand


PERSONAL = {"he", "she", "they", "we", "i"}


def _resumes(text: str, spans: list[QuoteSpan], attributed: list, k: int) -> bool:
    """`“We will not raise taxes,” she said. “Not this year.”`: a quote, however short, that opens the sentence
    right after the attribution of the quote before it in the paragraph resumes that quote."""
    if k == 0 or attributed[k - 1] is None:
        return False
    prev, span = spans[k - 1], spans[k]
    if prev.para != span.para or prev.open_ended:
        return False
    between = text[prev.outer_end : span.open_mark].strip()
    content = text[span.start : span.end].strip()
    return (0 < len(between.split()) <= 12 and between[-1:] in ".,:" and content[-1:] in ".!?…"
            and content[:1].isupper())


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


def _paragraph_closing_colon(doc: ParsedDoc, para: tuple[int, int]) -> list[int]:
    """The tokens of a paragraph's last sentence when the paragraph ends with a colon, else none."""
    ps, pe = para
    if not doc.text[ps:pe].rstrip().endswith(":"):
        return []
    last = doc.token_at(len(doc.text[:pe].rstrip()) - 1)
    if last < 0:
        return []
    sent = doc.tokens[last].sent
    return [t.i for t in doc.tokens[: last + 1] if t.sent == sent and t.start >= ps][-COLON_REACH:]


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


LABEL_WORDS = 8  # tokens of a possessed noun label before its colon (`Clinton’s response was:`), at most
COPULAS = {"be"}


def _noun_label(doc: ParsedDoc, before: list[int]):
    """`Her verdict: “…”`, `Clinton’s response was: “…”`: a clause that is only a possessed noun of saying (and a
    copula) before the colon; the possessor speaks. (the noun, the possessor token)."""
    sent = doc.tokens[before[-1]].sent
    words = [j for j in before[:-1] if doc.tokens[j].sent == sent]
    while words and doc.tokens[words[-1]].lemma.lower() in COPULAS:
        words.pop()
    if not words or len(words) > LABEL_WORDS or words[0] != doc.sent_of(words[0]).first:
        return None
    head = doc.tokens[words[-1]]
    if head.upos != "NOUN" or head.lemma.lower() not in lexicon().label_nouns:
        return None
    owner = next((c for c in doc.children(head.i) if c.deprel == "nmod:poss"), None)
    if owner is None or any(doc.tokens[j].upos == "VERB" for j in words):
        return None
    return head.i, owner


INVERTED_LABEL_WORDS = 6  # tokens of the speaker's name after an inverted cue (`Added the senator:`)


def _inverted_label(doc: ParsedDoc, before: list[int]) -> tuple[int, int, int] | None:
    """`Continued Stone: “…”`, `Added the senator: “…”`: a sentence made of a speech verb in the past or present
    tense, the speaker, and a colon; the parser reads the verb as part of the name. (cue token, first and last
    token of the speaker)."""
    sent = doc.tokens[before[-1]].sent
    words = [j for j in before[:-1] if doc.tokens[j].sent == sent]
    if not 2 <= len(words) <= INVERTED_LABEL_WORDS or words[0] != doc.sent_of(words[0]).first:
        return None
    verb = doc.tokens[words[0]].text
    if not verb[:1].isupper() or not _is_speech_form(verb.lower()):
        return None
    name = [doc.tokens[j] for j in words[1:]]
    if not any(t.upos == "PROPN" for t in name) or any(t.upos in ("VERB", "AUX", "PUNCT") for t in name):
        return None
    return words[0], words[1], words[-1]


IRREGULAR_SPEECH_FORMS = {"said": "say", "says": "say", "wrote": "write", "writes": "write", "told": "tell"}


def _is_speech_form(word: str) -> bool:
    """A past or third-person form of a speech verb in the lexicon (`added`, `continued`, `says`, `wrote`)."""
    speech = lexicon().speech
    if word in IRREGULAR_SPEECH_FORMS:
        return True
    if word.endswith("ied"):
        return word[:-3] + "y" in speech
    if word.endswith("ed"):
        return word[:-2] in speech or word[:-1] in speech
    return word.endswith("s") and word[:-1] in speech


def _colon_cue(doc: ParsedDoc, before: list[int]) -> int | None:
    """The speech verb of the clause a colon closes (`Sanders responded with a phrase that could have come from
    Trump himself: “…”`, `he leaned in and boomed: “…”`, `Continued Stone: “…”`): the verb the colon hangs
    on, one of its heads, or a conjunct of them, before the colon."""
    colon = doc.tokens[before[-1]]
    inside = set(before)
    chain = [colon.head]
    while chain[-1] in inside and not doc.tokens[chain[-1]].is_root:
        chain.append(doc.tokens[chain[-1]].head)
    # the colon hung on the quotation's verb: the clause's own heads are the tokens whose head lies outside it
    tops = [j for j in before if doc.tokens[j].head not in inside or doc.tokens[j].is_root]
    for h in [h for h in chain if h in inside] + tops:
        if is_speech_verb(doc, h):
            return h
        conj = [c.i for c in doc.children(h) if c.deprel == "conj" and c.i in inside and is_speech_verb(doc, c.i)]
        if conj:
            return conj[-1]
    return None


def _colon_speaker(doc: ParsedDoc, before: list[int]):
    """The person-like subject of the clause a colon closes, for quotes introduced without a cue."""
    heads = [j for j in before if doc.tokens[j].head not in before or doc.tokens[j].is_root]
    for h in heads:
        tok = doc.tokens[h]
        if tok.upos not in ("VERB", "AUX"):
            continue
        subj = [c for c in doc.children(h) if c.deprel == "nsubj" and c.i in before]
        if subj and (subj[0].text.lower() in PERSONAL or subj[0].ent == "PERSON"):
            return subj[0]
    return None


def _is_fragment(text: str, span: QuoteSpan, ps: int, pe: int) -> bool:
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
