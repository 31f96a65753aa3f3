"""`As X noted, …` asides (quotes/extract/asides.py), citations (`citing X`, `cited X as Y`, in
quotes/extract/speech_acts.py) and a parenthetical cue inside a clause the parser misread
(quotes/extract/reported.py): invented sentences, real spaCy parse. Positives name the content, the speaker mention
and the rule; negatives must give no record of the rule."""

from __future__ import annotations

import pytest

from quotes.evaluation import run_cases

POSITIVES = [
    ("As Senator Hale noted last week, the bill has no funding for the border.",
     "the bill has no funding for the border", "Senator Hale", "reported-aside"),
    ("The bill has no funding for the border, as Hale pointed out.", "The bill has no funding for the border", "Hale",
     "reported-aside"),
    ("As the mayor put it, the city cannot afford a second bridge.", "the city cannot afford a second bridge",
     "the mayor", "reported-aside"),
    ("As the minister told reporters on Monday, the talks will resume in May.", "the talks will resume in May",
     "the minister", "reported-aside"),
    ("The agency cut its growth forecast, citing weaker demand from China.", "weaker demand from China", "The agency",
     "speech-act-citation"),
    ("Salceda cited a 2001 memorandum issued by the immigration agency.",
     "a 2001 memorandum issued by the immigration agency", "Salceda", "speech-act-citation"),
    ("In both cases, Eric Varga said, those donations paid for sponsorships at the foundation's golf tournament.",
     "those donations paid for sponsorships at the foundation's golf tournament", "Eric Varga", "reported"),
    # the main verb after a relative clause read as a participle on the clause's last noun
    (("Stuart Stevens, who served as Romney's chief strategist during the 2012 campaign, called Trump's statements "
      "and actions on Sunday \"childish.\""), "Trump's statements and actions on Sunday \"childish.\"", "Stuart Stevens",
     "naming"),
    # a parenthetical cue the parser hung on a contracted auxiliary
    ("Even then, he said, he’s learned enough about the senator that he’s sure he can’t support her.",
     "he’s learned enough about the senator that he’s sure he can’t support her", "he", "reported"),
    # "told customers … that": people told are the cue's, however the parser hung the clause
    ("Hillary Clinton is telling customers at a popular breakfast spot that “I need you tomorrow.”",
     "I need you tomorrow.", "Hillary Clinton", "reported"),
    # an indirect question the parser read as a condition
    ("Then Mr. Rubin asked the students if they were always so serious.", "if they were always so serious",
     "Mr. Rubin", "reported"),
    # "referred to X as …": the naming's particle belongs to the cue
    ("Bush referred to Rubio as “a bright, charismatic leader” but gave no more.",
     "Rubio as “a bright, charismatic leader”", "Bush", "naming"),
]

NEGATIVES = [
    ("As expected, the bill passed the senate on Tuesday.", "reported-aside"),  # nobody speaks
    ("As Hale left the room, reporters shouted questions at him.", "reported-aside"),  # no speech verb
    ("As the minister announced the plan, protesters gathered outside.", "reported-aside"),  # the aside says something
    ("The mayor rode the mood of the crowd as he replied.", "reported-aside"),  # a time: not set off by a comma
    ("As Freddy joked with his friend at the table, his brother grew impatient.", "reported-aside"),  # an exchange
    ("The state flipped to the Democrats, as Latino voters responded to the new law.", "reported-aside"),  # a reaction
    ("The ruling cited a 1998 precedent on water rights.", "speech-act-citation"),  # a ruling is no speaker
    ("He referred the case to the committee on Monday.", "naming"),  # a referral, nothing named
    ("The mayor will ask the council if the vote fails.", "reported"),  # a condition
    ("If you ask me, the plan is dead.", "reported"),  # a condition
    # the people cited are the relay's source, not what was brought up
    ("Radio Varn reported, citing two people familiar with the talks, that the deal was off.", "speech-act-citation"),
    # a relative clause on the speaker of an inverted cue, hung on the cue by the parser (the surname read as an
    # adverb): who the speaker is, not what was said
    ("\"We built the dashboard in a week,\" said Skelly, who ran the data team until March.", "reported"),
]


@pytest.mark.parametrize(("text", "content", "speaker", "rule"), POSITIVES)
def test_found_with_speaker(text: str, content: str, speaker: str, rule: str) -> None:
    [(_, quotes)] = run_cases([{"id": "a", "text": text}])
    assert [(q.text, q.speaker_mention) for q in quotes if q.rule == rule] == [(content, speaker)], \
        [(q.text, q.rule) for q in quotes]


@pytest.mark.parametrize(("text", "rule"), NEGATIVES)
def test_not_an_attribution(text: str, rule: str) -> None:
    [(_, quotes)] = run_cases([{"id": "a", "text": text}])
    assert not [q for q in quotes if q.rule == rule], [(q.text, q.rule) for q in quotes]
