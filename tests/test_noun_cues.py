"""Statements carried by a noun of saying or a post (quotes/extract/nouns.py, posts.py) that need a paragraph
layout the one-sentence fixtures cannot give, on real parses of invented text."""

from __future__ import annotations

import quotes

FOLLOWING = (
    "The council met on Monday.\n\n"
    "The mayor's press secretary, Dana Okoro, gave it her best try, though, tweeting the following:\n\n"
    '<tweet tweet-author="@DanaOkoro">The crowd in Eastport is going wild for the mayor as she arrives! '
    "pic.twitter.com/Qa9zX1<tweet/>.\n\n"
    "Few residents were convinced.\n"
)


def test_block_quotation_after_tweeting_the_following():
    recs = {r["text"]: r for r in quotes.extract(FOLLOWING).to_dict("records")}
    post = recs.get("The crowd in Eastport is going wild for the mayor as she arrives!")  # markup and link left out
    assert post is not None, list(recs)
    assert (post["rule"], post["quote_type"], post["cue"]) == ("block-quote", "direct", "tweeting")
    assert "Dana Okoro" in post["speaker_mention"]
