"""Wording drift (quotes/wording.py): how each record renders its statement, and altered quotations linked.

Invented article pairs, parsed by spaCy, one speaker per pair; unit cases of `compare` on plain renderings."""

from pathlib import Path

import pytest

import quotes
from quotes.records import Quote
from quotes.wording import compare, render
from quotes.wording_statements import statement_wording

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _text(value) -> str:
    import pandas as pd

    return "" if value is None or pd.isna(value) else str(value)


def _pair(first: str, second: str):
    """The records of two one-article texts (dated one day apart), keyed by article."""
    df = quotes.extract([quotes.Article("a", first, source="Daily A", published="2025-05-01"),
                         quotes.Article("b", second, source="Courier B", published="2025-05-02")], parser="spacy")
    return {r.article_id: r for r in df.itertuples()}


@pytest.mark.parametrize("first, second, diff", [
    ("The colour of the new buses will be chosen by the riders themselves",
     "The color of the new buses will be chosen by the riders themselves", "colour → color"),
    ("It will be a full-fledged visit, with talks between the two delegations",
     "It will be a fully fledged visit, with talks between the two delegations", "full-fledged → fully fledged"),
    ("We expect 5 new clinics to open in the valley before the winter",
     "We expect five new clinics to open in the valley before the winter", "5 → five"),
    ("Fares will rise by 4 per cent for every passenger on the northern line",
     "Fares will rise by 4 percent for every passenger on the northern line", "per cent → percent"),
    ("The programme will be reorganised so that every clinic is consulted",
     "The program will be reorganized so that every clinic is consulted", "programme → program; reorganised → reorganized"),
    ("We don't want a strike, and the drivers do not want one either",
     "We do not want a strike, and the drivers don't want one either", "don't → do not; do not → don't"),
])
def test_orthographic_variants_are_one_statement(first, second, diff):
    recs = _pair(f"Health Minister Ana Duarte said: “{first}.”", f"Health Minister Ana Duarte said: “{second}.”")
    a, b = recs["a"], recs["b"]
    assert a.cluster_id == b.cluster_id
    assert (a.wording, b.wording) == ("orthographic", "orthographic")
    assert {_text(a.wording_diff), _text(b.wording_diff)} - {""} == {diff}
    assert a.speaker == b.speaker == "Ana Duarte"


@pytest.mark.parametrize("first, second, diff", [
    ("We will not raise taxes this year, whatever the deficit says", ("We will raise taxes this year, whatever the "
     "deficit says"), "not raise → raise"),
    ("About 45 percent of families in the north now rely on the scheme",
     "About 54 percent of families in the north now rely on the scheme", "45 → 54"),
    ("The new bridge across the river will open to traffic on March 3 next year",
     "The new bridge across the river will open to traffic on May 3 next year", "March → May"),
    ("Our talks with the delegation from Varnia went far better than anyone expected",
     "Our talks with the delegation from Ostland went far better than anyone expected", "Varnia → Ostland"),
])
def test_meaning_changes_are_linked_not_merged(first, second, diff):
    recs = _pair(f"“{first},” Treasurer Ines Koval said.", f"“{second},” Treasurer Ines Koval said.")
    a, b = recs["a"], recs["b"]
    assert a.cluster_id != b.cluster_id
    assert b.wording == "altered" and b.wording_diff == diff and b.variant_of == a.quote_id
    assert a.speaker == b.speaker == "Ines Koval"


@pytest.mark.parametrize("first, second, diff", [
    ("The council will close the old library at the end of the summer", ("The council may close the old library at "
     "the end of the summer"), "will → may"),
    ("We support the plan for the harbour and we will vote for it", ("We fully support the plan for the harbour and "
     "we will vote for it"), "support → fully support"),
])
def test_modal_or_inserted_words_are_altered_in_the_statement(first, second, diff):
    recs = _pair(f"“{first},” Mayor Petra Lund said.", f"“{second},” Mayor Petra Lund said.")
    a, b = recs["a"], recs["b"]
    assert a.cluster_id == b.cluster_id
    altered = [r for r in (a, b) if r.wording == "altered"]
    assert len(altered) == 1 and altered[0].wording_diff in (diff, " → ".join(reversed(diff.split(" → "))))


def test_abridged_and_paraphrase_against_the_full_quotation():
    full = ("“The shipyard cannot survive another year of uncertainty, and neither can the families who depend on "
            "it,” union leader Rolf Tennby said.")
    cut = "“The shipyard cannot survive another year of uncertainty,” union leader Rolf Tennby said."
    reported = "Union leader Rolf Tennby said the shipyard could not survive another year of uncertainty."
    df = quotes.extract([quotes.Article("a", full, published="2025-01-01"),
                         quotes.Article("b", cut, published="2025-01-02"),
                         quotes.Article("c", reported, published="2025-01-03")], parser="spacy")
    by = {r.article_id: r for r in df.itertuples()}
    assert by["a"].wording == "identical" and by["b"].wording == "abridged" and by["c"].wording == "paraphrase"
    assert len({by[k].cluster_id for k in "abc"}) == 1


def test_identical_renderings_and_statements_reported_once():
    text = "“We will rebuild the pier before the season starts,” Harbour Master Ola Brenn said."
    recs = _pair(text, text.replace("“We", "\"We").replace("starts,”", "starts,\""))
    assert recs["a"].wording == recs["b"].wording == "identical" and not _text(recs["b"].wording_diff)
    alone = quotes.extract(["“We will rebuild the pier before the season starts,” Ola Brenn said."], parser="spacy")
    assert alone["wording"].isna().all() and alone["variant_of"].isna().all()


def test_never_linked_across_speakers():
    recs = _pair("“About 45 percent of families in the north now rely on the scheme,” Ines Koval said.",
                 "“About 54 percent of families in the north now rely on the scheme,” Tomas Brink said.")
    assert _text(recs["b"].wording) == _text(recs["b"].variant_of) == ""  # different speakers: no link


def test_seed_renderings_of_peskov_are_orthographic_with_the_diff():
    df = quotes.extract(SEEDS, parser="spacy")
    peskov = (df["speaker"] == "Dmitry Peskov").fillna(False)  # unattributed records have no speaker
    visit = df[df["text"].str.contains("fledged visit").fillna(False) & peskov]
    assert len(visit["cluster_id"].unique()) == 1
    assert set(visit["wording"]) == {"orthographic"}
    assert any("full-fledged → fully fledged" in d or "fully fledged → full-fledged" in d
               for d in visit["wording_diff"].dropna())
    assert not (df["wording"] == "altered").fillna(False).any()


@pytest.mark.parametrize("mention, name, role", [
    ("Treasurer Ines Koval", "Ines Koval", "Treasurer"),
    ("Transport Commissioner Mara Quist", "Mara Quist", "Transport Commissioner"),
    ("Health Minister Ana Duarte", "Ana Duarte", "Health Minister"),
])
def test_canonical_names_drop_titles(mention, name, role):
    df = quotes.extract([f"{mention} said the budget for the new depot was balanced."], parser="spacy")
    assert (df["speaker"].iloc[0], df["speaker_role"].iloc[0]) == (name, role)


def _q(article: str, text: str, quote_type: str = "direct", statement: str = "", published: str = "") -> Quote:
    return Quote(article, quote_type, text, 0, len(text), statement_id=statement, published=published)


def test_segments_of_one_quotation_are_one_rendering():
    joined = _q("a", "We will rebuild the pier. Then we will dredge the harbour.")
    s1 = _q("b", "We will rebuild the pier.")
    s2 = Quote("b", "direct", "Then we will dredge the harbour.", 40, 72, statement_id=s1.quote_id)
    s1 = s1.evolve(statement_id=s1.quote_id)
    drift = statement_wording([joined, s1, s2])
    assert drift[s1.quote_id].wording == drift[s2.quote_id].wording == "identical"


@pytest.mark.parametrize("ref, other, wording", [
    ("We will never give up the northern line", "We will … give up the northern line", "altered"),
    ("The ferry will run every hour from the old quay to the island", "The ferry will run … to the island",
     "abridged"),
    ("We will not borrow our way out of this winter", "We will not borrow our way through this winter", "paraphrase"),
    ("The centre will open in the autumn", "The center will open in the autumn", "orthographic"),
    ("They were promised 1,000 new homes", "They were promised 1000 new homes", "orthographic"),
])
def test_compare(ref, other, wording):
    assert compare(render([ref]), render([other])).wording == wording


def test_differing_spans_cover_whole_written_words():
    from quotes.wording import differing_spans

    ref = render(["It will be a full-fledged visit, and 45 percent will come"])
    other = render(["It will be a fully fledged visit, and 54 percent will come"])
    in_ref, in_other = differing_spans(ref, other)
    assert [ref.text[s:e] for s, e in in_ref] == ["full-fledged", "45"]
    assert [other.text[s:e] for s, e in in_other] == ["fully", "fledged", "54"]
    assert differing_spans(ref, ref) == ([], [])
