"""The faster attribute_ruler gives exactly the stock component's annotations (real parses, both pipelines)."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from quotes.parse.spacy_backend import DEFAULT_MODEL
from quotes.parse.spacy_ruler import _fast_class, _supported, speed_up

TEXTS = [
    # the ruler's exceptions: contractions, "gonna", "let's", existential "there", pronouns, determiners
    "Y'all ain't gonna believe it, she said. Let's go, c'mon! We gotta leave before he gets there.",
    "There is no deal yet, and there were never any talks, the minister told reporters on Tuesday.",
    "I'd say it's fine, isn't it? Something changed; nobody knows what, and anyone who says otherwise is wrong.",
    "“We won’t back down,” said Ana Ferreira, 54, a nurse at the Fellmoor hospital. “Not this time.”",
    # white space tokens, blank lines and tabs inside a text
    "First line.\n\n\nSecond  line,\twith   spaces.\n \nThird.",
    "",
    "   ",
    "According to the ministry, 1,200 jobs will go by 2027 — a cut of 12% — though unions dispute the figure.",
]


def annotations(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_, t.ent_iob_,
             t.is_sent_start, t.whitespace_) for t in doc]


@pytest.fixture(scope="module")
def pipelines():
    stock = spacy.load(DEFAULT_MODEL)
    fast = spacy.load(DEFAULT_MODEL)
    assert speed_up(fast)
    return stock, fast


def test_same_annotations_as_the_stock_ruler(pipelines) -> None:
    stock, fast = pipelines
    assert type(fast.get_pipe("attribute_ruler")).__name__ == "FastAttributeRuler"
    for a, b in zip(stock.pipe(TEXTS), fast.pipe(TEXTS), strict=True):
        assert annotations(a) == annotations(b)


def test_same_annotations_one_doc_at_a_time(pipelines) -> None:
    stock, fast = pipelines
    for text in TEXTS:
        assert annotations(stock(text)) == annotations(fast(text))


def test_unsupported_patterns_keep_the_stock_ruler() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"ORTH": "Dr."}]], {"LEMMA": "doctor"})  # ORTH is not one of the attributes looked up
    assert not _supported(ruler.patterns)
    assert not speed_up(nlp)
    assert type(nlp.get_pipe("attribute_ruler")).__name__ == "AttributeRuler"
    long = [[{"LOWER": "a"}, {"LOWER": "b"}, {"LOWER": "c"}]]
    assert not _supported([{"patterns": long, "attrs": {}, "index": 0}])


def test_a_custom_ruler_with_supported_patterns_is_applied_the_same_way() -> None:
    texts = ["The cat sat on the mat.", "Gonna be fine, y'know, gonna be fine."]
    pipes = []
    for fast in (False, True):
        nlp = spacy.blank("en")
        ruler = nlp.add_pipe("attribute_ruler")
        ruler.add([[{"LOWER": {"IN": ["cat", "mat"]}}]], {"LEMMA": "animal-or-mat", "POS": "NOUN"})
        ruler.add([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "go"}, index=0)
        ruler.add([[{"LOWER": {"REGEX": "^t"}}]], {"POS": "DET"})
        ruler.add([[{"LOWER": "the"}]], {"POS": "PRON"})  # a later pattern overrides an earlier one
        if fast:
            assert speed_up(nlp)
        pipes.append(nlp)
    for text in texts:
        a, b = (annotations(p(text)) for p in pipes)
        assert a == b
    assert pipes[1]("the cat")[0].pos_ == "PRON"
    assert _fast_class().__name__ == "FastAttributeRuler"
