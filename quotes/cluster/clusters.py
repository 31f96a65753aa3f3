"""Statement clusters speaker by speaker (`Clusters`), joined by a union-find that never joins two named
speakers. See the package docstring, step 4."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence

from . import blocking
from .blocking import Item, Rep, partition_pairs, posting_lists, representatives
from .similarity import scored, similarity


class UnionFind:
    """Union-find over hashable nodes, each with a speaker key ("" unattributed); two clusters whose named
    speakers differ are never joined."""

    def __init__(self) -> None:
        self.parent: dict = {}
        self.speaker: dict = {}

    def add(self, node, speaker: str) -> None:
        if node not in self.parent:
            self.parent[node] = node
            self.speaker[node] = speaker

    def find(self, node):
        parent = self.parent
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(self, a, b) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        sa, sb = self.speaker[ra], self.speaker[rb]
        if sa and sb and sa != sb:
            return False
        self.parent[rb] = ra
        self.speaker[ra] = sa or sb
        return True


class Clusters:
    """Statement clusters computed speaker by speaker, so that only one speaker's records (and the unattributed
    ones, which may join any speaker) are in memory at a time.

    Use: `Clusters(unattributed)`, then `add_speaker(items)` for every speaker's records, returning each record's
    cluster within that speaker; when `needs_second_pass`, `add_speaker_again(items)` for every speaker once more
    (the unattributed texts search every speaker's, with keys chosen by document frequencies over the whole
    corpus, known only after the first pass); then `merges(label_of)` gives the clusters that unattributed records
    join: a map from a first-pass cluster id to the final one. A record's `cluster_id` is
    `merges.get(first, first)`.

    The pairs compared and the result are those of comparing every text with every other through blocking by
    speaker and rare word (see the module docstring): named clusters only grow through unattributed records,
    and joins through them are applied in one global order (highest score first), never across two speakers.
    """

    def __init__(self, unattributed: Iterable[Item]):
        self.u_reps = representatives(unattributed)
        self.u_postings = posting_lists(self.u_reps)
        self.u_by_text: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for k, rep in enumerate(self.u_reps):
            if rep.words.seq:
                self.u_by_text[rep.words.seq].append(k)
        self.df: Counter[str] = Counter({w: len(ids) for w, ids in self.u_postings.items()})
        self.edges: dict[tuple[str, str], tuple] = {}  # (u qid, other qid) -> sort key and nodes
        self.speakers: dict[str, str] = {rep.qid: "" for rep in self.u_reps}  # graph node -> speaker key
        self._u_keys: dict[str, list[int]] | None = None
        self._u_required: list[int] = []
        self.variants: list[tuple[list, list]] = []  # handles of one speaker's near-identical texts kept apart

    @property
    def needs_second_pass(self) -> bool:
        return bool(self.u_reps)

    def unattributed_labels(self) -> Iterator[tuple[object, str]]:
        """(record handle, first-pass cluster id) of every unattributed record."""
        for rep in self.u_reps:
            for ref in rep.refs:
                yield ref, rep.qid

    def add_speaker(self, speaker: str, items: Iterable[Item]) -> list[tuple[object, str]]:
        """First pass over one speaker's records: (record handle, cluster id within the speaker) for each."""
        reps = representatives(items)
        for rep in reps:
            self.df.update(rep.vocabulary)
        if len(reps) == 1 and not self.u_reps:
            return [(ref, reps[0].qid) for ref in reps[0].refs]
        uf = UnionFind()
        for rep in reps:
            uf.add(rep.qid, speaker)
        u_edges = []
        for a, b in sorted(partition_pairs(reps, self.u_reps, self.u_postings, self.u_by_text)):
            other = reps[b] if b >= 0 else self.u_reps[~b]
            score, guarded = scored(reps[a].words, other.words)
            if guarded and b >= 0:
                self.variants.append((reps[a].refs, other.refs))
            if score <= 0.0 or guarded:
                continue
            if b >= 0:
                uf.union(reps[a].qid, other.qid)  # one speaker's texts always join (no conflict possible)
            else:
                u_edges.append((score, reps[a].qid, other.qid))
        smallest: dict[str, str] = {}
        for rep in reps:
            root = uf.find(rep.qid)
            if root not in smallest or rep.qid < smallest[root]:
                smallest[root] = rep.qid
        label = {rep.qid: smallest[uf.find(rep.qid)] for rep in reps}
        for score, named_qid, u_qid in u_edges:
            self._edge(score, u_qid, label[named_qid], named_qid, speaker)
        return [(ref, label[rep.qid]) for rep in reps for ref in rep.refs]

    def add_speaker_again(self, speaker: str, items: Iterable[Item]) -> None:
        """Second pass over one speaker's records: the unattributed texts' own search among them."""
        self._found_by_unattributed(representatives(items), speaker)

    def _found_by_unattributed(self, reps: Sequence[Rep], speaker: str) -> None:
        """Pairs of an unattributed text and one of `reps` (a speaker's texts, or the unattributed texts themselves,
        speaker ""), searched with the unattributed texts' keys."""
        keys = self._unattributed_keys()
        hits: Counter[tuple[int, int]] = Counter()
        for i, rep in enumerate(reps):
            for word in rep.vocabulary:
                for k in keys.get(word, ()):
                    hits[(k, i)] += 1
        for (k, i), n in sorted(hits.items()):
            u, rep = self.u_reps[k], reps[i]
            if n < self._u_required[k] or u is rep or (u.qid, rep.qid) in self.edges or (rep.qid, u.qid) in self.edges:
                continue
            score = similarity(u.words, rep.words)
            if score > 0.0:
                self._edge(score, u.qid, None if speaker else rep.qid, rep.qid, speaker)

    def _unattributed_keys(self) -> dict[str, list[int]]:
        """Keys of every unattributed text, by document frequency over the whole corpus (known after the first
        pass), and the pairs the unattributed texts form among themselves."""
        if self._u_keys is None:
            self._u_keys = defaultdict(list)
            for k, rep in enumerate(self.u_reps):
                keys, required = blocking.block_keys(rep.words, self.df.__getitem__)
                self._u_required.append(required)
                for word in keys:
                    self._u_keys[word].append(k)
            self._found_by_unattributed(self.u_reps, "")
        return self._u_keys

    def _edge(self, score: float, u_qid: str, node: str | None, other_qid: str, speaker: str) -> None:
        """A pair joined through unattributed text `u_qid` (to the cluster `node`, or to be looked up for the
        record `other_qid` when None), applied later in global order."""
        if (u_qid, other_qid) not in self.edges and (other_qid, u_qid) not in self.edges:
            self.edges[(u_qid, other_qid)] = (-score, *sorted((u_qid, other_qid)), node, speaker)

    def merges(self, label_of: Callable[[str], str] | None = None) -> dict[str, str]:
        """First-pass cluster id -> final cluster id, for the clusters that unattributed records join.
        `label_of(quote_id)`: the first-pass cluster id of a named record (for pairs found in the second pass)."""
        if not self.u_reps:
            return {}
        if self._u_keys is None:
            self._unattributed_keys()  # pairs among the unattributed texts, when no speaker was added again
        uf = UnionFind()
        for u_qid in self.speakers:
            uf.add(u_qid, "")
        ordered = sorted((*key, u_qid) for (u_qid, _), key in self.edges.items())
        for _score, qa, qb, node, speaker, u_qid in ordered:
            other = qb if qa == u_qid else qa
            if node is None:
                node = label_of(other) if speaker else other
            uf.add(node, speaker)
            uf.union(u_qid, node)
        smallest: dict[str, str] = {}
        for node in uf.parent:
            root = uf.find(node)
            if root not in smallest or node < smallest[root]:
                smallest[root] = node
        return {node: smallest[uf.find(node)] for node in uf.parent if smallest[uf.find(node)] != node}
