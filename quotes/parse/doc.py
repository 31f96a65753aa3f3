"""The neutral parsed-document type every backend produces and every rule reads.

Tokens carry character offsets into the article text, a lemma, a UPOS tag, a head index, a Universal
Dependencies relation (with subtypes such as `nsubj:pass`, `nmod:poss`, `obl:agent`) and an entity label
(OntoNotes style: PERSON, ORG, GPE, NORP, ...; "" outside entities). Indices are document-wide.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(slots=True)
class Token:
    """One word. Treated as immutable (not frozen only because frozen dataclasses are slow to create, and a
    document has one per word)."""

    i: int
    text: str
    start: int
    end: int
    lemma: str
    upos: str
    head: int  # document-wide index; equal to `i` for a sentence root
    deprel: str  # Universal Dependencies relation, lower case ("root" for roots)
    ent: str = ""  # entity label, "" when outside an entity
    ent_iob: str = "O"  # B, I or O
    sent: int = 0
    xpos: str = ""

    @property
    def is_root(self) -> bool:
        return self.head == self.i


@dataclass(frozen=True, slots=True)
class Sentence:
    first: int  # index of first token
    last: int  # index one past the last token
    start: int  # char offsets
    end: int


@dataclass(frozen=True, slots=True)
class Entity:
    first: int
    last: int  # one past the last token
    label: str
    start: int
    end: int


@dataclass
class ParsedDoc:
    text: str
    tokens: list[Token]
    sents: list[Sentence]
    parser: str = ""
    ents: list[Entity] = field(default_factory=list)

    @cached_property
    def _children(self) -> list[list[int]]:
        kids: list[list[int]] = [[] for _ in self.tokens]
        for t in self.tokens:
            if t.head != t.i:
                kids[t.head].append(t.i)
        return kids

    @cached_property
    def _subtrees(self) -> dict[int, list[int]]:
        return {}

    @cached_property
    def _child_tokens(self) -> list[list[Token]]:
        tokens = self.tokens
        return [[tokens[j] for j in kids] for kids in self._children]

    def children(self, i: int) -> list[Token]:
        """The dependents of token `i`, in order. The list is shared: do not modify it."""
        return self._child_tokens[i]

    def subtree(self, i: int) -> list[int]:
        """Sorted token indices of the subtree rooted at `i` (itself included). The list is shared (the rules ask
        for the same subtrees many times): do not modify it."""
        found = self._subtrees.get(i)
        if found is None:
            out, stack = [], [i]
            while stack:
                j = stack.pop()
                out.append(j)
                stack.extend(self._children[j])
            found = self._subtrees[i] = sorted(out)
        return found

    def ancestors(self, i: int) -> list[int]:
        out, seen = [], {i}
        while self.tokens[i].head != i:
            i = self.tokens[i].head
            if i in seen:  # defensive: a malformed tree from a foreign parse
                break
            seen.add(i)
            out.append(i)
        return out

    def span_text(self, first: int, last: int) -> str:
        """Text of tokens first..last-1 as written in the article."""
        if last <= first:
            return ""
        return self.text[self.tokens[first].start : self.tokens[last - 1].end]

    @cached_property
    def _starts(self) -> list[int]:
        return [t.start for t in self.tokens]

    def token_at(self, char: int) -> int:
        """Index of the token covering character `char`, or -1."""
        i = bisect_right(self._starts, char) - 1
        if i >= 0 and char < self.tokens[i].end:
            return i
        return -1

    def first_token_from(self, char: int) -> int:
        """Index of the first token starting at or after character `char` (len(tokens) when none)."""
        return bisect_left(self._starts, char)

    def tokens_between(self, start: int, end: int) -> list[int]:
        """Indices of tokens lying entirely within characters start..end."""
        tokens = self.tokens
        i = bisect_left(self._starts, start)
        out = []
        while i < len(tokens) and tokens[i].end <= end:
            out.append(i)
            i += 1
        return out

    def sent_of(self, i: int) -> Sentence:
        return self.sents[self.tokens[i].sent]

    def entity_of(self, i: int) -> Entity | None:
        for e in self.ents:
            if e.first <= i < e.last:
                return e
        return None
