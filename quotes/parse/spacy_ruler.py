"""A faster `attribute_ruler` for spaCy pipelines: the same patterns, applied by table lookup.

The English pipelines' `attribute_ruler` maps fine-grained tags to coarse ones and morphology, and fixes the
lemma, tag or part of speech of some words ("ain't", "gonna", "there is"), through spaCy's token `Matcher`: 179
patterns tried at every token, about a seventh of the whole parse. Its patterns only test a token's TAG, LOWER,
DEP and IS_SPACE (equal, IN, NOT_IN, REGEX), on one or two tokens, so which of them match a token is a function
of those four values: `FastAttributeRuler` works it out once per distinct combination (words repeat) and then
applies the matches exactly as the stock component does, in pattern order, through spaCy's own
`set_token_attrs`. The output is the stock component's (tests compare whole annotations); a pipeline whose
ruler holds anything else (other attributes, operators, longer patterns) keeps the stock component.

`speed_up(nlp)` switches a loaded pipeline's `attribute_ruler` over (by changing its class, so its name, config
and patterns stay as they are) and says whether it did.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["speed_up"]

_TESTED = ("TAG", "LOWER", "DEP", "IS_SPACE")  # the token attributes a supported pattern may test
_OPERATORS = ("IN", "NOT_IN", "REGEX")
_MAX_LENGTH = 2
MEMO_LIMIT = 200_000  # distinct token feature combinations remembered (a few hundred bytes each)


def speed_up(nlp: Any) -> bool:
    """Make the pipeline's `attribute_ruler` (if any) a `FastAttributeRuler`; False when it stays as it is."""
    from spacy.pipeline import AttributeRuler

    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    if type(ruler) is not AttributeRuler or not _supported(ruler.patterns):
        return False
    ruler.__class__ = _fast_class()
    ruler._compile()
    return True


def _supported(patterns: list[dict]) -> bool:
    for entry in patterns:
        for pattern in entry["patterns"]:
            if not 1 <= len(pattern) <= _MAX_LENGTH:
                return False
            for spec in pattern:
                for attr, value in spec.items():
                    if attr not in _TESTED:
                        return False
                    if isinstance(value, dict) and (len(value) != 1 or next(iter(value)) not in _OPERATORS):
                        return False
    return True


def _test(value: Any) -> Any:
    """A predicate on one attribute's string (or bool) value, from a pattern's value."""
    if not isinstance(value, dict):
        return lambda v: v == value
    (op, arg), = value.items()
    if op == "IN":
        allowed = frozenset(arg)
        return lambda v: v in allowed
    if op == "NOT_IN":
        banned = frozenset(arg)
        return lambda v: v not in banned
    regex = re.compile(arg)
    return lambda v: bool(regex.search(v)) if isinstance(v, str) else False


Spec = tuple[int, int, int, list[tuple[int, Any]]]


def _specs_of(patterns: list[dict]) -> list[Spec]:
    """(attr index, pattern length, position in the pattern, [(attribute, predicate)]) for every token of every
    pattern."""
    specs: list[Spec] = []
    for attr_id, entry in enumerate(patterns):
        for pattern in entry["patterns"]:
            for pos, spec in enumerate(pattern):
                tests = [(_TESTED.index(a), _test(v)) for a, v in spec.items()]
                specs.append((attr_id, len(pattern), pos, tests))
    return specs


Index = tuple[dict[tuple[int, Any], list[int]], list[int]]


def _index_of(patterns: list[dict]) -> Index:
    """Which pattern tokens a token can fit, by one value it must have: spec numbers by (attribute, value) for the
    pattern tokens with an equality or IN test, and the others (tried at every new combination). A new combination
    then tries the few pattern tokens its values name instead of all of them (first-article start-up)."""
    by_value: dict[tuple[int, Any], list[int]] = {}
    anywhere: list[int] = []
    n = 0
    for entry in patterns:
        for pattern in entry["patterns"]:
            for spec in pattern:
                keys = _keys_of(spec)
                if keys is None:
                    anywhere.append(n)
                for key in keys or ():
                    by_value.setdefault(key, []).append(n)
                n += 1
    return by_value, anywhere


def _keys_of(spec: dict) -> list[tuple[int, Any]] | None:
    """(attribute, value) pairs one of which a fitting token has, or None when no test of `spec` names values."""
    for attr, value in spec.items():
        if not isinstance(value, dict):
            return [(_TESTED.index(attr), value)]
        if "IN" in value:
            return [(_TESTED.index(attr), v) for v in value["IN"]]
    return None


def _values(key: tuple[int, ...], cache: dict[int, str], vocab_strings) -> list:
    """A token's tested attributes as values (strings, and a bool for IS_SPACE) from their hashes."""
    values: list = []
    for i, h in enumerate(key):
        if i == 3:
            values.append(bool(h))
            continue
        s = cache.get(h)
        if s is None:
            s = cache[h] = vocab_strings[h] if h else ""
        values.append(s)
    return values


def _fitting(specs: list[Spec], index: Index, values: list) -> tuple[tuple[int, int, int], ...]:
    by_value, anywhere = index
    candidates = set(anywhere)
    for a, value in enumerate(values):
        candidates.update(by_value.get((a, value), ()))
    fits = []
    for n in sorted(candidates):
        _, length, pos, tests = specs[n]
        if all(test(values[a]) for a, test in tests):
            fits.append((n, length, pos))
    return tuple(fits)


def _matches(specs: list[Spec], fits: list[tuple[tuple[int, int, int], ...]]) -> list[tuple[int, int, int]]:
    """(attr index, start, end) of every pattern (of one or two tokens) whose tokens fit in a row."""
    matches = []
    for i, here in enumerate(fits):
        for n, length, pos in here:
            if pos != 0:
                continue
            if length == 1:
                matches.append((specs[n][0], i, i + 1))
            elif i + 1 < len(fits) and (n + 1, length, 1) in fits[i + 1]:
                matches.append((specs[n][0], i, i + 2))
    return sorted(set(matches))  # alternatives of one pattern set the same attributes: once is enough


_FAST = None


def _fast_class() -> type:
    """`FastAttributeRuler`, defined on first use (spaCy is imported only when a spaCy pipeline is loaded)."""
    global _FAST
    if _FAST is not None:
        return _FAST
    from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
    from spacy.pipeline import AttributeRuler
    from spacy.tokens._retokenize import set_token_attrs

    features = [TAG, LOWER, DEP, IS_SPACE]

    class FastAttributeRuler(AttributeRuler):
        """`AttributeRuler` with the matching done by table lookup (see the module docstring)."""

        def _compile(self) -> None:
            self._specs = _specs_of(self.patterns)
            self._index = _index_of(self.patterns)
            self._memo: dict[tuple[int, ...], tuple[tuple[int, int, int], ...]] = {}
            self._strings: dict[int, str] = {}

        def _matching(self, key: tuple[int, ...], vocab_strings) -> tuple[tuple[int, int, int], ...]:
            """(spec number, pattern length, position) of every pattern token a token with these features fits."""
            found = self._memo.get(key)
            if found is None:
                if len(self._memo) >= MEMO_LIMIT:
                    self._memo.clear()
                    self._strings.clear()
                found = self._memo[key] = _fitting(self._specs, self._index, _values(key, self._strings, vocab_strings))
            return found

        def match(self, doc) -> list[tuple[int, int, int]]:
            """(attr index, start, end) of every match, in the order the stock ruler applies them."""
            if not len(doc):
                return []
            strings = doc.vocab.strings
            rows = doc.to_array(features).tolist()
            return _matches(self._specs, [self._matching(tuple(row), strings) for row in rows])

        def set_annotations(self, doc, matches) -> None:
            for attr_id, start, end in matches:
                index = self.indices[attr_id]
                set_token_attrs(doc[start + index if index >= 0 else end + index], self.attrs[attr_id])

        def __call__(self, doc):
            error_handler = self.get_error_handler()
            try:
                self.set_annotations(doc, self.match(doc))
                return doc
            except Exception as e:  # noqa: BLE001  (spaCy's own error-handler protocol, as the stock ruler)
                return error_handler(self.name, self, [doc], e)

        def pipe(self, stream: Iterable, *, batch_size: int = 128) -> Iterator:
            for doc in stream:
                yield self(doc)

    _FAST = FastAttributeRuler
    return _FAST
