"""Chunking and stitching in quotes.parse: paragraphs (or windows of an over-long one) are parsed apart and
stitched back with offsets into the article text, in order, skipping the date header."""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Iterable, Iterator

import pytest

from quotes.parse import MAX_CHUNK_CHARS, Backend, chunk_spans, get_parser
from quotes.parse.doc import Entity, ParsedDoc, Sentence, Token
from quotes.text import body_start


class FakeBackend(Backend):
    """Tokens are runs of at most 1000 non-space characters; one sentence per chunk; the first token of
    each chunk is an entity. `greedy` reads every chunk before answering (like a batching parser)."""

    name = "fake"

    def __init__(self, greedy: bool = False):
        super().__init__()
        self.greedy = greedy
        self.chunks: list[str] = []

    def parse_chunks(self, chunks: Iterable[str]) -> Iterator[ParsedDoc]:
        if self.greedy:
            chunks = list(chunks)
        for chunk in chunks:
            self.chunks.append(chunk)
            yield fake_parse(chunk)


def fake_parse(chunk: str) -> ParsedDoc:
    tokens = [Token(i=k, text=m.group(), start=m.start(), end=m.end(), lemma=m.group().lower(), upos="X",
                    head=0, deprel="root" if k == 0 else "dep")
              for k, m in enumerate(re.finditer(r"\S{1,1000}", chunk))]
    sents = [Sentence(0, len(tokens), tokens[0].start, tokens[-1].end)] if tokens else []
    ents = [Entity(0, 1, "ORG", tokens[0].start, tokens[0].end)] if tokens else []
    return ParsedDoc(text=chunk, tokens=tokens, sents=sents, parser="fake", ents=ents)


def check_document(doc: ParsedDoc, text: str) -> None:
    assert doc.text == text
    assert [t.i for t in doc.tokens] == list(range(len(doc.tokens)))
    for t in doc.tokens:
        assert text[t.start:t.end] == t.text
        s = doc.sents[t.sent]
        assert s.first <= t.i < s.last and s.first <= t.head < s.last
    for s in doc.sents:
        assert text[s.start:s.end] == doc.span_text(s.first, s.last)
    for e in doc.ents:
        assert text[e.start:e.end] == doc.span_text(e.first, e.last)


def test_five_megabytes_on_one_line_without_spaces_or_sentence_ends():
    text = ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789" * 90_000)[:5_000_000]
    t0 = time.perf_counter()
    spans = chunk_spans(text)
    assert all(e - s <= MAX_CHUNK_CHARS for s, e in spans)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans))  # fixed windows, nothing lost
    backend = FakeBackend()
    (doc,) = backend.parse([text])
    assert time.perf_counter() - t0 < 30
    assert len(backend.chunks) == len(spans) == 250
    check_document(doc, text)
    assert "".join(t.text for t in doc.tokens) == text
    assert len(doc.sents) == 250 and len(doc.ents) == 250
    assert doc.ents[1].start == MAX_CHUNK_CHARS and doc.tokens[doc.ents[1].first].start == MAX_CHUNK_CHARS


def test_long_line_with_spaces_but_no_sentence_end_is_cut_at_spaces():
    words = [f"w{k}" for k in range(120_000)]  # about 0.9 MB
    text = " ".join(words)
    spans = chunk_spans(text)
    assert len(spans) > 1 and all(e - s <= MAX_CHUNK_CHARS for s, e in spans)
    assert all(text[e - 1] == " " or e == len(text) for s, e in spans)  # never inside a word
    (doc,) = FakeBackend().parse([text])
    check_document(doc, text)
    assert [t.text for t in doc.tokens] == words


def test_long_paragraph_is_cut_after_a_sentence_end():
    sentence = "The ministry said the ferries would run again. "
    text = (sentence * 2000).strip()
    spans = chunk_spans(text)
    assert len(spans) > 1
    for s, e in spans[:-1]:
        assert text[s:e].rstrip().endswith(".") and e - s <= MAX_CHUNK_CHARS
        assert text[e:].startswith("The ministry")
    (doc,) = FakeBackend().parse([text])
    check_document(doc, text)
    assert len(doc.tokens) == len(text.split())


@pytest.mark.parametrize("greedy", [False, True])
def test_empty_texts_interleaved_come_back_in_order(greedy):
    texts = ["", "Alpha beta.", "", "   ", "\n\r\n", "Gamma delta.\n\nEpsilon zeta.", "", "Eta.", "", ""]
    docs = list(FakeBackend(greedy=greedy).parse(texts))
    assert [d.text for d in docs] == texts
    for doc, text in zip(docs, texts, strict=True):
        check_document(doc, text)
        assert [t.text for t in doc.tokens] == text.split()
        assert doc.parser == "fake"
    assert [len(d.sents) for d in docs] == [0, 1, 0, 0, 0, 2, 0, 1, 0, 0]


@pytest.mark.parametrize("greedy", [False, True])
def test_only_empty_texts(greedy):
    assert [d.text for d in FakeBackend(greedy=greedy).parse(["", " ", ""])] == ["", " ", ""]
    assert list(FakeBackend(greedy=greedy).parse([])) == []


def test_parse_streams_lazily():
    texts = (f"Article {k} text." for k in itertools.count())
    backend = FakeBackend()
    first = list(itertools.islice(backend.parse(texts), 3))
    assert [d.text for d in first] == ["Article 0 text.", "Article 1 text.", "Article 2 text."]
    assert len(backend.chunks) <= 4


@pytest.mark.parametrize(("text", "body"), [
    (" date 2024-03-01 KARVIK - Talks resumed on Monday.\nThey failed.", "Talks resumed on Monday."),
    ("date 2024-03-01 SEOUL/WASHINGTON - Talks resumed.", "Talks resumed."),
    ("date 2024-03-01 Talks resumed.", "Talks resumed."),
    ("date 2024-03-01\nTalks resumed.", "Talks resumed."),
    ("KARVIK, March 17 (Nordpress) - Talks resumed.", "Talks resumed."),
])
def test_date_header_and_dateline_are_not_parsed(text, body):
    backend = FakeBackend()
    (doc,) = backend.parse([text])
    check_document(doc, text)
    assert backend.chunks[0] == body
    assert doc.tokens[0].start == text.index(body) >= body_start(text)
    assert "2024-03-01" not in [t.text for t in doc.tokens]


def test_paragraph_offsets_with_crlf_and_indentation():
    text = "  First para here.\r\n\r\n\tSecond  para.\r\nThird one.\r\n"
    backend = FakeBackend()
    (doc,) = backend.parse([text])
    assert backend.chunks == ["First para here.", "Second  para.", "Third one."]
    check_document(doc, text)
    assert [text[s.start:s.end] for s in doc.sents] == backend.chunks
    assert [t.sent for t in doc.tokens] == [0, 0, 0, 1, 1, 2, 2]


def test_real_spacy_backend_stitches_exact_offsets():
    nlp = get_parser("spacy", quiet=True)
    para = "The ministry said ferries would run again, according to a statement. "
    long_para = (para * 400).strip()  # over MAX_CHUNK_CHARS: cut into several chunks
    texts = ["", " date 2024-03-01 KARVIK - “We will reopen,” she said.\r\n\r\nOfficials agreed.", "", long_para]
    docs = list(nlp.parse(texts))
    assert [d.text for d in docs] == texts
    for doc, text in zip(docs, texts, strict=True):
        check_document(doc, text)
    assert docs[0].tokens == [] and docs[2].tokens == []
    assert docs[1].tokens[0].text == "“"
    assert len(docs[3].sents) == 400
    doc = docs[3]
    statements = [t for t in doc.tokens if t.text == "statement"]
    assert len(statements) == 400
    for t in statements:  # the adapter ran on every chunk: "according to" is case + fixed on the object
        according = doc.tokens[t.i - 3]
        assert (t.deprel, according.text, according.deprel, according.head) == ("obl", "according", "case", t.i)
        assert doc.sents[t.sent].first <= t.head < doc.sents[t.sent].last


def test_packed_chunks_are_whole_paragraphs_within_the_limit():
    paras = [f"Paragraph {i} says something about the harbour and the ferry timetable." * (1 + i % 7) for i in range(60)]
    text = "\n\n".join(paras)
    plain = chunk_spans(text)
    packed = chunk_spans(text, max_chars=2_000, pack=True)
    assert len(plain) == 60 and 1 < len(packed) < 60
    assert all(e - s <= 2_000 for s, e in packed)
    starts, ends = {s for s, _ in plain}, {e for _, e in plain}
    assert all(s in starts and e in ends for s, e in packed)  # never cut inside a paragraph
    assert packed[0][0] == plain[0][0] and packed[-1][1] == plain[-1][1]
    assert all(a[1] < b[0] for a, b in itertools.pairwise(packed))


def test_spacy_keeps_every_paragraph_start_a_sentence_start():
    text = ("Harbour master Olav Brenn at the pier on Monday\n\n"
            "the ferry will not sail until the storm has passed, he said.\n\n"
            "Bus services ran as normal")
    doc = next(get_parser("spacy", quiet=True).parse([text]))
    check_document(doc, text)
    sentence_texts = [text[s.start:s.end] for s in doc.sents]
    paragraphs = text.split("\n\n")
    assert all(any(s.startswith(p.split()[0]) and p.startswith(s) for s in sentence_texts) for p in paragraphs)
    assert not any("\n" in s for s in sentence_texts)
