"""Where a reported clause ends: the writer's narration and the speaker's next act after it.

The parser often hangs what follows a reported clause on the clause itself, so its subtree runs on past
what was said:
- a coordinated act of the speaker (`said he was concerned and urged both sides to return to talks`, `has
  said she supports it but has not endorsed a figure`, `… but insisted the question was …`);
- a participle or phrase of the writer's framing after a comma (`…, citing people familiar with the talks`,
  `…, betting that scale will help`, `…, based on results from 94 percent of precincts`), or the speaker's
  next statement (`…, arguing that …`, `…, though he cautioned that …`).
`narration_tail` finds the first such tail on the clause's right edge; speech cues among them are statements
of their own, which the reported-speech rule emits separately.
"""

from __future__ import annotations

from ..parse.doc import ParsedDoc, Token
from .cueverbs import is_cue_verb
from .lexicon import lexicon

COMMENT_RELS = ("obj", "xcomp", "appos", "obl:npmod", "dep")
TAIL_RELS = ("conj", "advcl", "obl", "parataxis", "acl:relcl", *COMMENT_RELS)
OWN_SUBJECTS = ("nsubj", "nsubj:pass", "expl", "csubj")
CONCESSIVE = {"though", "although", "while", "whereas", "but"}
MODALS = {"will", "would", "can", "could", "may", "might", "shall", "should", "must"}
CLAUSAL = ("ccomp", "xcomp", "parataxis", "advcl")
SEPARATORS = {",", "—", "–", ";"}
RELATIVE_PRONOUNS = {"which", "who", "whom", "whose"}
# a phrase headed by these at the end of a reported clause is the writer's circumstance, with or without a comma
CIRCUMSTANCE_PREPOSITIONS = {"amid", "amidst"}
# "…, without giving details": what a speaker did not say, noted by the writer after the content
WITHHOLDING = {"give", "provide", "offer", "elaborate", "specify", "name", "cite", "explain", "disclose", "identify",
               "reveal", "present", "produce", "detail"}
VIEW_NOUNS = {"view", "opinion", "estimation", "judgment", "judgement", "words", "telling", "account", "reckoning"}


def narration_tail(doc: ParsedDoc, c: int, v: int) -> tuple[int | None, list[int]]:
    """For the clause headed by `c` reported by cue `v`: the first token of a tail that is not part of what
    was said (with the comma or conjunction before it), or None; and the tail's cue verbs, which speak
    for themselves."""
    sub_c = doc.subtree(c)
    sent = doc.sent_of(c)
    end = max((j for j in sub_c if j < sent.last and doc.tokens[j].upos != "PUNCT"), default=c)
    for j in sub_c:
        if j <= c or j > end:
            continue
        k = doc.tokens[j]
        if k.deprel not in TAIL_RELS:
            continue
        sub = doc.subtree(j)
        if sub[-1] < end or sub[0] <= c:
            continue
        kind = _tail_kind(doc, k, sub[0], v, c)
        if kind is None:
            continue
        cut = sub[0]
        while cut - 1 > c and (doc.tokens[cut - 1].text in SEPARATORS or doc.tokens[cut - 1].deprel == "cc"):
            cut -= 1
        return cut, [j] if kind == "statement" else []
    return None, []


def _quoted(doc: ParsedDoc, j: int) -> bool:
    """Token `j` stands inside quotation marks opened earlier in its sentence."""
    sent = doc.sent_of(j)
    before = doc.text[doc.tokens[sent.first].start : doc.tokens[j].start]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _tail_kind(doc: ParsedDoc, k: Token, first: int, v: int, c: int) -> str | None:
    """"statement" (the speaker's next statement), "act" (a coordinated act or the writer's framing), or None
    when the tail is part of what was said."""
    lex = lexicon()
    lemma = k.lemma.lower()
    # a comma, dash or semicolon before the tail, also inside a closing quotation mark ("…,” while …")
    quote_close = first > 1 and doc.tokens[first - 1].text in "”\"" and doc.tokens[first - 2].text in SEPARATORS
    after_break = first > 0 and (doc.tokens[first - 1].text in SEPARATORS or _spaced_hyphen(doc, first - 1)) or quote_close
    if k.deprel == "acl:relcl" or k.deprel == "advcl" and doc.tokens[first].lemma.lower() in RELATIVE_PRONOUNS:
        # (a relative clause the parser read as adverbial: "…, which drivers fear could add …")
        return _relative_tail(doc, k, first) if after_break else None
    if k.deprel in COMMENT_RELS:  # "… already jammed,” a line that drew laughter": the writer's comment
        return _comment_tail(doc, k, first, after_break)
    if k.deprel == "conj" and lemma in lex.cognition and lemma not in lex.speech:
        return None  # "said the company was open to talks but believed …": the content's subject believes
    if k.deprel == "obl" and doc.tokens[first].lemma.lower() in CIRCUMSTANCE_PREPOSITIONS and not _quoted(doc, first):
        return "act"  # "… would be a broad discussion amid warnings from Washington": the writer sets the scene
    if k.deprel == "obl":  # "…, based on results from 94 percent of precincts"
        return "act" if after_break and doc.tokens[first].lemma.lower() in lex.framing else None
    if k.upos not in ("VERB", "AUX"):
        return None
    if k.deprel == "advcl":
        return _adverbial_tail(doc, k, first, v, c, after_break, quote_close)
    own_subject = any(x.deprel in OWN_SUBJECTS for x in doc.children(k.i))
    says = _is_cue(lemma) and any(x.deprel in ("ccomp", "parataxis") for x in doc.children(k.i))
    if k.deprel == "parataxis":  # "…; others believe the effects depend on …"
        return "statement" if own_subject and says and doc.tokens[first - 1].text == ";" else None
    return _conjunct_tail(doc, k, first, v, c)


def _comment_tail(doc: ParsedDoc, k: Token, first: int, after_break: bool) -> str | None:
    """An appositive noun after the clause: the writer's comment on it (`…, a charge X denies`) or a noun another
    source judges (`…, a group that both campaigns consider decisive`) is an act."""
    lex = lexicon()
    kids_ = doc.children(k.i)
    det = doc.tokens[first]
    on_clause = doc.tokens[k.head].upos in ("VERB", "AUX") or k.lemma.lower() in lex.comment_nouns or any(
        x.deprel == "acl:relcl" and (_is_cue(x.lemma.lower()) or x.lemma.lower() in lex.naming) and any(
            y.deprel == "nsubj" and y.lemma.lower() not in RELATIVE_PRONOUNS | {"that"} for y in doc.children(x.i))
        for x in kids_)
    dash = doc.tokens[first - 1].text in ("—", "–") or _spaced_hyphen(doc, first - 1)  # after a dash any determiner: "… – the same line X has …"
    return "act" if (k.upos == "NOUN" and on_clause and after_break
                     and det.head == k.i and (det.lemma.lower() in ("a", "an") or dash and det.upos == "DET")
                     and any(x.deprel in ("acl", "acl:relcl") for x in kids_)) else None


def _adverbial_tail(doc: ParsedDoc, k: Token, first: int, v: int, c: int, after_break: bool,
                    quote_close: bool) -> str | None:
    """A participle or adverbial clause after the content: the speaker's next statement, an act, or the content's."""
    lex = lexicon()
    lemma = k.lemma.lower()
    kids_ = doc.children(k.i)
    own_subject = any(x.deprel in OWN_SUBJECTS for x in kids_)
    says = _is_cue(lemma) and any(x.deprel in ("ccomp", "parataxis") for x in kids_)
    if not own_subject and k.xpos in ("VBG", "VBN") and after_break:
        if says:
            return "statement"  # "…, arguing that …"
        if lemma in lex.framing or _is_cue(lemma) or lemma in lex.naming:
            return "act"  # "…, citing people familiar with …", "…, calling the plan “theater.”"
        if quote_close and k.xpos == "VBG":
            return "act"  # "…had been “run by people who never missed a paycheck,” opening a three-day swing"
        if k.xpos == "VBG" and doc.tokens[v].deprel == "acl:relcl" and doc.subtree(k.i)[-1] + 1 >= doc.sent_of(k.i).last - 1:
            # "unveiled a plan that they said would be paid for without new taxes, setting up a clash with …": a
            # participle closing the sentence after a relative clause's content is the main clause's
            return "act"
    marks = {x.lemma.lower() for x in kids_ if x.deprel == "mark"}
    if not own_subject and "without" in marks and lemma in WITHHOLDING and after_break:
        return "act"  # "said it had struck 100 targets, without giving details": the writer notes what was not said
    if own_subject and "as" in marks and after_break and _present(doc, k.i) and _backshifted(doc, c, v):
        return "act"  # "said he would meet Xi next month, as both sides seek to ease tensions": the writer's context
    if own_subject and marks & CONCESSIVE and after_break and _refusal(doc, k):
        return "act"  # "…, though she declined to release it": the speaker's refusal, not what was said
    if own_subject and _is_cue(lemma) and marks & CONCESSIVE and after_break:
        # "…, though he cautioned that …", "…, while the federation warned of “real damage”"
        return "statement" if says else "act"
    return None


def _conjunct_tail(doc: ParsedDoc, k: Token, first: int, v: int, c: int) -> str | None:
    """A verb coordinated with the content's: another speaker's or the speaker's next statement, a coordinated act,
    or the content's own coordination."""
    lex = lexicon()
    lemma = k.lemma.lower()
    kids_ = doc.children(k.i)
    own_subject = any(x.deprel in OWN_SUBJECTS for x in kids_)
    says = _is_cue(lemma) and any(x.deprel in ("ccomp", "parataxis") for x in kids_)
    before = first - 2 if first > 1 and doc.tokens[first - 1].deprel == "cc" else first - 1
    that = any(x.deprel == "mark" and x.lemma.lower() == "that" for x in kids_)  # "… and that X showed …"
    if not own_subject and _refusal(doc, k):
        return "act"  # "… but would not say to whom", "… but declined to name them"
    if own_subject and says and not that and before >= 0 and doc.tokens[before].text in SEPARATORS:
        return "statement"  # "…, but residents said that would not be enough": another speaker
    if own_subject and says and doc.tokens[v].deprel == "acl:relcl" and k.i > v:
        # "a measure its sponsors said would lift pay but that opponents warned would cost jobs": a second relative
        # clause with a speaker of its own
        return "statement"
    if own_subject or any(x.deprel == "aux" and x.lemma.lower() in MODALS for x in kids_) or k.xpos in ("VB", "VBG"):
        return None  # "would cut costs and raise prices": the content's own coordination
    if not _auxes(doc, k.i) <= _auxes(doc, v):
        return None  # "said it remained open … and had asked the mediator to …": a tense of the content's own
    if says:
        return "statement"  # "said A but insisted B"
    if (_is_cue(lemma) or lemma in lex.naming) and (
            any(x.deprel in CLAUSAL or x.deprel == "obl" for x in kids_)
            or (k.xpos == "VBD" == doc.tokens[v].xpos and "have" in _auxes(doc, c))):
        # "…and urged both sides to return to talks", "…and called for him to resign", "acknowledged that it had
        # been hit and promised a relief package" (a simple past the content's perfect does not govern)
        return "act"
    if "have" in _auxes(doc, k.i) and "have" in _auxes(doc, v) and "have" not in _auxes(doc, c):
        return "act"  # "has said she supports it but has not endorsed a figure"
    return None


def _relative_tail(doc: ParsedDoc, k: Token, first: int) -> str | None:
    """A non-restrictive relative clause closing the content that carries an attribution of its own (`…, which
    she described as …`, `…, which local officials believe could …`, `…, who cast early ballots …, according to
    data …`, `…, which in his view …`) or the speaker's refusal (`…, whom she would not identify`): not part of
    what was said. "statement" when the clause's verb is itself a cue, which the rules emit on its own."""
    lex = lexicon()
    opener = doc.tokens[first]
    if opener.lemma.lower() not in RELATIVE_PRONOUNS and not (
            opener.upos == "ADP" and first + 1 < len(doc.tokens) and doc.tokens[first + 1].lemma.lower() in RELATIVE_PRONOUNS):
        return None
    kids_ = doc.children(k.i)
    lemma = k.lemma.lower()
    subjects = [x for x in kids_ if x.deprel in OWN_SUBJECTS]
    own_subject = any(x.lemma.lower() not in RELATIVE_PRONOUNS for x in subjects)
    if any(x.deprel in ("nsubj", "nsubj:pass") and x.lemma.lower() in ("we", "i") for x in kids_):
        return "act"  # "…, which we examined in July": the writer's voice (reported speech has no first person)
    if (_is_cue(lemma) or lemma in lex.naming) and (own_subject or any(
            x.deprel in ("ccomp", "parataxis") and any(y.deprel in OWN_SUBJECTS for y in doc.children(x.i)) for x in kids_)):
        return "statement"  # "…, which she said proved …", "…, who warned that the …"
    if lemma in lex.refusals or _negated(doc, k.i) and any(
            x.deprel == "aux" and x.lemma.lower() in MODALS for x in kids_) and own_subject:
        return "act"  # "…, whom she would not identify", "…, which he declined to name"
    for j in doc.subtree(k.i):
        t = doc.tokens[j]
        if t.deprel.startswith("obl") and j != k.i:
            cases = {x.lemma.lower() for x in doc.children(j) if x.deprel == "case"}
            if cases & {"accord", "according"}:
                return "act"  # "…, who cast early ballots at higher rates, according to data from …"
            if "in" in cases and t.lemma.lower() in VIEW_NOUNS and any(
                    x.deprel in ("nmod:poss", "nmod") for x in doc.children(j)):
                return "act"  # "…, which in his view should have ended the case"
    return None


def _spaced_hyphen(doc: ParsedDoc, i: int) -> bool:
    """A hyphen typed as a dash, with spaces around it ("… problem" - the same line …")."""
    t = doc.tokens[i]
    return (t.text == "-" and 0 < i < len(doc.tokens) - 1 and doc.tokens[i - 1].end < t.start
            and doc.tokens[i + 1].start > t.end)


def _refusal(doc: ParsedDoc, k: Token) -> bool:
    """`declined to release it`, `would not say to whom`, `refused to name them`: a refusal to say, not a
    statement."""
    lemma = k.lemma.lower()
    lex = lexicon()
    if lemma in lex.refusals:
        return True
    return lemma in lex.speech and _negated(doc, k.i) and any(
        x.deprel == "aux" and x.lemma.lower() in MODALS | {"do"} for x in doc.children(k.i))


def _negated(doc: ParsedDoc, i: int) -> bool:
    return any(x.deprel == "advmod" and x.lemma.lower() in ("not", "n't", "never") for x in doc.children(i))


def _is_cue(lemma: str) -> bool:
    lex = lexicon()
    return (lemma in lex.speech or lemma in lex.cognition) and lemma not in ("be", "have")


def _present(doc: ParsedDoc, i: int) -> bool:
    """A present-tense clause ("seek", "are seeking")."""
    t = doc.tokens[i]
    aux = [x for x in doc.children(i) if x.deprel.startswith("aux") and x.i < i]
    return (t.xpos in ("VBZ", "VBP") and not aux) or any(x.xpos in ("VBZ", "VBP") for x in aux)


def _backshifted(doc: ParsedDoc, c: int, v: int) -> bool:
    """A past-tense cue reporting a past or "would" clause ("said he would meet …")."""
    if doc.tokens[v].xpos != "VBD":
        return False
    head = doc.tokens[c]
    aux = {x.lemma.lower() for x in doc.children(c) if x.deprel.startswith("aux")}
    return head.xpos == "VBD" or bool(aux & {"would", "could", "might", "had"})


def _auxes(doc: ParsedDoc, i: int) -> set[str]:
    """Lemmas of the tense auxiliaries before verb `i` ("has not endorsed" -> {"have"})."""
    return {x.lemma.lower() for x in doc.children(i) if x.deprel == "aux" and x.i < i}


NUMBERS = ("PERCENT", "MONEY", "CARDINAL", "QUANTITY")


FOCUS_ADVERBS = {"especially", "particularly", "notably", "mostly", "mainly", "largely", "chiefly", "primarily"}


def resumed_after_cue(doc: ParsedDoc, v: int, c: int, last: int) -> int:
    """A cue set off by commas inside its content, which resumes after it: `The committee has been sitting since
    eight, she explains, and a row over the budget dragged on`, `Turnout was higher, officials said, especially in
    the north`. The content runs across the cue to the sentence's end (one statement), unless what follows has a
    cue and a subject of its own."""
    sent = doc.sent_of(v)
    cue = doc.subtree(v)
    end = sent.last
    while end > cue[0] and doc.tokens[end - 1].upos == "PUNCT":
        end -= 1
    if not _parenthetical_core(doc, v) or end <= v + 1:
        return last
    own = [j for j in doc.subtree(c) if j > v and j not in cue and j < end]
    resumes = own and (own[0] <= v + 3 and own[-1] == end - 1 and doc.tokens[own[0] - 1].text == "," or (
        doc.tokens[own[0]].deprel == "cc" and doc.tokens[own[0] - 1].text == ","))
    if resumes and not any(is_cue_verb(doc, j) and any(x.deprel == "nsubj" for x in doc.children(j)) for j in own):
        return end  # "…, she explains, and a row over the budget dragged on"
    numbers = any(doc.tokens[j].ent in NUMBERS for j in range(doc.subtree(c)[0], last))
    for k in doc.children(v):  # "…, officials said, especially in the northern towns"
        sub = doc.subtree(k.i)
        if not (k.i > v and k.deprel in ("obl", "advmod", "xcomp") and k.upos != "VERB" and sub[-1] == end - 1
                and doc.tokens[sub[0] - 1].text == ","):
            continue
        # "Wages rose 4.2%, the department said, slightly less than in March": a comparison of the content's figures
        comparison = numbers and any(doc.tokens[j].xpos in ("JJR", "RBR") or doc.tokens[j].lemma.lower() == "than"
                                     for j in sub)
        if doc.tokens[sub[0]].lemma.lower() in FOCUS_ADVERBS or comparison:
            return end
    return last


def _parenthetical_core(doc: ParsedDoc, v: int) -> bool:
    """The cue and its subject stand between commas: `…, she explains, …`, `…, officials said, …`."""
    subj = [x for x in doc.children(v) if x.deprel in ("nsubj", "nsubj:pass") and x.i < v]
    if not subj:
        return False
    start = doc.subtree(subj[0].i)[0]
    return start > 0 and doc.tokens[start - 1].text == "," and v + 1 < len(doc.tokens) and doc.tokens[v + 1].text == ","


def comparison_after(doc: ParsedDoc, v: int, first: int, last: int) -> int:
    """`found 48 percent thought Aldane had won, compared with 41 percent for Tolliver`, `said inflation reached 5%,
    up from 4% in May`: a comparison of the content's figures that the parser hung on the cue belongs to the content."""
    if last + 1 >= len(doc.tokens) or doc.tokens[last].text != "," or not any(
            doc.tokens[j].ent in NUMBERS for j in range(first, last)):
        return last
    for k in doc.children(v):
        sub = doc.subtree(k.i)
        if sub[0] != last + 1 or k.deprel not in ("obl", "advcl", "advmod", "obl:npmod"):
            continue
        opener = doc.tokens[sub[0]]
        if (opener.lemma.lower() == "compare" or opener.lemma.lower() in ("up", "down")) and any(
                doc.tokens[j].ent in NUMBERS for j in sub):
            return sub[-1] + 1
    return last


def elliptical_concession(doc: ParsedDoc, v: int, last: int) -> int:
    """`She believes he will win, though by a smaller margin than last time`: a verbless concession the parser hung
    on the cue qualifies the content."""
    if last + 1 >= len(doc.tokens) or doc.tokens[last].text != ",":
        return last
    for k in doc.children(v):
        sub = doc.subtree(k.i)
        if (sub[0] == last + 1 and k.deprel in ("obl", "advmod", "advcl") and k.upos not in ("VERB", "AUX")
                and doc.tokens[sub[0]].lemma.lower() in ("though", "although") and doc.tokens[sub[0]].deprel == "mark"):
            return sub[-1] + 1
    return last


FRONTED_RELS = ("obl", "obl:npmod", "obl:tmod", "advcl", "advmod", "cc")


def cue_core(doc: ParsedDoc, v: int) -> int:
    """The first token of a parenthetical cue's own words. The parser may hang the sentence's fronted adverbial on
    the cue (`At times last year, people close to him said, the mere mention …`; `After the court ruled, Hebert
    said, most laws …`): the cue's words then start at the comma before its subject."""
    sub = doc.subtree(v)
    subj = next((k for k in doc.children(v) if k.deprel in ("nsubj", "nsubj:pass") and k.i < v), None)
    if subj is None:
        return sub[0]
    s0 = doc.subtree(subj.i)[0]
    front = [k for k in doc.children(v) if k.i < s0 - 1]
    if (s0 - 1 <= sub[0] or doc.tokens[s0 - 1].text not in (",", "—", "–") or not front
            or any(k.deprel not in FRONTED_RELS and k.upos != "PUNCT" for k in front)):
        return sub[0]
    return s0 - 1


def parenthetical(doc: ParsedDoc, v: int) -> bool:
    """A cue set off by commas inside its content: ", she says," """
    sub = [j for j in doc.subtree(v) if j >= cue_core(doc, v)]
    before = doc.tokens[sub[0] - 1].text if sub[0] > 0 else ""
    after = doc.tokens[sub[-1] + 1].text if sub[-1] + 1 < len(doc.tokens) else ""
    return (before in (",", "—", "–") or doc.tokens[sub[0]].text in (",", "—", "–")) and (
        after in (",", "—", "–") or doc.tokens[sub[-1]].text in (",", "—", "–"))


def relative_start(doc: ParsedDoc, first: int, last: int) -> bool:
    """A span opening with "none of which", "some of whom", or a relative pronoun after a noun and a comma
    (`said Skelly, who ran the data team`, which the parser may hang on the cue, a surname tagged as an adverb): a
    relative clause, not a reported one. A wh-content has no comma before it (`asked who ran the team`)."""
    if (doc.tokens[first].text.lower() in ("who", "whom", "whose", "which") and first >= 2
            and doc.tokens[first - 1].text == ","
            and (doc.tokens[first - 2].upos in ("PROPN", "NOUN") or doc.tokens[first - 2].text[:1].isupper())):
        return True
    if first >= 1 and doc.tokens[first].text.lower() in ("who", "whom", "whose", "which"):
        noun = doc.tokens[first - 1]  # `he said of people whose rights were restored`: the preposition's noun's clause
        if noun.upos in ("NOUN", "PROPN") and any(c.deprel == "case" for c in doc.children(noun.i)):
            return True
    return any(k + 1 < last and doc.tokens[k].text.lower() == "of" and doc.tokens[k + 1].lemma.lower() in ("which", "whom")
               for k in (first + 1, first + 2))
