"""Statements whose content is not a finite clause.

- `nonfinite_statements`: a gerund after a cue that takes one (`Veskaria denied targeting civilians`, `The
  memo recommended giving permit holders 90 days' notice`), an accusation's object and gerund (`Critics accused
  the administration of ignoring the law`);
- `findings`: what a poll, study or count found or shows, as an object and its predicate (`A poll released
  last week found Albright ahead by 3 points`, `Early returns show Okoro with a narrow lead`, `Survey after
  survey shows large majorities favoring …`).
- `relative_namings`: a naming verb in a relative clause whose object is the relative pronoun or the gap (`a
  demand Unionists have called a nonstarter`, `…, which critics dismissed as a giveaway`): the complement is
  what was said of the noun (quotation marks are not needed: the naming is explicit);
(Nouns of saying with a clause are in nouns.py.)
All need an explicit speaker; the cue lemmas and the nouns that report findings are data
(`gerund_cues`, `finding_cues`, `finding_sources` in quotes/data/cues.json).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..parse.doc import ParsedDoc
from .bounds import narration_tail
from .candidates import Candidate
from .cueverbs import is_cue_verb
from .direct import _speaker_fields
from .lexicon import lexicon
from .spans import content_tokens, cue_span
from .syntax import has_aux_pass, subject_of

OWN_SUBJECTS = ("nsubj", "nsubj:pass", "expl", "csubj")


def _refused(doc: ParsedDoc, v: int) -> bool:
    return any(c.deprel == "advmod" and c.lemma.lower() in ("not", "n't", "never") for c in doc.children(v))


def nonfinite_statements(doc: ParsedDoc, in_quote: list[bool]) -> Iterator[Candidate]:
    """`X denied targeting civilians`: a gerund complement of a cue that reports with one."""
    lex = lexicon()
    for t in doc.tokens:
        v = t.i
        if t.upos != "VERB" or t.lemma.lower() not in lex.gerund_cues or in_quote[v] or not is_cue_verb(doc, v):
            continue
        if has_aux_pass(doc, v) or _refused(doc, v) or t.xpos in ("VBN", "VBG") and t.deprel in ("acl", "amod"):
            continue
        gerunds = [c for c in doc.children(v) if c.i > v and c.xpos == "VBG" and c.deprel in ("xcomp", "ccomp", "obj")
                   and not any(x.deprel in OWN_SUBJECTS for x in doc.children(c.i))]
        if not gerunds:
            continue
        cand = _candidate(doc, v, gerunds[0].i, "reported-nonfinite")
        if cand is not None:
            yield cand
    for t in doc.tokens:  # "cautioned against reading too much into a single poll", "warned against a rush to …"
        v = t.i
        if t.upos != "VERB" or t.lemma.lower() not in lex.against_cues or in_quote[v] or has_aux_pass(doc, v) or _refused(doc, v):
            continue
        against = next((c for c in doc.children(v) if c.i > v and c.deprel in ("advcl", "obl") and (
            c.xpos == "VBG" or c.upos == "NOUN" and len(doc.subtree(c.i)) >= 3) and any(
            x.deprel in ("mark", "case") and x.lemma.lower() == "against" and x.i == doc.subtree(c.i)[0]
            for x in doc.children(c.i))), None)
        if against is not None:
            cand = _candidate(doc, v, against.i, "reported-nonfinite", first=doc.subtree(against.i)[0])
            if cand is not None:
                yield cand
    for t in doc.tokens:
        v = t.i
        if t.upos != "VERB" or t.lemma.lower() not in lex.accusation_cues or in_quote[v] or has_aux_pass(doc, v):
            continue
        accused = _accusation(doc, v)
        if accused is not None:
            cand = _candidate(doc, v, accused[1], "reported-nonfinite", first=accused[0])
            if cand is not None:
                yield cand


RELATIVE_OBJECTS = {"which", "that", "whom", "who"}
# prepositions of comparison and measure, whose phrase after a comma still describes a finding ("…, within the margin
# of error", "…, with 46 percent each", "…, up from 3%"); others set the scene ("…, on the eve of the vote")
MEASURE_PREPOSITIONS = {"within", "outside", "beyond", "among", "with", "from", "than", "behind", "ahead"}
AS_NAMING = {"describe", "characterise", "characterize", "dismiss", "hail", "denounce", "condemn", "brand", "label",
             "praise", "criticise", "criticize", "decry", "see", "regard", "view"}
NP_NAMING = {"call", "term", "label", "brand", "dub"}


def relative_namings(doc: ParsedDoc, in_quote: list[bool]) -> Iterator[Candidate]:
    """`a demand Unionists have called a nonstarter`, `…, which she described as routine`: the complement of a
    naming verb whose object is the noun the relative clause modifies."""
    for t in doc.tokens:
        v = t.i
        lemma = t.lemma.lower()
        if (t.deprel != "acl:relcl" or t.upos != "VERB" or in_quote[v] or lemma not in AS_NAMING | NP_NAMING
                or has_aux_pass(doc, v) or _refused(doc, v) or t.head > v):
            continue
        kids_ = doc.children(v)
        subj = next((c for c in kids_ if c.deprel == "nsubj" and c.lemma.lower() not in RELATIVE_OBJECTS), None)
        if subj is None:
            continue
        objs = [c for c in kids_ if c.deprel in ("obj", "xcomp", "obl", "iobj") and c.i > v]
        if any(c.deprel in ("ccomp", "parataxis") for c in kids_):
            continue
        gap_object = any(c.deprel == "obj" and c.i < v and c.lemma.lower() in RELATIVE_OBJECTS for c in kids_)
        comp, as_case = None, None
        if lemma in AS_NAMING:
            for c in objs:
                case = next((x for x in doc.children(c.i) if x.deprel == "case" and x.lemma.lower() == "as"), None)
                if c.deprel == "obl" and (case is not None or c.lemma.lower() == "as"):
                    comp, as_case = c, case if case is not None else c
                    break
            if comp is not None and any(c.deprel == "obj" and c.i > v for c in kids_):
                continue  # "…, who described the plan as …": the object is named, not the noun
        if comp is None and lemma in NP_NAMING:
            post = [c for c in objs if c.deprel in ("obj", "xcomp")]
            if len(post) == 1 and (gap_object or not any(c.deprel == "obj" and c.i < v for c in kids_)):
                comp = post[0]
        if comp is None or comp.upos not in ("NOUN", "ADJ", "ADV", "PROPN") and comp.lemma.lower() != "as":
            continue
        sub = doc.subtree(comp.i)
        first = sub[0]
        if as_case is not None:
            first = as_case.i + 1
        last = sub[-1] + 1
        while last > first and doc.tokens[last - 1].upos == "PUNCT" and doc.tokens[last - 1].text not in "”\"'’":
            last -= 1
        if last <= first:
            continue
        words = [doc.tokens[j] for j in range(first, last) if doc.tokens[j].upos != "PUNCT"]
        quoted = any(doc.tokens[j].text in "“”\"" for j in range(first - 1, last))
        if not quoted and (len(words) < 2 and words[0].upos != "ADJ" or any(w.upos == "PROPN" for w in words)):
            continue  # "which residents call home", "which officials call Northgate": a name, not a judgement
        cand = _make(doc, v, subj, (first, last), "naming-relative")
        if cand is None:
            continue
        cue_end = as_case.end if as_case is not None else t.end
        cand.cue = (cand.cue[0], cue_end)
        cand.confidence = 0.6
        yield cand


def _accusation(doc: ParsedDoc, v: int) -> tuple[int, int] | None:
    """`accused the administration of ignoring the law`: the first token of the object and the gerund."""
    kids_ = doc.children(v)
    obj = next((c for c in kids_ if c.deprel == "obj" and c.i > v), None)
    if obj is None or obj.lemma.lower() in ("other", "another"):
        return None  # "each side accusing the other of …": the writer's summary of a quarrel
    for c in kids_ + doc.children(obj.i):  # the gerund hangs on the verb or on its object
        if c.i > obj.i and c.xpos == "VBG" and c.deprel in ("advcl", "acl", "xcomp") and any(
                x.deprel == "mark" and x.lemma.lower() in ("of", "for") for x in doc.children(c.i)):
            return doc.subtree(obj.i)[0], c.i
    return None


def findings(doc: ParsedDoc, in_quote: list[bool]) -> Iterator[Candidate]:
    """`A poll found X ahead by 3 points`: an object with its predicate after a finding verb whose subject
    is a poll, a study, a count."""
    lex = lexicon()
    for t in doc.tokens:
        v = t.i
        if t.upos != "VERB" or t.lemma.lower() not in lex.finding_cues or in_quote[v] or has_aux_pass(doc, v):
            continue
        kids_ = doc.children(v)
        if any(c.deprel in ("ccomp", "parataxis") and c.i > v for c in kids_):
            continue  # "found that …": an ordinary reported clause
        subj = subject_of(doc, v)
        if subj is None or subj.lemma.lower() not in lex.finding_sources:
            continue
        objs = [c for c in kids_ if c.i > v and c.deprel == "obj" and c.upos in ("NOUN", "PROPN", "NUM", "PRON")]
        if not objs:
            # "a survey in August showed Amadi trailing the incumbent by 2 points": a small clause with its subject
            clause = next((c for c in kids_ if c.deprel in ("advcl", "xcomp") and c.xpos == "VBG" and doc.subtree(c.i)[0] == v + 1
                           and any(x.deprel == "nsubj" for x in doc.children(c.i))), None)
            if clause is not None:
                span = _span(doc, v + 1, doc.subtree(clause.i)[-1] + 1, v)
                cand = _make(doc, v, subj, span, "reported-finding") if span is not None else None
                if cand is not None:
                    yield cand
            continue
        obj = objs[0]
        # the object and what is said of it: the verb's dependents after the object ("ahead by 3 points", also after a
        # comma: "…, within the margin of error")
        last = max(doc.subtree(obj.i))
        for c in kids_:
            if c.i <= obj.i or c.deprel not in ("advmod", "obl", "xcomp", "obl:npmod", "advcl"):
                continue
            begin = min(doc.subtree(c.i))
            if begin == last + 1 or (begin == last + 2 and doc.tokens[last + 1].text == "," and _predicate_phrase(doc, c)):
                last = max(doc.subtree(c.i))
        span = _span(doc, doc.subtree(obj.i)[0], last + 1, v)
        if span is None:
            continue
        cand = _make(doc, v, subj, span, "reported-finding")
        if cand is not None:
            yield cand


def misread_findings(doc: ParsedDoc, in_quote: list[bool]) -> Iterator[Candidate]:
    """`Figures released by the ministry on Monday show unemployment rose to 6%` with `show` read as a noun
    compounding the next word: the finding verb between a source phrase and a clause. The source is a finding noun
    whose phrase runs up to the verb; the content is the rest of the sentence, which holds a finite verb."""
    lex = lexicon()
    for t in doc.tokens:
        w = t.i
        if (t.deprel != "compound" or t.lemma.lower() not in lex.finding_cues or in_quote[w]
                or t.text.lower().removesuffix("s") not in ("show", "suggest", "indicate", "reveal")):
            continue
        sent = doc.sent_of(w)
        source = next((doc.tokens[j] for j in range(sent.first, w) if doc.tokens[j].upos == "NOUN"
                       and doc.tokens[j].lemma.lower() in lex.finding_sources and w - 1 in doc.subtree(j)), None)
        if source is None:
            continue
        last = sent.last
        while last > w + 1 and doc.tokens[last - 1].upos == "PUNCT":
            last -= 1
        verb = next((j for j in range(w + 2, last) if doc.tokens[j].xpos in ("VBD", "VBZ", "VBP", "MD")), None)
        if verb is None:
            continue
        cut, _ = narration_tail(doc, verb, w)
        if cut is not None and w + 2 < cut < last:
            last = cut
        cand = _make(doc, w, source, (w + 1, last), "reported-finding")
        if cand is not None:
            cand.cue = (t.start, t.end)
            if cand.mention:  # the source phrase as written, up to the verb (the parse hangs the verb inside it)
                cand.mention = (cand.mention[0], doc.tokens[w - 1].end)
            yield cand


def _predicate_phrase(doc: ParsedDoc, c) -> bool:
    """A prepositional phrase after a comma that still describes the finding ("…, within the margin of error"),
    not the writer's framing ("…, according to the pollster", "…, based on interviews", "…, on Tuesday")."""
    if c.deprel != "obl" or c.ent in ("DATE", "TIME"):
        return False
    cases = [x for x in doc.children(c.i) if x.deprel == "case"]
    return bool(cases) and cases[0].lemma.lower() in MEASURE_PREPOSITIONS


def _span(doc: ParsedDoc, first: int, last: int, v: int) -> tuple[int, int] | None:
    sent = doc.sent_of(v)
    last = min(last, sent.last)
    for j in range(first + 1, last):  # "…, a lead within the survey's margin of error": the writer's comment
        t = doc.tokens[j]
        if doc.tokens[j - 1].text == "," and t.lemma.lower() in ("a", "an") and t.deprel == "det":
            head = doc.tokens[t.head]
            if head.head == v and head.deprel in ("obl:npmod", "appos", "dep", "obj", "npadvmod"):
                last = j - 1
                break
    while last > first and doc.tokens[last - 1].text in (",", ";", ":", ".", "—", "–"):
        last -= 1
    return (first, last) if last - first >= 2 else None


def _candidate(doc: ParsedDoc, v: int, c: int, rule: str, first: int | None = None, subj=None) -> Candidate | None:
    """The content headed by `c` (from token `first` when given: "the administration of ignoring …")."""
    exclude: set[int] = set()
    cut, _ = narration_tail(doc, c, v)
    if cut is not None:
        exclude = set(range(cut, doc.sent_of(c).last))
    span = content_tokens(doc, c, exclude or None)
    if span is None or span[1] - span[0] < 2:
        return None
    if first is not None and first < span[0]:
        span = (first, span[1])
    if doc.tokens[span[0]].lemma.lower() == "that" and doc.tokens[span[0]].head == c and span[1] - span[0] > 2:
        span = (span[0] + 1, span[1])  # "that" the parser made the clause's object
    return _make(doc, v, subj if subj is not None else subject_of(doc, v), span, rule)


def _make(doc: ParsedDoc, v: int, subj, span: tuple[int, int], rule: str) -> Candidate | None:
    first, last = span
    cand = Candidate(doc.tokens[first].start, doc.tokens[last - 1].end, "indirect", rule)
    _speaker_fields(doc, cand, subj, v)
    if cand.speaker_tok is None:
        return None
    c0, c1 = cue_span(doc, v, stop=first)
    cand.cue = (doc.tokens[c0].start, doc.tokens[c1 - 1].end)
    cand.extra["cue_token"] = v
    cand.confidence = 0.55
    return cand
