"""The coordinator: resolves one article's quotes in reading order, each speaker mention through the rule
modules (a pronoun through `pronouns`, a noun phrase through `phrases`), remembering each source resolved
so that later pronouns and definite descriptions can refer back to it."""

from __future__ import annotations

from ..extract.syntax import np_span
from ..parse.doc import ParsedDoc, Token
from ..records import Article, Quote
from . import descriptions, phrases, pronouns
from .context import UNKNOWN, Context, Who
from .lexicon import clean, ministry_name


class Resolver(Context):
    """Resolves the speakers of one article's quotes, in reading order."""

    def noun_phrase(self, head: int, first: int, last: int, cue: str) -> Who:
        return phrases.noun_phrase(self, head, first, last, cue)

    def pronoun(self, tok: Token, pos: int, content: tuple[int, int] = (0, 0)) -> Who:
        return pronouns.pronoun(self, tok, pos, content)

    def note_frames(self, q: Quote, who: Who) -> None:
        descriptions.note_frames(self, q, who)

    def resolve(self, q: Quote, by_start: dict[int, Who]) -> Who:
        """The source of quote `q` (`by_start`: the sources of the quotes resolved so far, by start offset)."""
        doc = self.doc
        extra = q.extra or {}
        if "follows_start" in extra:
            return by_start.get(extra["follows_start"], UNKNOWN)
        tok = extra.get("speaker_tok")
        if tok is None or q.speaker_start is None:
            return UNKNOWN
        if q.mention_type == "relative" and extra.get("antecedent") is not None:
            tok = extra["antecedent"]  # "officials, who said": the antecedent, resolved as a mention itself
        t = doc.tokens[tok]
        if t.upos == "PRON" and q.mention_type != "relative":
            return self.pronoun(t, q.speaker_start, (q.start, q.end))
        first, last = np_span(doc, tok)
        if q.mention_type != "relative":
            f2, l2 = doc.token_at(q.speaker_start), doc.token_at(q.speaker_end - 1)
            if f2 >= 0 and l2 >= 0:
                first, last = f2, l2 + 1
        head = tok
        if not (first <= head < last):
            head = max(range(first, last), key=lambda i: doc.tokens[i].head not in range(first, last))
        return self.noun_phrase(head, first, last, q.cue)


def resolve_article(article: Article, doc: ParsedDoc, quotes: list[Quote]) -> list[Quote]:
    """In-article resolution: fills `speaker`, `speaker_type`, `speaker_role` (and adjusts `confidence`)."""
    resolver = Resolver(doc)
    order = sorted(range(len(quotes)), key=lambda k: (quotes[k].cue_start if quotes[k].cue_start is not None
                                                      else quotes[k].start, quotes[k].start))
    by_start: dict[int, Who] = {}
    out: list[Quote | None] = [None] * len(quotes)
    for k in order:
        q = quotes[k]
        who = resolver.resolve(q, by_start)
        if not (q.extra or {}).get("late"):  # attitudes added after speech was selected leave its resolution alone
            resolver.note_frames(q, who)
            by_start[q.start] = who
            if who.type != "unknown" or who.name:
                resolver.history.append((q.cue_start if q.cue_start is not None else q.start, who))
        out[k] = _resolved(q, who)
    return [q for q in out if q is not None]


def _resolved(q: Quote, who: Who) -> Quote:
    """`q` with the speaker fields of source `who`."""
    role = q.speaker_role or who.role
    if who.type == "person" and who.role:
        role = who.role if not q.speaker_role or q.mention_type != "name" else q.speaker_role
    name = ministry_name(who.name) if who.type == "organization" else who.name
    return q.evolve(speaker=name, speaker_type=who.type if who.name else "unknown",
                    speaker_role=clean(role) if who.name else q.speaker_role,
                    confidence=round(min(1.0, q.confidence * (0.5 + 0.5 * who.confidence)), 2))
