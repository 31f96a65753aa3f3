"""Credits after the words they credit (quotes/extract/posts.py), on real parses of invented text: an embedded post
with its `— Name (@handle) date` line, and a quoted paragraph followed by a credit line of its own."""

from __future__ import annotations

import quotes

POSTS = (
    "The ferry operator denied the report on Wednesday.\n\n"
    "The new timetable was never cancelled and the crossings run as usual. The rumours are wrong! "
    "https://t.co/x1Yz — Harbour Lines Ltd (@harbourlines) June 29, 2026\n\n"
    '<tweet id="1" author="@InesVarga">I respect the port board, but this decision defies explanation. '
    "pic.twitter.com/Qa9z — Ines Varga (@InesVarga) July 5, 2026</tweet>.\n\n"
    "Readers wrote in about the closures.\n\n"
    "\u201cWe need jobs here, not promises from people who never visit the harbour.\u201d\n\n"
    "\u2014 Tomas Reyes, a welder in Eastport\n"
)


def _records(text: str):
    df = quotes.extract(text)
    return {r["text"]: r for r in df.to_dict("records")}


def test_embedded_post_credits_the_display_name():
    recs = _records(POSTS)
    post = recs["The new timetable was never cancelled and the crossings run as usual. The rumours are wrong!"]
    assert (post["rule"], post["quote_type"], post["speaker_mention"]) == ("embedded-post", "direct", "Harbour Lines Ltd")
    assert post["cue"] == "\u2014"
    ryan = recs["I respect the port board, but this decision defies explanation."]  # markup and link left out
    assert ryan["speaker"] == "Ines Varga"


def test_credit_line_after_a_quoted_paragraph():
    rec = _records(POSTS)["We need jobs here, not promises from people who never visit the harbour."]
    assert (rec["rule"], rec["speaker"]) == ("direct-credit", "Tomas Reyes")


def test_offsets_are_exact():
    df = quotes.extract(POSTS)
    for r in df.to_dict("records"):
        assert POSTS[r["start"] : r["end"]] == r["text"]
        assert POSTS[r["cue_start"] : r["cue_end"]] == r["cue"]
        assert POSTS[r["speaker_start"] : r["speaker_end"]] == r["speaker_mention"]


def test_a_dash_and_name_inside_prose_is_no_credit():
    text = ("The mayor spoke first.\n\n"
            "The vote was close - Councillor Ruiz abstained and the motion passed by one.\n")
    assert not any(r["rule"] in ("embedded-post", "direct-credit") for r in quotes.extract(text).to_dict("records"))


def test_credit_line_full_stop_is_not_part_of_the_name():
    text = ("Voters told us what they want.\n\n"
            "\u201cThe rents in this town have doubled and nobody in the council seems to notice.\u201d\n\n"
            "- Marta Olsen.\n")
    rec = _records(text)["The rents in this town have doubled and nobody in the council seems to notice."]
    assert (rec["speaker_mention"], rec["speaker"]) == ("Marta Olsen", "Marta Olsen")


BLOCKS = (
    "The council met on Monday.\n\n"
    "Hewitt writes:\n\n"
    "The film mentions neither the mayor nor the harbour master by name, and no argument is made about what the "
    "two did or did not do.\n\n"
    "Here is what we know so far:\n\n"
    "The ferry will not run on Sunday and the port will stay closed until the inspection is finished.\n\n"
    "The minister said in a statement:\n\n"
    "We regret the delay and we will compensate every passenger who was stranded at the terminal.\n"
)


def test_block_quotation_after_a_speech_verb_and_colon():
    recs = _records(BLOCKS)
    hewitt = recs["The film mentions neither the mayor nor the harbour master by name, and no argument is made about "
                  "what the two did or did not do."]
    assert (hewitt["rule"], hewitt["quote_type"], hewitt["speaker_mention"], hewitt["cue"]) == (
        "block-quote", "direct", "Hewitt", "writes")
    minister = recs["We regret the delay and we will compensate every passenger who was stranded at the terminal."]
    assert minister["cue"] == "said in a statement"


def test_a_colon_without_a_speaker_is_no_block_quotation():
    recs = _records(BLOCKS)
    assert "The ferry will not run on Sunday and the port will stay closed until the inspection is finished." not in recs
