"""Speech acts with a non-clausal content (quotes/extract/speech_acts.py): invented sentences, real spaCy parse.

Each positive names the content and the speaker mention; each negative is a sentence whose verb is no statement
(an act, a thing as subject, a passive participle) and must give no record of that rule."""

from __future__ import annotations

import pytest

from quotes.evaluation import run_cases

POSITIVES = [
    # directives: the addressee is inside the content
    ("The senator urged Congress to act quickly on the border bill.", "Congress to act quickly on the border bill",
     "The senator"),
    ("Ms. Varga called on the governor to resign before the summer recess.", "the governor to resign before the summer recess",
     "Ms. Varga"),
    ("The union encouraged its members to stay home on Friday.", "its members to stay home on Friday", "The union"),
    # commitments: the infinitive with its "to"
    ("Mr. Okafor promised to cut taxes for the middle class and to balance the budget.",
     "to cut taxes for the middle class and to balance the budget", "Mr. Okafor"),
    ("The mayor vowed to fight the ruling in every court in the land.", "to fight the ruling in every court in the land",
     "The mayor"),
    # demands: the thing demanded ("for" is the cue's)
    ("The party chairman called for a recount of the ballots in three counties.",
     "a recount of the ballots in three counties", "The party chairman"),
    ("The opposition leader demanded an apology from the finance minister.", "an apology from the finance minister",
     "The opposition leader"),
    ("The union pressed for a recount in three counties.", "a recount in three counties", "The union"),
    # … or a clause after "for": a subject with its to-infinitive, or a gerund
    ("After the flooding, Senator Marsh called for the harbour master to resign.", "the harbour master to resign",
     "Senator Marsh"),
    ("The council has repeatedly called for banning trucks from the old bridge.", "banning trucks from the old bridge",
     "The council"),
    ("Several senators have called for a special prosecutor to review the contracts.",
     "a special prosecutor to review the contracts", "Several senators"),
    # … or a noun of demanding with a possessor who speaks
    ("Other members joined Ruiz’s call for a special inquiry into the contracts.",
     "a special inquiry into the contracts", "Ruiz’s"),
    ("The union renewed its demand for a pay rise at the plant.", "a pay rise at the plant", "its"),
    # announcements: the thing made public, with its purpose
    ("The governor announced a series of steps to tighten firearms sales.",
     "a series of steps to tighten firearms sales", "The governor"),
    # evaluations: the object and the ground given
    ("Senator Hale criticized the agency for the delays at the border crossings.",
     "the agency for the delays at the border crossings", "Senator Hale"),
    ("Councilwoman Ruiz slammed the developer over the missing affordable units.",
     "the developer over the missing affordable units", "Councilwoman Ruiz"),
    # verbs that praise or blame only with a ground given; `dismissed` also with a noun of saying
    ("Senator Ruiz attacked Governor Dahl over the budget.", "Governor Dahl over the budget", "Senator Ruiz"),
    ("Later that day, Senator Hale accused him of sexism.", "him of sexism", "Senator Hale"),
    ("Moore thanked the governor for “stepping up when the council won’t.”",
     "the governor for “stepping up when the council won’t.”", "Moore"),
    ("The governor dismissed concerns that he was ignoring the will of his state.",
     "concerns that he was ignoring the will of his state", "The governor"),
    ("He lambasted the port deal negotiated by the previous council.", "the port deal negotiated by the previous council",
     "He"),
    ("In a brief interview, Ms. Conway rejected the idea that the changes amounted to a shake-up.",
     "the idea that the changes amounted to a shake-up", "Ms. Conway"),
    # attack, defend, rip with a bare object: a person speaking of a person, a body or a stance
    ("At the rally in Dayton, Senator Hale attacked Governor Dahl.", "Governor Dahl", "Senator Hale"),
    ("In a radio interview, the mayor defended his decision to close the library.",
     "his decision to close the library", "the mayor"),
    ("Ms. Varga once defended Mr. Okafor against charges of favouritism.",
     "Mr. Okafor against charges of favouritism", "Ms. Varga"),
    # the writer's description of the person after a comma is not part of what was said
    ("Councilwoman Ruiz also attacked Mr. Dahl, whom she faced in two earlier races.", "Mr. Dahl",
     "Councilwoman Ruiz"),
]

NEGATIVES = [
    ("The new bridge was announced in May by the ministry.", "announced"),  # passive: the bridge is no content
    ("A spokeswoman for the ministry declined to comment on the report.", "declined"),  # a refusal says nothing
    ("Thousands of protesters refused to let the cold weather keep them at home.", "refused"),  # an act
    ("That threatened to undo a decade of work on the river.", "threatened"),  # a thing, not a speaker
    ("The volunteers urged to leave by the police stayed until dawn.", "urged"),  # a passive participle
    ("The storm threatened to flood the lower town by the evening.", "threatened"),  # cannot speak
    ("Governor Dahl has pledged his support to the party's nominee.", "pledged"),  # an act, nothing said
    ("The host pressed Chairman Okafor on the subject of taxes.", "pressed"),  # the person pressed
    ("Voters who request an absentee ballot will get one by mail.", "request"),  # an act
    ("It was a case that had threatened to cripple the public unions.", "threatened"),  # a thing, via "that"
    ("The report's call for more teachers went unanswered for a year.", "call"),  # a document's, not a speaker's
    ("A call for papers went out to every university in the region.", "call"),  # nobody's call
    ("The mayor called for the second time in a week.", "called"),  # a telephone call, nothing demanded
    ("The host pressed for hours without an answer.", "pressed"),  # a duration
    ("Soldiers attacked the convoy at dawn.", "attacked"),  # an act: no ground given
    ("The council dismissed the clerk on Friday.", "dismissed"),  # a firing, not a statement
    ("The team defended the title for a third year.", "defended"),  # a time, not a ground
    ("The crowd thanked the firefighters with a long applause.", "thanked"),  # no ground given
    ("Voters rejected the plan in a referendum.", "rejected"),  # a vote, no noun of saying
    ("The company denied him access to the records.", "denied"),  # a refusal to give
    ("Rebels attacked the convoy near the border.", "attacked"),  # arms, not words: a thing attacked
    ("The champion defended her title in the regional final.", "defended"),  # a title, not a stance
    ("Mr. Sanders did not attack Mrs. Clinton in his remarks on Tuesday.", "attack"),  # negated: nothing said
    ("The gunmen attacked the embassy on Friday.", "attacked"),  # not a person speaking of a person or a body
]


@pytest.mark.parametrize(("sentence", "content", "speaker"), POSITIVES)
def test_speech_act_content_and_speaker(sentence: str, content: str, speaker: str) -> None:
    [(_, quotes)] = run_cases([{"id": "a", "text": sentence}])
    found = [q for q in quotes if q.rule.startswith("speech-act")]
    assert [(q.text, q.speaker_mention) for q in found] == [(content, speaker)]


@pytest.mark.parametrize(("sentence", "cue"), NEGATIVES)
def test_no_statement_without_a_speaker_or_saying(sentence: str, cue: str) -> None:
    [(_, quotes)] = run_cases([{"id": "a", "text": sentence}])
    assert not [q for q in quotes if q.rule.startswith("speech-act")], [q.text for q in quotes]
