"""Rules that stand in for typical spaCy mistakes, checked on hand-built parses (so the test does not depend
on the parser making the same mistake again)."""

from __future__ import annotations

from quotes.extract import extract_quotes
from quotes.parse.doc import ParsedDoc, Sentence, Token
from quotes.records import Article

LEMMAS = {"said": "say", "sold": "sell", "hired": "hire", "is": "be", "was": "be", "saying": "say", "banned": "ban"}


def build(rows: list[tuple[str, str, str, int, str]], ents: dict[int, str] | None = None) -> ParsedDoc:
    """A one-sentence ParsedDoc from (text, upos, xpos, head, deprel) rows, tokens separated by spaces
    (no space before punctuation)."""
    text, tokens, pos = "", [], 0
    for i, (word, upos, xpos, head, deprel) in enumerate(rows):
        if i and upos != "PUNCT":
            text += " "
            pos += 1
        tokens.append(Token(i, word, pos, pos + len(word), LEMMAS.get(word, word.lower()), upos, head, deprel,
                            ent=(ents or {}).get(i, ""), xpos=xpos))
        text += word
        pos += len(word)
    tokens = [t if t.deprel != "root" else Token(t.i, t.text, t.start, t.end, t.lemma, t.upos, t.i, "root",
                                                t.ent, xpos=t.xpos) for t in tokens]
    return ParsedDoc(text, tokens, [Sentence(0, len(tokens), 0, len(text))], parser="test")


def extract(doc: ParsedDoc):
    return extract_quotes(Article(article_id="t", text=doc.text), doc)


def test_subject_stranded_by_a_long_apposition():
    # "Ada Brun, a cattle rancher, said she sold the herd." with "rancher" misread as an adverb heading a
    # clause of its own that holds the name, so "said" has no subject
    rows = [("Ada", "PROPN", "NNP", 1, "compound"), ("Brun", "PROPN", "NNP", 5, "nsubj"),
            (",", "PUNCT", ",", 1, "punct"), ("a", "DET", "DT", 4, "det"), ("cattle", "NOUN", "NNS", 1, "appos"),
            ("rancher", "ADV", "RB", 7, "ccomp"), (",", "PUNCT", ",", 7, "punct"), ("said", "VERB", "VBD", 7, "root"),
            ("she", "PRON", "PRP", 9, "nsubj"), ("sold", "VERB", "VBD", 7, "ccomp"), ("the", "DET", "DT", 11, "det"),
            ("herd", "NOUN", "NN", 9, "obj"), (".", "PUNCT", ".", 7, "punct")]
    doc = build(rows, ents={0: "PERSON", 1: "PERSON"})
    [q] = extract(doc)
    assert q.text == "she sold the herd"
    assert q.speaker_mention == "Ada Brun"


def test_subject_hung_on_a_fronted_phrase():
    # "In a chat at his shop, Li Wen, 38, said he hired six people." with the name an apposition of "shop"
    rows = [("In", "ADP", "IN", 2, "case"), ("a", "DET", "DT", 2, "det"), ("chat", "NOUN", "NN", 11, "obl"),
            ("at", "ADP", "IN", 5, "case"), ("his", "PRON", "PRP$", 5, "nmod:poss"), ("shop", "NOUN", "NN", 2, "nmod"),
            (",", "PUNCT", ",", 5, "punct"), ("Li", "PROPN", "NNP", 8, "compound"), ("Wen", "PROPN", "NNP", 5, "appos"),
            (",", "PUNCT", ",", 8, "punct"), ("38", "NUM", "CD", 8, "appos"), ("said", "VERB", "VBD", 11, "root"),
            ("he", "PRON", "PRP", 13, "nsubj"), ("hired", "VERB", "VBD", 11, "ccomp"), ("six", "NUM", "CD", 15, "nummod"),
            ("people", "NOUN", "NNS", 13, "obj"), (".", "PUNCT", ".", 11, "punct")]
    doc = build(rows, ents={7: "PERSON", 8: "PERSON"})
    [q] = extract(doc)
    assert q.text == "he hired six people"
    assert q.speaker_mention == "Li Wen"


def test_no_subject_taken_from_inside_the_quotation():
    # "“The plan is dead,” said the mayor" with the mayor misread as an object: the quote's own subject is
    # never the speaker
    rows = [("“", "PUNCT", "``", 4, "punct"), ("The", "DET", "DT", 2, "det"), ("plan", "NOUN", "NN", 3, "nsubj"),
            ("is", "AUX", "VBZ", 6, "ccomp"), ("dead", "ADJ", "JJ", 3, "acomp"), (",", "PUNCT", ",", 3, "punct"),
            ("”", "PUNCT", "''", 7, "punct"), ("said", "VERB", "VBD", 7, "root"), ("the", "DET", "DT", 9, "det"),
            ("mayor", "NOUN", "NN", 7, "obj"), (".", "PUNCT", ".", 7, "punct")]
    doc = build(rows)
    quotes = extract(doc)
    assert all(q.speaker_mention != "plan" and q.speaker_mention != "The plan" for q in quotes)


def test_participle_after_a_relative_clause_speaks_for_the_main_subject():
    # "A judge blocked an order that banned protests, saying it was unlawful." with "saying" hung on "banned"
    rows = [("A", "DET", "DT", 1, "det"), ("judge", "NOUN", "NN", 2, "nsubj"), ("blocked", "VERB", "VBD", 2, "root"),
            ("an", "DET", "DT", 4, "det"), ("order", "NOUN", "NN", 2, "obj"), ("that", "PRON", "WDT", 6, "nsubj"),
            ("banned", "VERB", "VBD", 4, "acl:relcl"), ("protests", "NOUN", "NNS", 6, "obj"),
            (",", "PUNCT", ",", 6, "punct"), ("saying", "VERB", "VBG", 6, "advcl"), ("it", "PRON", "PRP", 11, "nsubj"),
            ("was", "AUX", "VBD", 9, "ccomp"), ("unlawful", "ADJ", "JJ", 11, "acomp"), (".", "PUNCT", ".", 2, "punct")]
    doc = build(rows)
    [q] = extract(doc)
    assert q.text == "it was unlawful"
    assert q.speaker_mention == "A judge"
