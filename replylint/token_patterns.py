"""The token-pattern language of ``patterns/``: parse once, match many times.

A pattern is a line a support lead can read::

    из-за (технический | системный)? сбой|ошибка
    @department _{0,3} mess up|screw up
    =ca n't help

Elements, separated by spaces:

``word``
    any inflection of ``word`` (its lemma), or the exact word form.
``=word``
    this word form only.
``word*``
    any word starting with ``word`` (stems, for languages without a lemmatizer).
``a|b|c``
    one of several words (each may itself be ``=word``, ``word*``, ``@list``).
``@name``
    any entry of the named word list (lists live in ``lists.yaml`` and in the
    user's configuration); entries may be phrases.
``/regex/``
    a word whose lowercase form matches the regular expression completely.
``_``  and ``_{m,n}``
    any one word, or a gap of m to n words.
``!element``
    one word that does not match the element (a negated ``@class`` must hold single words).
``_{m,n}!element``
    a gap of m to n words, none of which matches the element (the same as ``( !element ){m,n}``).
``( … | … )``
    a group of alternative sequences; ``?`` after any element or group makes it optional.
``^``  and ``$``
    the start / end of the clause: only punctuation between it and the sentence's edge or a
    clause end (``:`` ``;`` ``—``, full-width too).
``[ … ]``
    the span to underline (standalone brackets, at the top level, at most once); the
    words outside are guards that must match but are not reported.

A literal that the tokenizer splits (``из-за``, ``can't``) is split the same way
for the pattern. In Chinese, a literal matches any run of jieba words that
concatenates to it, so segmentation differences do not hide a match.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

import regex

from . import regex_budget
from .index_keys import CHAR_KEY, MAX_CACHED_WORD, PREFIX_KEY, PREFIX_KEY_LEN, SUBSTRING_KEY, all_keys
from .languages.tokens import Token, normalize


class PatternSyntaxError(ValueError):
    """A pattern that does not parse; ``column`` is 1-based within the pattern."""

    def __init__(self, message: str, column: int):
        super().__init__(f"{message} (at column {column})")
        self.column = column


# ----------------------------------------------------------------------------- nodes

class Node:
    """A pattern element: yields every token index where a match starting at ``i`` can end."""

    def ends(self, tokens: Sequence[Token], i: int, hi: int) -> Iterator[int]:
        raise NotImplementedError

    def reach(self, tokens: Sequence[Token], starts: Iterable[int], hi: int) -> set[int]:
        """Every index where a match starting at any of ``starts`` can end: the union of
        :meth:`ends` over the starts, computed set-at-a-time (issue 13). A pattern is then run
        once per sentence over all its possible starts instead of once per start, and the
        node-by-node generators of :meth:`ends` are not needed on the hot path. :meth:`ends`
        stays as the straightforward one-start reader the reference matcher uses."""
        raise NotImplementedError

    def first_keys(self) -> set[str] | None:
        """Keys one of which the first token must carry (None: any token may start)."""
        return None

    def nullable(self) -> bool:
        return False

    def required_groups(self) -> list[frozenset]:
        """Key sets of which a sentence must contain at least one each for a match to be possible."""
        keys = self.first_keys()
        return [frozenset(keys)] if keys and not self.nullable() else []


class Gap(Node):
    """``_`` and ``_{m,n}``: any m to n tokens (no backtracking machinery needed)."""

    def __init__(self, low: int, high: int):
        self.low, self.high = low, high

    def ends(self, tokens, i, hi):
        yield from range(i + self.low, min(i + self.high, hi) + 1)

    def reach(self, tokens: Sequence[Token], starts: Iterable[int], hi: int) -> set[int]:
        low, high = self.low, self.high
        out: set[int] = set()
        for p in starts:
            out.update(range(p + low, min(p + high, hi) + 1))
        return out

    def nullable(self):
        return self.low == 0


class Test(Node):
    """One token satisfying a predicate."""

    def __init__(self, predicate: Callable[[Token], bool], keys: set[str] | None = None):
        self.predicate = predicate
        self.keys = keys

    def ends(self, tokens, i, hi):
        if i < hi and self.predicate(tokens[i]):
            yield i + 1

    def reach(self, tokens: Sequence[Token], starts: Iterable[int], hi: int) -> set[int]:
        predicate = self.predicate
        if type(predicate) is _FullMatch:
            # a /regex/ word test: its remembered answers read here, without a call per start
            # (Bulgarian's jargon list puts dozens of them at every word)
            known = predicate._known
            out: set[int] = set()
            for p in starts:
                if p < hi:
                    answer = known.get(tokens[p].norm)
                    if answer is None:
                        answer = predicate(tokens[p])
                    if answer:
                        out.add(p + 1)
            return out
        return {p + 1 for p in starts if p < hi and predicate(tokens[p])}

    def first_keys(self):
        return self.keys


class WordTest(Node):
    """One token that is one of a set of words: by lemma, by exact form, or by stem.

    Alternatives of plain words (``a|b|c``, word lists) collapse into one WordTest,
    so a list of fifty departments costs a few set look-ups, not fifty tests.
    """

    def __init__(self, lemmas=(), exact=(), prefixes=()):
        self.lemmas = frozenset(lemmas)
        self.exact = frozenset(exact)
        self.prefixes = frozenset(prefixes)
        self.prefix_lengths = sorted({len(p) for p in self.prefixes})

    def matches(self, t: Token) -> bool:
        if t.norm in self.exact or (self.lemmas and not self.lemmas.isdisjoint(t.lemmas)):
            return True
        if self.prefixes:
            for form in (t.norm, *t.lemmas):
                for n in self.prefix_lengths:
                    if form[:n] in self.prefixes:
                        return True
        return False

    def ends(self, tokens, i, hi):
        if i < hi and self.matches(tokens[i]):
            yield i + 1

    def reach(self, tokens: Sequence[Token], starts: Iterable[int], hi: int) -> set[int]:
        # The test of ``matches`` written out for the common shapes (no stems; exact forms
        # only): this is the most frequent step of matching, and a Python call per start
        # was a sixth of ru/bg/en linting time.
        if self.prefixes:
            matches = self.matches
            return {p + 1 for p in starts if p < hi and matches(tokens[p])}
        exact, lemmas = self.exact, self.lemmas
        if not lemmas:
            return {p + 1 for p in starts if p < hi and tokens[p].norm in exact}
        return {p + 1 for p in starts
                if p < hi and ((t := tokens[p]).norm in exact or not lemmas.isdisjoint(t.lemmas))}

    def first_keys(self):
        return set(self.lemmas | self.exact) | {PREFIX_KEY + p[:PREFIX_KEY_LEN] for p in self.prefixes}

    @staticmethod
    def merge(nodes: list[Node]) -> list[Node]:
        """Fold the WordTests among alternatives into one."""
        words = [n for n in nodes if isinstance(n, WordTest)]
        if len(words) < 2:
            return nodes
        merged = WordTest(frozenset().union(*(w.lemmas for w in words)),
                          frozenset().union(*(w.exact for w in words)),
                          frozenset().union(*(w.prefixes for w in words)))
        return [merged] + [n for n in nodes if not isinstance(n, WordTest)]


def make_alt(options: list[Node]) -> Node:
    options = WordTest.merge(options)
    return options[0] if len(options) == 1 else Alt(options)


class ConcatLiteral(Node):
    """A run of tokens whose texts join to ``literal`` (Chinese); ``prefix`` allows a longer last token."""

    def __init__(self, literal: str, prefix: bool = False):
        self.literal = literal
        self.prefix = prefix

    def ends(self, tokens, i, hi):
        joined = ""
        j = i
        while j < hi and len(joined) < len(self.literal):
            joined += tokens[j].norm
            j += 1
            if joined == self.literal or (self.prefix and joined.startswith(self.literal)):
                yield j
                return
            if not self.literal.startswith(joined):
                return

    def reach(self, tokens: Sequence[Token], starts: Iterable[int], hi: int) -> set[int]:
        literal, prefix = self.literal, self.prefix
        out: set[int] = set()
        for i in starts:
            joined = ""
            j = i
            while j < hi and len(joined) < len(literal):
                joined += tokens[j].norm
                j += 1
                if joined == literal or (prefix and joined.startswith(literal)):
                    out.add(j)
                    break
                if not literal.startswith(joined):
                    break
        return out

    def first_keys(self):
        return {CHAR_KEY + self.literal[0]}

    def required_groups(self):
        return [frozenset({SUBSTRING_KEY + self.literal})]


class Seq(Node):
    def __init__(self, items: list[Node]):
        self.items = items

    def ends(self, tokens: Sequence[Token], i: int, hi: int) -> Iterator[int]:
        # Simulate all paths at once: the set of positions reachable after each item.
        # (A recursive generator per path costs far more in Python.)
        positions: Sequence[int] = (i,)
        for item in self.items:
            if isinstance(item, WordTest):
                matches = item.matches
                positions = [p + 1 for p in positions if p < hi and matches(tokens[p])]
            else:
                reached: set[int] = set()
                for p in positions:
                    reached.update(item.ends(tokens, p, hi))
                positions = sorted(reached)
            if not positions:
                return
        yield from positions

    def reach(self, tokens: Sequence[Token], starts: Iterable[int], hi: int) -> set[int]:
        positions: Iterable[int] = starts
        for item in self.items:
            positions = item.reach(tokens, positions, hi)
            if not positions:
                return set()
        return positions if isinstance(positions, set) else set(positions)

    def first_keys(self) -> set[str] | None:
        keys: set[str] = set()
        for item in self.items:
            k = item.first_keys()
            if k is None:
                return None
            keys |= k
            if not item.nullable():
                return keys
        return None

    def nullable(self):
        return all(item.nullable() for item in self.items)

    def required_groups(self):
        return [g for item in self.items if not item.nullable() for g in item.required_groups()]


class Alt(Node):
    """Alternative sequences. Options are filed by the words they can start with,
    so a word list of seventy phrases only tries the few that fit the next token."""

    def __init__(self, options: list[Node]):
        self.options = options
        self.by_key: dict[str, list[Node]] = {}
        self.anywhere: list[Node] = []
        # computed once: a word list's Alt is shared by every pattern that names the list
        self._first_keys: set[str] | None | bool = False
        self._required: list[frozenset] | None = None
        self._nullable: bool | None = None
        self._chosen: dict[frozenset[str], tuple[Node, ...]] = {}  # see _choose
        for option in options:
            keys = option.first_keys()
            if keys is None or option.nullable():
                self.anywhere.append(option)
            else:
                for key in keys:
                    self.by_key.setdefault(key, []).append(option)
        # For reach: the options any token may start, less the one-word /regex/ tests, which are
        # asked together, once per word form (a jargon list of /l[1-3]/-style entries is an
        # alternative of dozens of them, tried at every word).
        self._word_regexes = tuple(o.predicate.compiled for o in self.anywhere
                                   if isinstance(o, Test) and isinstance(o.predicate, _FullMatch))
        self._other_anywhere = [o for o in self.anywhere
                                if not (isinstance(o, Test) and isinstance(o.predicate, _FullMatch))]
        self._keyed: dict[tuple[str, frozenset], tuple[Node, ...]] = {}  # see reach
        self._regex_known: dict[str, bool] = {}  # see _any_regex

    def ends(self, tokens, i, hi):
        if i >= hi:
            options = self.anywhere
        elif len(self.options) < 4:
            options = self.options
        else:
            tok = tokens[i]
            keys = all_keys(tok.lemmas, tok.norm)
            options = self._chosen.get(keys)
            if options is None:
                options = self._choose(keys)
                _remember(self._chosen, keys, options, tok.norm)
        seen = set()
        for option in options:
            for j in option.ends(tokens, i, hi):
                if j not in seen:
                    seen.add(j)
                    yield j

    def reach(self, tokens: Sequence[Token], starts: Iterable[int], hi: int) -> set[int]:
        out: set[int] = set()
        if len(self.options) < 4:
            for option in self.options:
                out |= option.reach(tokens, starts, hi)
            return out
        for option in self._other_anywhere:  # any token may start these: all the starts at once
            out |= option.reach(tokens, starts, hi)
        if self._word_regexes:
            any_regex = self._any_regex
            out.update(p + 1 for p in starts if p < hi and any_regex(tokens[p].norm))
        if not self.by_key:
            return out
        # The other starts grouped by option: each option is run once, over the starts whose token
        # it can begin (remembered per key set, as in ends).
        grouped: dict[int, tuple[Node, list[int]]] = {}
        for p in starts:
            if p >= hi:
                continue
            tok = tokens[p]
            form = (tok.norm, tok.lemmas)  # all_keys is a function of these: a cheaper memory key
            options = self._keyed.get(form)
            if options is None:
                keys = all_keys(tok.lemmas, tok.norm)
                options = tuple({id(o): o for key in keys for o in self.by_key.get(key, ())}.values())
                _remember(self._keyed, form, options, tok.norm)
            for option in options:
                entry = grouped.get(id(option))
                if entry is None:
                    grouped[id(option)] = (option, [p])
                else:
                    entry[1].append(p)
        for option, positions in grouped.values():
            out |= option.reach(tokens, positions, hi)
        return out

    def _any_regex(self, norm: str) -> bool:
        """Whether one of the alternative's one-word /regex/ tests matches ``norm`` (remembered)."""
        known = self._regex_known.get(norm)
        if known is None:
            known = any(regex_budget.fullmatch(compiled, norm) is not None for compiled in self._word_regexes)
            _remember(self._regex_known, norm, known, norm)
        return known

    def _choose(self, keys: frozenset[str]) -> tuple[Node, ...]:
        """The options a token with ``keys`` can start (remembered per key set by ``ends``: the
        same words recur, and a word list's Alt is asked at many positions of many sentences)."""
        chosen = {id(o): o for o in self.anywhere}
        for key in keys:
            for option in self.by_key.get(key, ()):
                chosen[id(option)] = option
        return tuple(chosen.values())

    def __getstate__(self) -> dict:
        # remembered choices and answers are not worth caching on disk
        return {**self.__dict__, "_chosen": {}, "_keyed": {}, "_regex_known": {}}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._chosen, self._keyed, self._regex_known = {}, {}, {}

    def first_keys(self) -> set[str] | None:
        if self._first_keys is False:
            self._first_keys = self._compute_first_keys()
        return None if self._first_keys is None else set(self._first_keys)  # type: ignore[arg-type]

    def _compute_first_keys(self) -> set[str] | None:
        keys: set[str] = set()
        for option in self.options:
            k = option.first_keys()
            if k is None:
                return None
            keys |= k
        return keys

    def nullable(self):
        if self._nullable is None:
            self._nullable = any(o.nullable() for o in self.options)
        return self._nullable

    def required_groups(self) -> list[frozenset]:
        if self._required is None:
            self._required = self._compute_required()
        return list(self._required)

    def _compute_required(self) -> list[frozenset]:
        union: set = set()
        for option in self.options:
            groups = option.required_groups()
            if not groups:
                return []
            union |= best_group(groups)
        return [frozenset(union)]


_REMEMBERED = 20_000  # answers kept per alternative or /regex/ test (see _remember)


def _remember(memory: dict, key, value, norm: str) -> None:
    """Keep ``key → value`` in a per-node memory of what depends on one word form: bounded
    (cleared when full: a long-running server sees ever new words) and never for a form over
    :data:`MAX_CACHED_WORD` characters, a pasted blob that must not stay in memory (issue 15)."""
    if len(norm) > MAX_CACHED_WORD:
        return
    if len(memory) >= _REMEMBERED:
        memory.clear()
    memory[key] = value


class Repeat(Node):
    def __init__(self, inner: Node, low: int, high: int):
        self.inner, self.low, self.high = inner, low, high

    def ends(self, tokens, i, hi):
        # Breadth-first over repetition counts; longest first is not needed because
        # the matcher keeps the longest overall match.
        frontier = {i}
        if self.low == 0:
            yield i
        for count in range(1, self.high + 1):
            nxt = set()
            for pos in frontier:
                nxt.update(self.inner.ends(tokens, pos, hi))
            if not nxt:
                return
            if count >= self.low:
                yield from sorted(nxt)
            frontier = nxt

    def reach(self, tokens: Sequence[Token], starts: Iterable[int], hi: int) -> set[int]:
        out: set[int] = set(starts) if self.low == 0 else set()
        frontier: Iterable[int] = starts
        for count in range(1, self.high + 1):
            nxt = self.inner.reach(tokens, frontier, hi)
            if not nxt:
                break
            if count >= self.low:
                out |= nxt
            frontier = nxt
        return out

    def first_keys(self):
        return None if self.low == 0 else self.inner.first_keys()

    def nullable(self):
        return self.low == 0

    def required_groups(self):
        return [] if self.low == 0 else self.inner.required_groups()


# Tokens that end a clause inside a sentence (as ``scope: clause`` reads them, filters.py): a
# colon, a semicolon or an em dash, full-width too. "10:30" is one token, so a time is not one.
CLAUSE_END_TOKENS = frozenset({":", ";", "—", "：", "；"})


class Anchor(Node):
    """``^`` / ``$``: a zero-width test that the match starts / ends at the start / end of its
    clause — nothing but punctuation between it and the sentence's edge or a clause end
    (:data:`CLAUSE_END_TOKENS`). "It was due to the weather $" then means the weather closes
    the statement, not "due to the weather, but we have sent a courier"."""

    def __init__(self, end: bool):
        self.end = end

    def holds(self, tokens: Sequence[Token], p: int, hi: int) -> bool:
        outward = range(p, hi) if self.end else range(p - 1, -1, -1)  # towards the clause's edge
        for k in outward:
            t = tokens[k]
            if t.norm in CLAUSE_END_TOKENS:
                return True
            if not t.is_punct:
                return False
        return True

    def ends(self, tokens, i, hi):
        if self.holds(tokens, i, hi):
            yield i

    def reach(self, tokens: Sequence[Token], starts: Iterable[int], hi: int) -> set[int]:
        return {p for p in starts if self.holds(tokens, p, hi)}

    def first_keys(self) -> set[str] | None:
        return set()  # zero-width: the next item decides what the first token can be

    def nullable(self):
        return True


class Mark(Node):
    """A ``[`` or ``]`` span marker while parsing; removed before matching (it matches nothing itself)."""

    def __init__(self, bracket: str, column: int):
        self.bracket, self.column = bracket, column

    def ends(self, tokens, i, hi):
        yield i

    def reach(self, tokens: Sequence[Token], starts: Iterable[int], hi: int) -> set[int]:
        return set(starts)

    def nullable(self):
        return True


Marked = tuple[Node | None, Node, Node | None]  # guards before, the marked span, guards after


def _ends_from(node: Node | None, tokens: Sequence[Token], i: int, hi: int) -> set[int]:
    """Where ``node`` can end when started at ``i`` (an absent part ends where it starts)."""
    return {i} if node is None else set(node.ends(tokens, i, hi))


def _reach_from(node: Node | None, tokens: Sequence[Token], i: int, hi: int) -> set[int]:
    """:func:`_ends_from` computed with :meth:`Node.reach`."""
    return {i} if node is None else node.reach(tokens, (i,), hi)


def _seq(items: list[Node]) -> Node:
    """One node for a non-empty run of items."""
    return items[0] if len(items) == 1 else Seq(items)


def _part(items: list[Node]) -> Node | None:
    return _seq(items) if items else None


def split_marks(node: Node) -> tuple[Node, Marked | None]:
    """Take the ``[ … ]`` markers out of a parsed pattern: the node to match, and its three parts.

    Markers are zero-width items of the top-level sequence while parsing, so Chinese
    literals on either side of one are not merged into one phrase.
    """
    items = node.items if isinstance(node, Seq) else [node]
    marks = [(k, item) for k, item in enumerate(items) if isinstance(item, Mark)]
    if not marks:
        return node, None
    brackets = "".join(mark.bracket for _, mark in marks)
    if brackets != "[]":
        problem = "at most one [ … ] span per pattern" if len(marks) > 2 else "a '[' needs its ']' after it"
        raise PatternSyntaxError(problem, marks[-1][1].column)
    (start, opening), (end, _) = marks
    middle = _part(items[start + 1:end])
    if middle is None or middle.nullable():
        raise PatternSyntaxError("the [ … ] span must match at least one word", opening.column)
    plain = [item for item in items if not isinstance(item, Mark)]  # not empty: the span has items
    return _seq(plain), (_part(items[:start]), middle, _part(items[end + 1:]))


def _never(token: Token) -> bool:
    """The test of an empty word list (a module-level function, so a compiled pack pickles)."""
    return False


def _one_word(node: Node) -> bool:
    """Whether ``node`` matches exactly one token (a word, a word test, alternatives of them)."""
    if isinstance(node, (WordTest, Test, ConcatLiteral)):
        return True
    return isinstance(node, Alt) and all(_one_word(o) for o in node.options)


class _Absent:
    """A ``!element`` test: the one token does not match ``inner`` (picklable)."""

    def __init__(self, inner: Node):
        self.inner = inner

    def __call__(self, token: Token) -> bool:
        return not any(True for _ in self.inner.ends([token], 0, 1))


class _FullMatch:
    """A ``/regex/`` word test: the token's lowercase form matches completely (picklable).

    The answer depends on the word form alone, so it is remembered per form: a jargon list
    of ``/regex/`` entries is tried at every word of every sentence, and a fresh search each
    time (with its CPU-budget bookkeeping) was a fifth of a Bulgarian reply's time. A search
    that runs out of budget raises before anything is remembered."""

    def __init__(self, compiled: regex.Pattern):
        self.compiled = compiled
        self._known: dict[str, bool] = {}

    def __call__(self, token: Token) -> bool:
        norm = token.norm
        known = self._known.get(norm)
        if known is None:
            known = regex_budget.fullmatch(self.compiled, norm) is not None
            _remember(self._known, norm, known, norm)
        return known

    def __getstate__(self) -> dict:
        return {"compiled": self.compiled}  # the remembered answers are not worth caching on disk

    def __setstate__(self, state: dict) -> None:
        self.compiled = state["compiled"]
        self._known = {}



# ---------------------------------------------------------------------------- parser
@dataclass
class PatternContext:
    """What compiling a pattern needs from its language: tokenizer and word lists."""

    lang: str
    split_literal: Callable[[str], list[str]]
    lists: dict[str, list[str]]
    concatenative: bool = False  # written without spaces: literals match runs of tokens (see ConcatLiteral)
    literals: set = field(default_factory=set)  # Chinese words to teach the segmenter
    # The word forms of a lemma that carry every given grammeme (``вернуть:futr,1per`` is
    # вернём, верну), or None where the language has no morphology to ask.
    forms: Callable[[str, frozenset[str]], list[str] | None] | None = None
    # @name compiled once per language: every pattern naming a list shares its node (a team's
    # 50,000 departments were re-parsed for each of the dozens of patterns that name @department)
    list_nodes: dict[str, Node] = field(default_factory=dict)


_GAP = regex.compile(r"_\{(\d+),(\d+)\}")
_GAP_NOT = regex.compile(r"_\{(\d+),(\d+)\}!(.+)")  # a gap whose words are all not the element
_GRAMMEME = r"[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*"  # OpenCorpora tags: futr, 1per, PRTS (a letter somewhere: not 10:30)
_GRAMMEMES = regex.compile(rf"(?<=\w):({_GRAMMEME}(?:,{_GRAMMEME})*)$")
_QUANT = regex.compile(r"\{(\d+),(\d+)\}")


class _Parser:
    def __init__(self, source: str, ctx: PatternContext, depth: int = 0):
        self.s = source
        self.i = 0
        self.ctx = ctx
        self.depth = depth
        self.group_depth = 0
        self.marked: Marked | None = None

    def error(self, message: str) -> PatternSyntaxError:
        return PatternSyntaxError(message, self.i + 1)

    def skip_ws(self):
        while self.i < len(self.s) and self.s[self.i].isspace():
            self.i += 1

    def parse(self) -> Node:
        node = self.sequence(top=True)
        self.skip_ws()
        if self.i < len(self.s):
            raise self.error(f"unexpected {self.s[self.i]!r}")
        if isinstance(node, Mark):
            raise PatternSyntaxError("a [ … ] span marker needs words", node.column)
        node, self.marked = split_marks(node)
        return node

    def sequence(self, top: bool = False) -> Node:
        """Items until ')' or ' | ' (the group separator) or end."""
        items: list[Node] = []
        while True:
            self.skip_ws()
            if self.i >= len(self.s) or self.s[self.i] == ")":
                break
            if self.s[self.i] == "|":
                if top:
                    raise self.error("'|' between phrases needs a ( … | … ) group")
                break
            items.append(self.item())
        if not items:
            raise self.error("empty pattern" if top else "empty alternative in group")
        if self.ctx.concatenative:
            items = self.merge_literals(items)
        return items[0] if len(items) == 1 else Seq(items)

    def merge_literals(self, items: list[Node]) -> list[Node]:
        """Join adjacent Chinese literals into one phrase and teach it to jieba.

        The spaces a pattern author puts between Chinese words need not agree with
        jieba's segmentation ("这 不归 我 管" vs 这|不归|我管), so the phrase is matched
        as one run of characters at word boundaries.
        """
        merged: list[Node] = []
        for item in items:
            prev = merged[-1] if merged else None
            if (isinstance(item, ConcatLiteral) and isinstance(prev, ConcatLiteral)
                    and not prev.prefix):
                phrase = ConcatLiteral(prev.literal + item.literal, item.prefix)
                merged[-1] = phrase
                self.ctx.literals.add(phrase.literal)
            else:
                merged.append(item)
        return merged

    def at_marker(self) -> bool:
        """A standalone ``[`` or ``]``: a span marker (``[`` inside ``/regex/`` or a word is not one)."""
        nxt = self.s[self.i + 1:self.i + 2]
        return self.s[self.i] in "[]" and (not nxt or nxt.isspace() or nxt in "?{")

    def marker(self) -> Node:
        column = self.i + 1
        if self.depth > 0 or self.group_depth > 0:
            raise self.error("a [ … ] span marker belongs at the top level of a pattern, not in a group or word list")
        if self.s[self.i + 1:self.i + 2] in ("?", "{"):
            raise PatternSyntaxError("a [ … ] span marker cannot be optional or repeated", column + 1)
        self.i += 1
        return Mark(self.s[column - 1], column)

    def item(self) -> Node:
        if self.at_marker():
            return self.marker()
        if self.s[self.i] == "(":
            self.group_depth += 1
            self.i += 1
            options = [self.sequence()]
            while True:
                self.skip_ws()
                if self.i >= len(self.s):
                    raise self.error("group not closed with ')'")
                if self.s[self.i] == ")":
                    self.i += 1
                    break
                self.i += 1  # '|'
                options.append(self.sequence())
            self.group_depth -= 1
            node: Node = make_alt(options)
        else:
            start = self.i
            word = self.read_word()
            node = self.element(word, start)
        return self.quantifier(node)

    def read_word(self) -> str:
        start = self.i
        if self.s.startswith("/", self.i) or self.s.startswith("!/", self.i):
            # A regex runs to the closing slash; '|' and '(' inside belong to it.
            self.i += 2 if self.s[self.i] == "!" else 1
            while self.i < len(self.s) and self.s[self.i] != "/":
                self.i += 2 if self.s[self.i] == "\\" else 1
            if self.i >= len(self.s):
                raise self.error("regex not closed with '/'")
            self.i += 1
        while self.i < len(self.s) and not self.s[self.i].isspace() and self.s[self.i] not in "()":
            if self.s[self.i] == "?" and (self.i + 1 == len(self.s) or self.s[self.i + 1].isspace()
                                          or self.s[self.i + 1] in "()"):
                break
            if self.s[self.i] == "{" and self.s[self.i - 1:self.i] != "_" and _QUANT.match(self.s, self.i):
                break
            self.i += 1
        return self.s[start:self.i]

    def quantifier(self, node: Node) -> Node:
        if self.i < len(self.s) and self.s[self.i] == "?":
            self.i += 1
            return Repeat(node, 0, 1)
        m = _QUANT.match(self.s, self.i)
        if m:
            low, high = int(m.group(1)), int(m.group(2))
            if low > high or high > 20:
                raise self.error("repeat {m,n} needs m <= n <= 20")
            self.i = m.end()
            return Repeat(node, low, high)
        return node

    def element(self, word: str, start: int) -> Node:
        if not word:
            raise self.error("expected a word")
        gap = _GAP.fullmatch(word)
        if gap:
            low, high = int(gap.group(1)), int(gap.group(2))
            if low > high or high > 20:
                raise PatternSyntaxError("gap _{m,n} needs m <= n <= 20", start + 1)
            return Gap(low, high)
        if word == "_":
            return Gap(1, 1)
        if word in ("^", "$"):
            return Anchor(end=word == "$")
        gap_not = _GAP_NOT.fullmatch(word)
        if gap_not:
            low, high = int(gap_not.group(1)), int(gap_not.group(2))
            if low > high or high > 20:
                raise PatternSyntaxError("gap _{m,n}!… needs m <= n <= 20", start + 1)
            negated = self.negated(gap_not.group(3), start + gap_not.start(3))
            return Repeat(negated, low, high)
        if word.startswith("!") and len(word) > 1:
            return self.negated(word[1:], start + 1)
        if word.startswith("/"):
            return self.regex_test(word, start)
        options = self.split_alternatives(word, start)
        return make_alt([self.term(term, start) for term in options])

    def negated(self, word: str, start: int) -> Node:
        """``!word`` (and each word of a gap ``_{m,n}!word``): one word that does not match
        ``word``. A word class negated this way must hold single words: "not an entry" of a
        class with phrases would silently mean "not one of its one-word entries"."""
        inner = self.element(word, start)
        for term in word.split("|"):
            name = _GRAMMEMES.sub("", term)[1:] if term.startswith("@") else None
            if name is None or not self.ctx.lists.get(name) or _one_word(self.ctx.list_nodes.get(name, inner)):
                continue
            for entry in self.ctx.lists[name]:  # name the entry that is not one word
                if not _one_word(_Parser(str(entry), self.ctx, self.depth + 1).parse()):
                    raise PatternSyntaxError(f"!@{name}: the entry {str(entry)!r} is not one word "
                                             "(a negated class takes single-word entries)", start + 1)
        return Test(_Absent(inner))

    def split_alternatives(self, word: str, start: int) -> list[str]:
        parts = word.split("|")
        if any(not p for p in parts):
            raise PatternSyntaxError(f"empty alternative in {word!r}", start + 1)
        return parts

    def regex_test(self, word: str, start: int) -> Node:
        if len(word) < 3 or not word.endswith("/"):
            raise PatternSyntaxError(f"regex {word!r} must be written /…/", start + 1)
        try:
            compiled = regex.compile(word[1:-1], regex.I | regex.V1)
        except regex.error as exc:
            raise PatternSyntaxError(f"bad regex {word!r}: {exc}", start + 1) from None
        return Test(_FullMatch(compiled))

    def term(self, term: str, start: int) -> Node:
        grammemes = _GRAMMEMES.search(term)
        if grammemes:
            return self.inflected(term[:grammemes.start()], frozenset(grammemes.group(1).split(",")), start)
        if term.startswith("@"):
            name = term[1:]
            if name not in self.ctx.lists:
                raise PatternSyntaxError(f"unknown word list @{name}", start + 1)
            if self.depth > 5:
                raise PatternSyntaxError(f"word list @{name} refers to itself", start + 1)
            cached = self.ctx.list_nodes.get(name)
            if cached is not None:
                return cached
            entries = self.ctx.lists[name]
            if not entries:
                node: Node = Test(_never, set())
            else:
                node = make_alt([_Parser(entry, self.ctx, self.depth + 1).parse() for entry in entries])
            self.ctx.list_nodes[name] = node
            return node
        exact = term.startswith("=")
        if exact:
            term = term[1:]
        prefix = term.endswith("*") and len(term) > 1
        if prefix:
            term = term[:-1]
        if not term:
            raise PatternSyntaxError("expected a word", start + 1)
        literal = normalize(term)
        if self.ctx.concatenative:
            self.ctx.literals.add(literal)
            return ConcatLiteral(literal, prefix=prefix)
        parts = self.ctx.split_literal(literal) or [literal]
        tests = [self.word_test(p, exact, prefix and k == len(parts) - 1) for k, p in enumerate(parts)]
        return tests[0] if len(tests) == 1 else Seq(tests)

    def inflected(self, term: str, grammemes: frozenset[str], start: int) -> Node:
        """``lemma:grammemes`` (or ``@list:grammemes``, each entry a lemma): the word forms
        that carry every grammeme, asked of the language's morphology when the pattern is
        compiled. One class of verbs then stands for a tense and person ("мы + вернуть,
        проверить… in the future, first person" is a promise) instead of a list of forms."""
        if self.ctx.forms is None:
            raise PatternSyntaxError(f"{term}:{','.join(sorted(grammemes))}: grammatical forms need a language "
                                     "with a morphology (Russian)", start + 1)
        lemmas = [term]
        if term.startswith("@"):
            name = term[1:]
            if name not in self.ctx.lists:
                raise PatternSyntaxError(f"unknown word list @{name}", start + 1)
            lemmas = [str(e) for e in self.ctx.lists[name]]
            if any(not e or " " in e or e[0] in "=@(/!_" for e in lemmas):
                raise PatternSyntaxError(f"@{name}:…: every entry of the list must be one plain word", start + 1)
        found: list[str] = []
        for lemma in lemmas:
            forms = self.ctx.forms(normalize(lemma), grammemes)
            if forms is None:
                raise PatternSyntaxError(f"unknown grammeme in {sorted(grammemes)}", start + 1)
            found.extend(forms)
        if not found:
            raise PatternSyntaxError(f"{term} has no form with {','.join(sorted(grammemes))}", start + 1)
        return WordTest(exact=tuple(dict.fromkeys(found)))

    @staticmethod
    def word_test(word: str, exact: bool, prefix: bool) -> Node:
        if prefix:
            return WordTest(prefixes=(word,))
        if exact:
            return WordTest(exact=(word,))
        return WordTest(lemmas=(word,))


# -------------------------------------------------------------------------- compiled
@dataclass
class TokenPattern:
    """A compiled pattern: finds (first token, end token) matches within a sentence."""

    source: str
    node: Node
    keys: set[str] | None  # what the first token can be (None: anything)
    required: list[frozenset] = field(default_factory=list)  # sentence must offer one key of each
    index_keys: frozenset | None = None  # the rarest required group (requirement_filter.py files the pattern by it)
    marked: Marked | None = None  # the [ … ] parts: guards before, span, guards after
    # ``not_after`` / ``not_before`` of the pattern's entry: no match starts right after words
    # one of ``not_after`` matches, none ends right before words one of ``not_before`` matches
    # (within the sentence: the tokens a pattern is run on are one sentence's).
    not_after: tuple[Node, ...] = ()
    not_before: tuple[Node, ...] = ()

    def __post_init__(self) -> None:
        self.word_groups = [g for g in self.required if not _is_phrase_group(g)]
        self.phrase_groups = [tuple(k[1:] for k in g) for g in self.required if _is_phrase_group(g)]

    def possible(self, present: AbstractSet[str], sentence_text: str) -> bool:
        """Cheap sentence-level test: every required word occurs somewhere in the sentence."""
        for group in self.word_groups:
            if group.isdisjoint(present):
                return False
        for phrases in self.phrase_groups:
            if not any(p in sentence_text for p in phrases):
                return False
        return True

    def match_at(self, tokens: Sequence[Token], i: int, hi: int) -> int | None:
        """End index of the longest non-empty match starting at ``i``, or None."""
        if self.not_after and self._preceded(tokens, i):
            return None
        best = None
        for j in self.node.ends(tokens, i, hi):
            if j > i and (best is None or j > best) and not (self.not_before and self._followed(tokens, j, hi)):
                best = j
        return best

    def _preceded(self, tokens: Sequence[Token], i: int) -> bool:
        """Whether a ``not_after`` guard matches words that end right at ``i`` (one start at a time)."""
        return any(i in set(guard.ends(tokens, k, i)) for guard in self.not_after for k in range(i))

    def _followed(self, tokens: Sequence[Token], j: int, hi: int) -> bool:
        """Whether a ``not_before`` guard matches words that start right at ``j``."""
        return any(e > j for guard in self.not_before for e in guard.ends(tokens, j, hi))

    def match_span(self, tokens: Sequence[Token], i: int, hi: int) -> tuple[int, int, int] | None:
        """``(end, mark_start, mark_end)`` of the longest match starting at ``i``, or None.

        The mark is the ``[ … ]`` part (the whole match without markers). When several
        paths reach the same end with different marks (gaps on both sides), the mark
        that starts first wins, then the longest one: what a reader would underline.
        Matching itself is :meth:`match_at`, so markers never change what matches.
        """
        end = self.match_at(tokens, i, hi)
        if end is None or self.marked is None:
            return None if end is None else (end, i, end)
        before, span, after = self.marked
        for start in sorted(_ends_from(before, tokens, i, hi)):
            for stop in sorted(set(span.ends(tokens, start, hi)), reverse=True):
                if end in _ends_from(after, tokens, stop, hi):
                    return end, start, stop
        return end, i, end  # unreachable: the unmarked node is the three parts in a row

    # The set-at-a-time path (matching.py): the same answers as match_at / match_span, computed
    # with Node.reach; the reference matcher (matching_reference.py) keeps to the two above.

    def can_match(self, keyset: AbstractSet[str]) -> bool:
        """Whether a sentence whose tokens offer ``keyset`` can hold this pattern, judged by its
        required words alone (a pattern that needs a phrase also needs the sentence text: see
        :meth:`possible`). Cheap: one ``isdisjoint`` per required word group."""
        return all(not group.isdisjoint(keyset) for group in self.word_groups)

    def reach(self, tokens: Sequence[Token], starts: Iterable[int], hi: int) -> set[int]:
        """Where a match starting at any of ``starts`` can end (one run for all the starts).
        The ``not_after`` / ``not_before`` guards are left to :meth:`span_at`: this is the
        cheap "can it match here at all?" that a guarded match passes too."""
        return self.node.reach(tokens, starts, hi)

    def span_at(self, tokens: Sequence[Token], i: int, hi: int) -> tuple[int, int, int] | None:
        """:meth:`match_span` computed with :meth:`Node.reach` (same answer)."""
        if self.not_after and any(i in guard.reach(tokens, range(i), i) for guard in self.not_after):
            return None
        ends = [j for j in self.node.reach(tokens, (i,), hi) if j > i]
        if self.not_before:
            ends = [j for j in ends
                    if not any(e > j for guard in self.not_before for e in guard.reach(tokens, (j,), hi))]
        if not ends:
            return None
        end = max(ends)
        if self.marked is None:
            return end, i, end
        before, span, after = self.marked
        for start in sorted(_reach_from(before, tokens, i, hi)):
            for stop in sorted(span.reach(tokens, (start,), hi), reverse=True):
                if end in _reach_from(after, tokens, stop, hi):
                    return end, start, stop
        return end, i, end  # unreachable: the unmarked node is the three parts in a row


def compile_pattern(source: str, ctx: PatternContext, not_after: Sequence[str] = (),
                    not_before: Sequence[str] = ()) -> TokenPattern:
    """``source`` compiled; ``not_after`` / ``not_before``: patterns of the words that must not
    stand right before the match / right after it (see :class:`TokenPattern`)."""
    parser = _Parser(source, ctx)
    node = parser.parse()
    if node.nullable():
        raise PatternSyntaxError("pattern can match nothing at all (everything is optional)", 1)
    guards = {key: tuple(_guard(key, text, ctx) for text in texts)
              for key, texts in (("not_after", not_after), ("not_before", not_before))}
    required = node.required_groups()
    index = best_group(required) if required else None
    if index is not None:
        # Chinese phrases are filed under their first character, which some token starts with.
        index = frozenset(CHAR_KEY + k[1] if k[0] == SUBSTRING_KEY else k for k in index)
    return TokenPattern(source, node, node.first_keys(), required, index, parser.marked,
                        guards["not_after"], guards["not_before"])


def _guard(key: str, text: str, ctx: PatternContext) -> Node:
    """One ``not_after`` / ``not_before`` pattern: words, no markers, never empty."""
    try:
        parser = _Parser(text, ctx)
        node = parser.parse()
        if parser.marked is not None:
            raise PatternSyntaxError("a guard has no [ … ] span", 1)
        if node.nullable():
            raise PatternSyntaxError("a guard must match at least one word", 1)
    except PatternSyntaxError as exc:
        raise PatternSyntaxError(f"{key} {text!r}: {str(exc).rsplit(' (at column', 1)[0]}", exc.column) from None
    return node


@functools.lru_cache(maxsize=4096)
def _rarity(group: frozenset) -> tuple:
    """Cached: a word list's group (50,000 departments) is weighed once, not once per pattern."""
    shortest = min(len(k.lstrip(PREFIX_KEY)) for k in group)
    stems = sum(k.startswith(PREFIX_KEY) for k in group)
    return (-stems, shortest, -len(group))


@functools.lru_cache(maxsize=4096)
def _is_phrase_group(group: frozenset) -> bool:
    return any(k[0] == SUBSTRING_KEY for k in group)


def best_group(groups: list[frozenset]) -> frozenset:
    """The group least likely to be in a sentence: long words, few alternatives, no stems."""
    return max(groups, key=_rarity)


class _AnyLists(dict):
    """Word lists for checking syntax alone: every ``@name`` exists and is empty."""

    def __contains__(self, name: object) -> bool:
        return True

    def __getitem__(self, name: str) -> list[str]:
        return []

    def get(self, name, default=None):
        return []


def check_list_entry(entry: str) -> None:
    """Raise :class:`PatternSyntaxError` if a word-list entry (a configuration's ``[jargon]``,
    ``[departments]`` or ``[lists.*]`` term) does not parse as a pattern, without loading a
    language: so the user's file is blamed, not the shipped pattern that names the list."""
    _Parser(entry, PatternContext(lang="", split_literal=str.split, lists=_AnyLists())).parse()
