"""The conllu backend: `.conllu` files read as articles, and their parses converted with exact offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotes.errors import InputError, QuotesError
from quotes.parse import get_parser
from quotes.parse.conllu_backend import (
    ConlluBackend,
    conllu_article,
    convert_conllu,
    decode_entity_tags,
    read_conllu_article,
    split_word_spans,
)
from quotes.records import Article

FERRY = Path(__file__).parent / "fixtures" / "parse" / "ferry.conllu"
FERRY_TEXT = ("“We can't accept this offer,” union leader Maren Holt told reporters. The talks, according to the "
              "ministry, will resume on Monday.\n\nHolt said talks had failed.")


@pytest.fixture(scope="module")
def ferry():
    article = read_conllu_article(FERRY)
    (doc,) = get_parser("conllu", quiet=True).parse_articles([article])
    return article, doc


def rel(doc, form):
    t = next(t for t in doc.tokens if t.text == form)
    return t.deprel, doc.tokens[t.head].text


def test_article_text_joins_sentences_with_paragraph_breaks(ferry):
    article, _ = ferry
    assert article.text == FERRY_TEXT
    assert article.article_id == "ferry"
    assert (article.source, article.published, article.title) == ("Nordpress", "2024-03-17", "Ferry strike talks stall")
    assert article.conllu == FERRY.read_text(encoding="utf-8")
    assert article.origin == str(FERRY)


def test_offsets_index_the_article_text(ferry):
    article, doc = ferry
    assert doc.text == article.text and doc.parser == "conllu"
    assert all(article.text[t.start:t.end] == t.text for t in doc.tokens)
    assert [article.text[s.start:s.end] for s in doc.sents] == [
        "“We can't accept this offer,” union leader Maren Holt told reporters.",
        "The talks, according to the ministry, will resume on Monday.",
        "Holt said talks had failed."]
    assert doc.sents[2].start == FERRY_TEXT.index("\n\n") + 2


def test_multiword_token_words_split_the_token(ferry):
    _, doc = ferry
    ca, nt = doc.tokens[2], doc.tokens[3]
    assert (ca.text, ca.lemma, nt.text, nt.lemma) == ("ca", "can", "n't", "not")
    assert (ca.start, ca.end, nt.start, nt.end) == (4, 6, 6, 9)


def test_relations_kept_lower_cased_with_subtypes_and_heads_document_wide(ferry):
    _, doc = ferry
    told = next(t for t in doc.tokens if t.text == "told")
    assert told.is_root and told.deprel == "root"  # written ROOT
    assert rel(doc, "accept") == ("ccomp", "told")
    assert rel(doc, "reporters") == ("iobj", "told")
    assert rel(doc, "according") == ("case", "ministry")
    assert rel(doc, "to") == ("fixed", "according")
    assert rel(doc, "Monday") == ("obl:tmod", "resume")
    assert rel(doc, "failed") == ("ccomp", "said")
    assert not any(t.text == "said" and t.sent == 0 for t in doc.tokens)  # the empty node 13.1 is no word
    assert [len(range(s.first, s.last)) for s in doc.sents] == [16, 13, 6]
    for t in doc.tokens:
        assert doc.sents[t.sent].first <= t.head < doc.sents[t.sent].last


def test_entities_from_misc_bio_and_bioes(ferry):
    _, doc = ferry
    assert [(e.label, doc.text[e.start:e.end]) for e in doc.ents] == [
        ("PERSON", "Maren Holt"), ("DATE", "Monday"), ("PERSON", "Holt")]
    holt = doc.tokens[doc.ents[0].last - 1]
    assert (holt.ent, holt.ent_iob) == ("PERSON", "I")
    assert doc.tokens[0].ent == "" and doc.tokens[0].ent_iob == "O"


def test_sentence_without_text_comment_is_rebuilt_from_space_after(ferry):
    article, doc = ferry
    assert article.text.endswith("Holt said talks had failed.")
    assert doc.tokens[-1].text == "." and doc.tokens[-2].end == doc.tokens[-1].start


def test_text_that_differs_from_the_layout_is_still_aligned():
    source = FERRY.read_text(encoding="utf-8")
    text = "  " + FERRY_TEXT.replace("\n\n", "\r\n").replace(". The", ".  The")
    doc = convert_conllu(source, text)
    assert all(text[t.start:t.end] == t.text for t in doc.tokens)
    assert [text[s.start:s.end] for s in doc.sents][2] == "Holt said talks had failed."


def test_header_line_and_bom():
    source = ("\ufeff# text = date 2024-05-02 KARVIK - Rain fell.\n"
              "1\tdate\tdate\tNOUN\tNN\t_\t0\troot\t_\t_\n2\t2024-05-02\t2024-05-02\tNUM\tCD\t_\t1\tnummod\t_\t_\n"
              "3\tKARVIK\tKarvik\tPROPN\tNNP\t_\t1\tappos\t_\t_\n4\t-\t-\tPUNCT\t:\t_\t1\tpunct\t_\t_\n"
              "5\tRain\train\tNOUN\tNN\t_\t6\tnsubj\t_\t_\n6\tfell\tfall\tVERB\tVBD\t_\t1\tparataxis\t_\tSpaceAfter=No\n"
              "7\t.\t.\tPUNCT\t.\t_\t1\tpunct\t_\t_\n")
    article = conllu_article(source.lstrip("\ufeff"), "a1")
    assert article.published == "2024-05-02" and article.text.startswith("date 2024")


def test_read_strips_bom_and_rejects_non_utf8(tmp_path):
    good = tmp_path / "bom.conllu"
    good.write_bytes(b"\xef\xbb\xbf" + FERRY.read_bytes())
    assert read_conllu_article(good).text == FERRY_TEXT
    bad = tmp_path / "latin.conllu"
    bad.write_bytes("# text = Caf\xe9\n1\tCaf\xe9\t_\t_\t_\t_\t0\troot\t_\t_\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin\.conllu: not UTF-8"):
        read_conllu_article(bad)


BAD_LINES = [
    ("1\tRain\train\tNOUN\tNN\t_\t0\troot\t_\n", 2, "10 tab-separated columns"),
    ("1\tRain\train\tNOUN\tNN\t_\tx\troot\t_\t_\n", 2, "HEAD 'x'"),
    ("1\tRain\train\tNOUN\tNN\t_\t7\troot\t_\t_\n", 2, "outside its sentence"),
    ("2\tRain\train\tNOUN\tNN\t_\t0\troot\t_\t_\n", 2, "expected word id 1"),
    ("1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tdo\tdo\tAUX\tVBP\t_\t0\troot\t_\t_\n", 3, "missing words"),
]


@pytest.mark.parametrize(("body", "line", "message"), BAD_LINES)
def test_malformed_conllu_names_file_and_line(tmp_path, body, line, message):
    path = tmp_path / "broken.conllu"
    path.write_text("# text = Rain\n" + body, encoding="utf-8")
    with pytest.raises(InputError, match=rf"broken\.conllu:{line}: .*{message}"):
        read_conllu_article(path)


def test_token_missing_from_its_text_names_the_line():
    source = "# text = Rain fell.\n1\tSnow\tsnow\tNOUN\tNN\t_\t2\tnsubj\t_\t_\n2\tfell\tfall\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    article = conllu_article(source, "x", origin="x.conllu")
    with pytest.raises(InputError, match=r"x\.conllu:2: token 'Snow'"):
        list(ConlluBackend().parse_articles([article]))


def test_sentence_of_empty_nodes_only_keeps_sentence_indices_consistent():
    source = ("# text = Rain.\n1\tRain\train\tNOUN\tNN\t_\t0\troot\t_\t_\n\n"
              "# text = \n0.1\tgone\tgo\tVERB\tVBN\t_\t_\t_\t0:root\t_\n\n"
              "# text = Snow.\n1\tSnow\tsnow\tNOUN\tNN\t_\t0\troot\t_\t_\n")
    article = conllu_article(source, "x")
    (doc,) = ConlluBackend().parse_articles([article])
    assert [t.text for t in doc.tokens] == ["Rain", "Snow"]
    assert [t.sent for t in doc.tokens] == [0, 1] and len(doc.sents) == 2
    assert doc.sent_of(1).start == article.text.index("Snow")


def test_mwt_whose_words_do_not_spell_it_share_its_span():
    source = ("# text = Vamos del centro.\n1\tVamos\tir\tVERB\t_\t_\t0\troot\t_\t_\n2-3\tdel\t_\t_\t_\t_\t_\t_\t_\t_\n"
              "2\tde\tde\tADP\t_\t_\t4\tcase\t_\t_\n3\tel\tel\tDET\t_\t_\t4\tdet\t_\t_\n"
              "4\tcentro\tcentro\tNOUN\t_\t_\t1\tobl\t_\tSpaceAfter=No\n5\t.\t.\tPUNCT\t_\t_\t1\tpunct\t_\t_\n")
    (doc,) = ConlluBackend().parse_articles([conllu_article(source, "es")])
    de, el = doc.tokens[1], doc.tokens[2]
    assert [(t.text, t.start, t.end) for t in (de, el)] == [("de", 6, 9), ("el", 6, 9)]
    assert doc.tokens[3].start == 10 and rel(doc, "de") == ("case", "centro")


def test_plain_text_input_is_refused_with_advice():
    backend = ConlluBackend()
    with pytest.raises(QuotesError, match=r"--parser conllu needs \.conllu input"):
        list(backend.parse_articles([Article("a", "Rain fell.", origin="a.txt")]))
    with pytest.raises(QuotesError, match=r"needs \.conllu input"):
        list(backend.parse(["Rain fell."]))


def test_articles_stream_in_order():
    one = conllu_article(FERRY.read_text(encoding="utf-8"), "one")
    two = conllu_article("# text = Rain.\n1\tRain\train\tNOUN\tNN\t_\t0\troot\t_\t_\n", "two")
    docs = list(ConlluBackend().parse_articles([one, two, one]))
    assert [d.text for d in docs] == [one.text, "Rain.", one.text]
    assert docs[1].tokens[0].text == "Rain" and docs[1].tokens[0].is_root


@pytest.mark.parametrize(("tags", "spans"), [
    (["B-PERSON", "I-PERSON", "O", "B-ORG"], [(0, 2, "PERSON"), (3, 4, "ORG")]),
    (["B-PERSON", "E-PERSON", "S-GPE", "O"], [(0, 2, "PERSON"), (2, 3, "GPE")]),
    (["I-ORG", "I-ORG", "B-ORG", "O"], [(0, 2, "ORG"), (2, 3, "ORG")]),  # IOB1-style start
    (["B-PERSON", "I-ORG"], [(0, 1, "PERSON"), (1, 2, "ORG")]),  # label change ends an entity
    (["O", "", "_"], []),
    (["PERSON", "O"], [(0, 1, "PERSON")]),
])
def test_decode_entity_tags(tags, spans):
    assert decode_entity_tags(tags) == spans


@pytest.mark.parametrize(("text", "forms", "spans"), [
    ("don't", ["do", "n't"], [(0, 2), (2, 5)]),
    ("Won’t", ["wo", "n’t"], [(0, 2), (2, 5)]),
    ("gonna", ["gon", "na"], [(0, 3), (3, 5)]),
    ("del", ["de", "el"], [(0, 3), (0, 3)]),
])
def test_split_word_spans(text, forms, spans):
    assert split_word_spans(text, 0, len(text), forms) == spans
