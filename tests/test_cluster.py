"""Quote clusters: reworded and joined statements share a cluster_id; number, name and negation traps do not."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.cluster import THRESHOLD, assign_clusters, normalise, similarity
from quotes.records import Quote


def q(article: str, text: str, speaker: str = "Hae-jin Toral", start: int = 0) -> Quote:
    return Quote(article_id=article, quote_type="direct", text=text, start=start, end=start + len(text),
                 speaker=speaker)


def same(a: Quote, b: Quote) -> bool:
    out = assign_clusters([a, b])
    return out[0].cluster_id == out[1].cluster_id


REWORDED = [
    ("It will be a full-fledged visit, not a stopover on the way to somewhere else,",
     "It will be a fully fledged visit, not a stop-over on the way to somewhere else,"),
    ("We will not borrow our way out of this winter, and we will not tax our way out of it either,",
     "We will not borrow our way through this winter, and we will not tax our way through it either,"),
    ("We have a lot to discuss and, frankly, a lot to repair.",
     "We have much to discuss and, frankly, much to repair."),
    ("This yard cannot survive another year of uncertainty, and neither can the people who work in it,",
     "the shipyard \u201ccannot survive another year of uncertainty\u201d"),
    ("The harbour will reopen \u2018as soon as it is safe\u2019 for the crews and the ferries",
     "The harbour will re-open 'as soon as it is safe' for the crews and the ferries"),
]

TRAPS = [
    ("The levy will raise about 900 million crowns a year for the treasury",
     "The levy will raise about 950 million crowns a year for the treasury"),
    ("The ministry will cut the subsidy by ten percent from next January onwards",
     "The ministry will cut the subsidy by twenty percent from next January onwards"),
    ("We will meet President Arvel in Karvik next month to sign the border treaty",
     "We will meet President Osk in Karvik next month to sign the border treaty"),
    ("The government will raise income taxes to close the widening budget gap",
     "The government will not raise income taxes to close the widening budget gap"),
    ("We can accept the proposal the unions sent us last week in its present form",
     "We cannot accept the proposal the unions sent us last week in its present form"),
    ("The company has broken the terms of its licence at the northern mine",
     "The company has never broken the terms of its licence at the northern mine"),
    ("The board will do it again next year if the inflation figures allow it",
     "The board won't do it again next year if the inflation figures allow it"),
    ("Nobody expected the vote in the assembly to be this close",
     "Everybody expected the vote in the assembly to be this close"),
    ("Kessaly has broken every promise it made about the fishing quotas",
     "Varnia has broken every promise it made about the fishing quotas"),
    ("The new border crossing will open on the first day of spring",
     "The new border crossing will open on the third day of spring"),
]


@pytest.mark.parametrize(("a", "b"), REWORDED)
def test_reworded_pairs_cluster_across_articles(a: str, b: str) -> None:
    assert same(q("d03", a), q("d07", b))


@pytest.mark.parametrize(("a", "b"), TRAPS)
def test_number_name_and_negation_traps_stay_apart(a: str, b: str) -> None:
    assert not same(q("d01", a), q("d09", b))


def test_containment_threshold_separates_reworded_pair_from_number_trap() -> None:
    reworded = similarity(normalise(REWORDED[2][0]), normalise(REWORDED[2][1]))
    assert reworded >= THRESHOLD
    # Without its guard the number-only trap would still score below a true pair; with it, zero.
    assert similarity(normalise(TRAPS[0][0]), normalise(TRAPS[0][1])) == 0.0


def test_normalise_unifies_hyphens_dashes_and_quotes() -> None:
    assert normalise("full-fledged").seq == normalise("full \u2013 fledged").seq == ("full", "fledged")
    assert normalise("\u201cDon\u2019t\u201d").seq == normalise('"Don\'t"').seq
    assert normalise("don't").seq == normalise("do not").seq == ("do", "not")  # one negation, however written
    assert "arvel" in normalise("we will meet Arvel").marked
    assert "we" not in normalise("We will meet").marked


def test_two_segments_and_joined_quote_form_one_cluster() -> None:
    seg1 = q("d01", "There is room for compromise on heating support.", "Bertil Ravenholm", 10)
    seg2 = q("d01", "There is no room for compromise on the deficit.", "Bertil Ravenholm", 80)
    joined = q("d09", "There is room to compromise on heating support, but there is no room to compromise on "
                      "the deficit,", "Bertil Ravenholm", 5)
    out = assign_clusters([seg1, seg2, joined])
    assert len({x.cluster_id for x in out}) == 1
    assert out[0].cluster_id == min(x.quote_id for x in out)


def test_negation_outside_the_shared_span_does_not_block_a_joined_quote() -> None:
    part = q("a1", "the harbour will reopen on Monday for all ferries", "Port Authority")
    whole = q("a2", "the harbour will reopen on Monday for all ferries, but no cargo ships will be allowed in",
              "Port Authority")
    assert same(part, whole)


def test_fewer_than_five_shared_words_do_not_cluster_by_containment() -> None:
    assert not same(q("a1", "at a dead end"), q("a2", "the talks were at a dead end, he said, and would stay so"))


def test_identical_short_quotes_cluster() -> None:
    assert same(q("a1", "at a dead end"), q("a2", "at a dead end"))


def test_different_speakers_never_cluster() -> None:
    text = "It will be a full-fledged visit, not a stopover on the way to somewhere else,"
    assert not same(q("a1", text, "Hae-jin Toral"), q("a2", text, "Ilse Maren"))


def test_unattributed_record_joins_the_speaker_cluster() -> None:
    a = q("a1", "It will be a full-fledged visit, not a stopover on the way to somewhere else,", "Hae-jin Toral")
    b = q("a2", "It will be a fully fledged visit, not a stop-over on the way to somewhere else,", "")
    assert same(a, b)


def test_unattributed_record_never_bridges_two_speakers() -> None:
    text = "The talks on the northern border will resume in the spring"
    out = assign_clusters([q("a1", text, "Hae-jin Toral"), q("a2", text, ""), q("a3", text, "Ilse Maren")])
    toral, anon, maren = (x.cluster_id for x in out)
    assert toral != maren
    assert anon in (toral, maren)


def test_speaker_names_compare_case_insensitively() -> None:
    text = "The talks on the northern border will resume in the spring"
    assert same(q("a1", text, "Hae-jin Toral"), q("a2", text, "hae-jin toral"))


def test_every_record_gets_a_cluster_id_and_singletons_keep_their_own() -> None:
    quotes = [q("a1", "The bridge will be finished in May, the engineers promised the council."),
              q("a2", "Nobody expected the vote to be this close, said the chairman of the league."),
              q("a3", "")]
    out = assign_clusters(quotes)
    assert [x.cluster_id for x in out] == [x.quote_id for x in quotes]


def test_empty_input() -> None:
    assert assign_clusters([]) == []


def _corpus() -> list[Quote]:
    quotes = []
    for i, (a, b) in enumerate(REWORDED + TRAPS):
        quotes.append(q(f"x{i:02d}", a, "Speaker", i))
        quotes.append(q(f"y{i:02d}", b, "" if i % 3 == 0 else "Speaker", i))
    return quotes


def test_order_independent_and_ids_are_the_smallest_quote_id() -> None:
    quotes = _corpus()
    expected = {x.quote_id: x.cluster_id for x in assign_clusters(quotes)}
    rng = random.Random(7)
    for _ in range(5):
        shuffled = quotes[:]
        rng.shuffle(shuffled)
        out = assign_clusters(shuffled)
        assert [x.quote_id for x in out] == [x.quote_id for x in shuffled]  # same order as given
        assert {x.quote_id: x.cluster_id for x in out} == expected
    clusters: dict[str, list[str]] = {}
    for qid, cid in expected.items():
        clusters.setdefault(cid, []).append(qid)
    assert all(cid == min(members) for cid, members in clusters.items())
    assert len(clusters) == len(REWORDED) + 2 * len(TRAPS)


def test_number_words_and_digits_are_the_same_word() -> None:
    assert same(q("a1", "We will send two more ships to the northern coast next week"),
                q("a2", "We will send 2 more ships to the northern coast next week"))
    assert not same(q("a1", "We will send two more ships to the northern coast next week"),
                    q("a2", "We will send 3 more ships to the northern coast next week"))


def _synthetic(n: int, seed: int) -> list[Quote]:
    """Sentences over a small vocabulary (so that many words are common) with reworded and cut copies."""
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(300)] + ["the", "of", "not", "we", "will", "and", "a", "to"]
    weights = [1 / (r + 1) for r in range(len(vocab))]
    made: list[tuple[list[str], str]] = []
    quotes = []
    for i in range(n):
        if made and rng.random() < 0.4:
            words, speaker = rng.choice(made)
            words = list(words)
            if rng.random() < 0.5:
                words[rng.randrange(len(words))] = rng.choice(vocab)
            else:
                words = words[: rng.randint(min(5, len(words)), len(words))]
            speaker = "" if rng.random() < 0.3 else speaker
        else:
            words = rng.choices(vocab, weights, k=rng.randint(5, 16))
            speaker = f"S{rng.randrange(8)}"
        made.append((words, speaker))
        quotes.append(q(f"a{i}", " ".join(words), speaker, i))
    return quotes


def test_blocking_finds_every_pair_that_all_pairs_comparison_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    from quotes.cluster import blocking

    quotes = _synthetic(400, seed=5)
    blocked = {x.quote_id: x.cluster_id for x in assign_clusters(quotes)}
    # every word a key and one shared key enough: every pair of texts sharing a word is compared
    calls: list[int] = []

    def every_word(words, df):
        calls.append(1)
        return sorted(words.distinct | words.joins), 1

    monkeypatch.setattr(blocking, "block_keys", every_word)
    exhaustive = {x.quote_id: x.cluster_id for x in assign_clusters(quotes)}
    assert len(calls) >= len(quotes) * 0.5  # the texts searched with the patched keys
    assert blocked == exhaustive
    assert len(set(exhaustive.values())) < len(quotes) * 0.9  # the data does have clusters


@settings(max_examples=40, deadline=None)
@given(st.permutations(_corpus()), st.integers(min_value=1, max_value=len(_corpus())))
def test_any_order_and_subset_gives_min_id_clusters(quotes: list[Quote], k: int) -> None:
    subset = quotes[:k]
    out = assign_clusters(subset)
    again = assign_clusters(sorted(subset, key=lambda x: x.quote_id))
    assert {x.quote_id: x.cluster_id for x in out} == {x.quote_id: x.cluster_id for x in again}
    members: dict[str, list[str]] = {}
    for x in out:
        members.setdefault(x.cluster_id, []).append(x.quote_id)
    assert all(cid == min(ids) for cid, ids in members.items())


def test_speaker_spelling_variants_are_one_speaker() -> None:
    text = "The talks on the northern border will resume in the spring"
    assert same(q("a1", text, "Kim Jong-un"), q("a2", text, "kim  jong un"))
    assert not same(q("a1", text, "Kim Jong-un"), q("a2", text, "Kim Yo-jong"))


def test_titles_are_not_names_but_names_are() -> None:
    assert same(q("a1", "We will welcome Mr Kim in Vladivostok with all the honours he deserves"),
                q("a2", "We will welcome President Kim in Vladivostok with all the honours he deserves"))
    assert not same(q("a1", "We will welcome Mr Kim in Vladivostok with all the honours he deserves"),
                    q("a2", "We will welcome Mr Lee in Vladivostok with all the honours he deserves"))


def test_a_stray_common_word_in_the_other_segment_does_not_block_a_joined_quote() -> None:
    part = q("a1", "We think the harbour reopens on Monday for all ferries", "Port Authority")
    whole = q("a2", "We cannot say when cargo ships return, but the harbour will reopen on Monday for all ferries",
              "Port Authority")
    assert same(part, whole)


def test_benchmark_script_runs() -> None:
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "bench" / "bench_cluster.py"
    out = subprocess.run([sys.executable, str(script), "200", "400"], capture_output=True, text=True, timeout=120,
                         check=True).stdout
    assert "200 quotes:" in out and "400 quotes:" in out and "time ratio" in out


def test_a_negation_moved_to_another_verb_is_another_statement() -> None:
    assert not same(q("a1", "We will not raise taxes this winter and we will cut spending on roads"),
                    q("a2", "We will raise taxes this winter and we will not cut spending on roads"))
