"""Direct quotations as real news writes them (quotes/extract/direct.py and the continuation linking in
quotes/extract/__init__.py): invented sentences, real spaCy parse. Each positive names a record's content, its
speaker mention and its rule; each negative must give no record whose text starts with the quoted words."""

from __future__ import annotations

import pytest

from quotes.evaluation import run_cases

POSITIVES = [
    # a colon closes a clause whose speech verb lies far back, or is a conjunct
    (("Sanders responded with a phrase that could have come from his rival himself: “Do not lecture me about the "
      "budget problems of this city.”"), "Do not lecture me about the budget problems of this city.", "Sanders",
     "direct-cue-before"),
    # an inverted cue with the speaker before a colon, in the same paragraph or closing the one before
    ("Continued Kessler: “So I think it’s a very real problem for the whole country.”",
     "So I think it’s a very real problem for the whole country.", "Kessler", "direct-cue-before"),
    ("Stated Kessler:\n\n“I think the stakes are so high that they would do anything necessary to remain in power.”",
     "I think the stakes are so high that they would do anything necessary to remain in power.", "Kessler",
     "direct-cue-before"),
    # verbs that introduce quotation marks though never a reported clause
    ("“This is fantastic!” beamed Harold Dunne of Mobile, who had snuck onto the floor.", "This is fantastic!",
     "Harold Dunne of Mobile", "direct-cue-after"),
    ("As the mayor spoke, the crowd chanted, “Four more years!”", "Four more years!", "the crowd",
     "direct-cue-before"),
    # the speaker the parser misread: a surname read as an adverb after the cue, a contracted "has" read as passive
    ("“Having access to the file is valuable,” said Skelly, who ran the data team.",
     "Having access to the file is valuable,", "Skelly", "direct-cue-after"),
    (("Ever since Varga announced his candidacy, he's said the same thing at every stop: \"It's not about me, it's "
      "about us.\""), "It's not about me, it's about us.", "he", "direct-cue-before"),
    # the cue right before the quotation carries it, not a participle after it
    (("Boreing said the members would still meet, but said, “It’s time we change how we do it,” promising a return "
      "to its roots."), "It’s time we change how we do it,", "Boreing", "direct-cue-before"),
    # a possessed noun of saying before a colon; a short outcry after a verb of crying out
    ("Clinton’s response was: “Is the store in Connecticut or Wisconsin?”",
     "Is the store in Connecticut or Wisconsin?", "Clinton’s", "direct-cue-before"),
    ("Her verdict: “The plan is dead and everybody knows it.”", "The plan is dead and everybody knows it.", "Her",
     "direct-cue-before"),
    ("When the mayor thanked the city, a man yelled “Stay there!”", "Stay there!", "a man", "direct-cue-before"),
    ("“Please advise how you wish to convey that approval to us,” the email reads.",
     "Please advise how you wish to convey that approval to us,", "the email", "direct-cue-after"),
    # verbs of saying, confessing and barking that journalists set after a quotation; "went on" as "continued"
    ("“This is a big political win for me,” Dunmore confessed.", "This is a big political win for me,", "Dunmore",
     "direct-cue-after"),
    ("“Start with the facts, all of them,” the host barked.", "Start with the facts, all of them,", "the host",
     "direct-cue-after"),
    ("“This is a lot of nonsense that we ended,” he went on.", "This is a lot of nonsense that we ended,", "he",
     "direct-cue-after"),
    ("The young voter echoed:\n\n“He speaks his mind, and that might be what the country needs.”",
     "He speaks his mind, and that might be what the country needs.", "The young voter", "direct-cue-before"),
    ("“Jeb wants to be a tough guy tonight,” Trump shot back.", "Jeb wants to be a tough guy tonight,", "Trump",
     "direct-cue-after"),
    # an opening mark typed for the closing one
    ("“It's unusual,“ said Lena Noble, an attorney with the Campaign Legal Center.", "It's unusual,", "Lena Noble",
     "direct-cue-after"),
]

NEGATIVES = [
    ("He said “The Hispanics” and swears that they all love him.", "The Hispanics"),  # a phrase mentioned
    ("The verdict: “Guilty on all counts of the indictment.”", "Guilty on all"),  # nobody's noun
    ("The banner over the finish line read: “Welcome home to the champions of the valley league.”", "Welcome home"),
    ("The reason is simple: “Nobody wants to pay more for less service in this town.”", "Nobody wants"),
    ("The banner over the stage carried the campaign’s motto: “Stronger together, safer together, always.”",
     "Stronger together"),
    ("The book’s last chapter is called “What the River Knew About the Town and Its People.”", "What the River"),
    ("He went on to win the seat by “a landslide of historic proportions,” the paper noted.", "a landslide"),
]


@pytest.mark.parametrize(("text", "content", "speaker", "rule"), POSITIVES)
def test_direct_quote_found_with_speaker(text: str, content: str, speaker: str, rule: str) -> None:
    [(_, quotes)] = run_cases([{"id": "a", "text": text}])
    assert [(q.text, q.speaker_mention, q.rule) for q in quotes if q.text == content] == [(content, speaker, rule)], \
        [(q.text, q.speaker_mention, q.rule) for q in quotes]


@pytest.mark.parametrize(("text", "words"), NEGATIVES)
def test_no_direct_quote_without_a_speech_cue(text: str, words: str) -> None:
    [(_, quotes)] = run_cases([{"id": "a", "text": text}])
    assert not [q for q in quotes if q.text.lstrip("“\"").startswith(words)], [(q.text, q.rule) for q in quotes]


# (text, the content of the reported statement): a quotation opened inside a reported clause runs to its close
RUN_ON = [
    ("He said Varga “has the courage to fight for these ideas. He is not only unafraid, he is eager to engage.”",
     "Varga “has the courage to fight for these ideas. He is not only unafraid, he is eager to engage.”"),
]


@pytest.mark.parametrize(("text", "content"), RUN_ON)
def test_reported_clause_runs_to_the_close_of_its_quotation(text: str, content: str) -> None:
    [(_, quotes)] = run_cases([{"id": "a", "text": text}])
    assert content in [q.text for q in quotes], [q.text for q in quotes]


def test_a_writing_that_reads_the_quotation_also_when_tagged_a_noun() -> None:
    text = "“If she wants to be the next president, she should act like one,” the editorial read."
    [(_, quotes)] = run_cases([{"id": "a", "text": text}])
    assert [(q.text, q.cue, q.rule) for q in quotes] == [
        ("If she wants to be the next president, she should act like one,", "read", "direct-cue-after")]
    assert "editorial" in quotes[0].speaker_mention


FRONTED = [
    ("Clinton, a top aide said, “is very confident in the contrast” between her and Trump.", "Clinton",
     "is very confident in the contrast", "a top aide"),
    ("These and other sources of authority, the lawyers said, “all command the same conclusion” on the law.",
     "These and other sources of authority", "all command the same conclusion", "the lawyers"),
]


@pytest.mark.parametrize(("text", "fronted", "quote", "speaker"), FRONTED)
def test_subject_fronted_before_a_parenthetical_cue_is_a_segment_of_the_quote(text: str, fronted: str, quote: str,
                                                                              speaker: str) -> None:
    [(_, quotes)] = run_cases([{"id": "a", "text": text}])
    got = [(q.text, q.rule, q.speaker_mention) for q in quotes]
    assert got == [(fronted, "direct-fronted", speaker), (quote, "direct-cue-before", speaker)], got
    assert quotes[0].statement_id == quotes[1].statement_id


def test_no_fronted_segment_when_the_quote_opens_its_own_clause() -> None:
    [(_, quotes)] = run_cases([{"id": "a", "text": "In the end, the mayor said, “We will win this race.”"}])
    assert [q.rule for q in quotes] == ["direct-cue-before"], [(q.text, q.rule) for q in quotes]


def test_quote_left_open_after_its_cue_resumes_the_quote_before() -> None:
    text = ("\"The detention centers are a disgrace. They are keeping children in cages,\" he said. \"They separate "
            "the women and the children, and they keep people from talking to them.\n\n"
            "\"This is still my family even though we are not related by blood,\" he said.")
    [(_, quotes)] = run_cases([{"id": "a", "text": text}])
    sid = {q.text[:12]: q.to_row()["statement_id"] for q in quotes}
    assert sid["The detentio"] == sid["They separat"] != sid["This is stil"], sid


def test_quote_without_cue_after_a_reported_statement_resumes_it() -> None:
    text = ("Varga “has a lot of really good roles to play, but I think that is a very significant one,” said Doyle, "
            "whose home state is a target. “He deservedly has that appeal.”\n\n"
            "Party leaders are nervous about the race.\n\n"
            "Doyle said the campaign would visit the state twice. \n\n"
            "The council met on Tuesday.\n\n"
            "“Nobody here expected the turnout to be this high on a weekday morning,” a volunteer said.")
    [(_, quotes)] = run_cases([{"id": "a", "text": text}])
    sid = {q.text[:12]: q.to_row()["statement_id"] for q in quotes}
    assert sid["Varga “has a"] == sid["He deservedl"], sid
