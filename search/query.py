"""The query language, parsed once into a small tree that every backend compiles:
words, "phrases", AND/OR/NOT, prefix `khởi*`, `word~` fuzziness and field filters."""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from vntext import common_words, dictionary_words

from .analyzer import tokenize, word_forms
from .model import QuerySyntaxError

# Single words whose folded form is at least this long get typo/OCR tolerance (edit distance 1).
# Shorter syllables (can, an, to, hùng) are covered by folding alone; fuzzing them floods results.
FUZZY_MIN_LENGTH = 5
PREFIX_MIN_LENGTH = 2
# Parentheses nested deeper than this are ignored (their words still count): no person nests
# further, and every level costs stack in the parser and in each backend's compiler.
MAX_DEPTH = 16
# Dates a filter may name; outside these years a date is a typing mistake.
MIN_YEAR, MAX_YEAR = 1900, 2100
# Record ids and page numbers are SQLite/Tantivy 64-bit integers.
MAX_ID = 2**63 - 1

# Field filters a user may type: name -> request attribute.
FIELDS = {
    "case": "case",
    "unit": "unit",
    "kind": "case_kind",
    "type": "doc_type",
    "date": "doc_date",
    "doc": "document_id",
    "page": "page",
}


# ----- the tree -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One syllable, number or whole identifier."""

    text: str  # exact (normalised, lowercase)
    folded: str
    fuzzy: int = 0  # max edit distance on the folded form
    identifier: bool = False


@dataclass(frozen=True)
class Phrase:
    words: tuple[Term, ...]
    joined: bool = field(default=False, compare=False)  # typed as one chunk ("trị-xã", "đủ.để"), not quoted


@dataclass(frozen=True)
class Prefix:
    text: str
    folded: str


@dataclass(frozen=True)
class FieldFilter:
    field: str  # attribute name: case, unit, case_kind, doc_type, document_id, page, doc_date
    value: object = None  # str or int
    low: int | None = None  # doc_date as yyyymmdd, inclusive
    high: int | None = None


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]
    pairs: tuple[Phrase, ...] = ()  # optional proximity boosts (see with_proximity)
    words: tuple[Phrase, ...] = ()  # dictionary words of its plain syllables, boosted (see read)


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    item: Node


@dataclass(frozen=True)
class All:
    pass


@dataclass(frozen=True)
class Nothing:
    """A query that was typed but holds nothing searchable (only punctuation)."""


Node = Term | Phrase | Prefix | FieldFilter | And | Or | Not | All | Nothing
TextLeaf = Term | Phrase | Prefix


def date_key(d: datetime.date) -> int:
    return d.year * 10000 + d.month * 100 + d.day


# ----- lexing ---------------------------------------------------------------------------------

_LEX_RE = re.compile(r'\s*(?:(?P<lp>\()|(?P<rp>\))|"(?P<q>[^"]*)"?(?P<qs>~\d*)?|(?P<w>[^\s()"]+))')
_FIELD_RE = re.compile(r"^(?P<f>[a-z]+):(?P<v>.*)$")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # a pasted line's tabs, NULs, escapes separate words
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")  # undecodable bytes from a shell; not text
_OPERATORS = {"AND", "OR", "NOT"}  # English, upper-case only: VÀ / HOẶC / KHÔNG are words


@dataclass
class _Lex:
    kind: str  # ( ) q w
    text: str
    suffix: str = ""


def _lex(text: str) -> list[_Lex]:
    out: list[_Lex] = []
    text = _CONTROL_RE.sub(" ", _SURROGATE_RE.sub("", text))
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _LEX_RE.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
        if m.group("lp"):
            out.append(_Lex("(", "("))
        elif m.group("rp"):
            out.append(_Lex(")", ")"))
        elif m.group("q") is not None:
            out.append(_Lex("q", m.group("q"), m.group("qs") or ""))
        elif m.group("w"):
            out.append(_Lex("w", m.group("w")))
    return _balanced(out)


def _balanced(lexes: list[_Lex]) -> list[_Lex]:
    """Drop a `)` that closes nothing and parentheses nested beyond MAX_DEPTH (with their
    partners); an unclosed `(` is closed at the end of the query by the parser."""
    out: list[_Lex] = []
    kept: list[bool] = []  # for each open parenthesis: was it kept?
    depth = 0
    for lex in lexes:
        if lex.kind == "(":
            keep = depth < MAX_DEPTH
            kept.append(keep)
            depth += keep
            if keep:
                out.append(lex)
        elif lex.kind == ")":
            if kept and kept.pop():
                depth -= 1
                out.append(lex)
        else:
            out.append(lex)
    return out


# ----- parsing --------------------------------------------------------------------------------


class _Parser:
    def __init__(self, lexes: list[_Lex]):
        self.lexes = lexes
        self.i = 0

    def peek(self) -> _Lex | None:
        return self.lexes[self.i] if self.i < len(self.lexes) else None

    def take(self) -> _Lex:
        lex = self.lexes[self.i]
        self.i += 1
        return lex

    def is_op(self, name: str) -> bool:
        lex = self.peek()
        return lex is not None and lex.kind == "w" and lex.text == name

    def parse_or(self) -> Node | None:
        items = [self.parse_and()]
        while self.is_op("OR"):
            self.take()
            items.append(self.parse_and())
        items = [x for x in items if x is not None]
        if not items:
            return None
        return items[0] if len(items) == 1 else Or(tuple(items))

    def parse_and(self) -> Node | None:
        items: list[Node] = []
        while True:
            lex = self.peek()
            if lex is None or lex.kind == ")" or self.is_op("OR"):
                break
            if self.is_op("AND"):
                self.take()
                continue
            node = self.parse_unary()
            if node is not None:
                items.append(node)
        if not items:
            return None
        return items[0] if len(items) == 1 else And(tuple(items))

    def parse_unary(self) -> Node | None:
        negations = 0
        while self.is_op("NOT"):  # a loop, not recursion: `NOT NOT ... x` may be long
            self.take()
            negations += 1
        lex = self.peek()
        if lex is None or lex.kind == ")" or self.is_op("OR") or self.is_op("AND"):
            return None  # a dangling NOT negates nothing and is dropped
        if lex.kind == "w" and lex.text.startswith("-") and len(lex.text) > 1:
            self.take()
            inner, negations = self.parse_word(lex.text[1:]), negations + 1
        else:
            inner = self.parse_atom()
        if inner is None:
            return None
        if isinstance(inner, Not):  # NOT NOT x is x
            inner, negations = inner.item, negations + 1
        return Not(inner) if negations % 2 else inner

    def parse_atom(self) -> Node | None:
        lex = self.take()
        if lex.kind == "(":
            inner = self.parse_or()
            if self.peek() is not None and self.peek().kind == ")":
                self.take()
            return inner
        if lex.kind == ")":
            return None
        if lex.kind == "q":
            return _phrase(lex.text)
        text = lex.text.lstrip("+")
        m = _FIELD_RE.match(text)
        if m and m.group("f") in FIELDS:
            value = m.group("v")
            if not value:  # `case: HS-1` or `case: "HS 1"`; a filter with no value at all is dropped
                value = self._detached_value()
            return _field(m.group("f"), value) if value.strip() else None
        return self.parse_word(text)

    def _detached_value(self) -> str:
        lex = self.peek()
        if lex is None or lex.kind not in ("q", "w") or lex.text in _OPERATORS:
            return ""
        if lex.kind == "w" and _FIELD_RE.match(lex.text) and _FIELD_RE.match(lex.text).group("f") in FIELDS:
            return ""
        return self.take().text

    def parse_word(self, text: str) -> Node | None:
        fuzzy: int | None = None
        m = re.fullmatch(r"(.+?)~(\d?)", text)
        if m:
            text, fuzzy = m.group(1), int(m.group(2) or 1)
        if text.endswith("*"):
            return _prefix(text.rstrip("*"))
        return _word(text, fuzzy)


def _word(text: str, fuzzy: int | None) -> Node | None:
    tokens = tokenize(text)
    ids = [t for t in tokens if t.kind == "id"]
    words = [t for t in tokens if t.kind == "word"]
    if len(ids) == 1 and ids[0].start == tokens[0].start and ids[0].end >= max(t.end for t in tokens):
        return Term(ids[0].text, ids[0].folded, 0, identifier=True)
    if not words:
        return None
    if len(words) == 1:
        t = words[0]
        if fuzzy is None:
            fuzzy = 1 if len(t.folded) >= FUZZY_MIN_LENGTH and not t.folded.isdigit() else 0
        return Term(t.text, t.folded, min(fuzzy, 2))
    # "lừa-đảo", "CT-VKS-P2": one typed word made of several syllables is a phrase
    return Phrase(tuple(Term(t.text, t.folded) for t in words), joined=True)


def _phrase(text: str) -> Node | None:
    words = [t for t in tokenize(text) if t.kind == "word"]
    if not words:
        return None
    if len(words) == 1:
        return Term(words[0].text, words[0].folded)
    return Phrase(tuple(Term(t.text, t.folded) for t in words))


def _prefix(text: str) -> Node | None:
    words = [t for t in tokenize(text) if t.kind == "word"]
    if not words:
        return None
    if len(words) > 1:  # "bị ca*" typed as one chunk: all but the last are plain syllables
        head = [Term(t.text, t.folded) for t in words[:-1]]
        last = words[-1]
        return And((*head, Prefix(last.text, last.folded)))
    t = words[0]
    if len(t.folded) < PREFIX_MIN_LENGTH:
        return Term(t.text, t.folded)
    return Prefix(t.text, t.folded)


_DATE_RE = re.compile(r"(?P<y>[0-9]{4})(?:-(?P<m>[0-9]{1,2})(?:-(?P<d>[0-9]{1,2}))?)?")


def _shown(value: str, width: int = 40) -> str:
    """A value quoted for an error message, cut short when long."""
    return f"“{value if len(value) <= width else value[:width] + '…'}”"


def _parse_date(value: str, end: bool) -> int:
    m = _DATE_RE.fullmatch(value.strip())
    if m and not MIN_YEAR <= int(m.group("y")) <= MAX_YEAR:
        raise QuerySyntaxError(f"năm {m.group('y')} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}")
    try:
        if not m:
            raise ValueError(value)
        year = int(m.group("y"))
        if m.group("m") is None:
            return year * 10000 + (1231 if end else 101)
        month = int(m.group("m"))
        if m.group("d") is None:
            first = datetime.date(year, month, 1)
            if end:
                nxt = datetime.date(year + month // 12, month % 12 + 1, 1)
                return date_key(nxt - datetime.timedelta(days=1))
            return date_key(first)
        return date_key(datetime.date(year, month, int(m.group("d"))))
    except ValueError as exc:
        raise QuerySyntaxError(f"ngày {_shown(value)} không hợp lệ (dùng YYYY, YYYY-MM hoặc YYYY-MM-DD)") from exc


def _shift(key: int, days: int) -> int:
    day = datetime.date(key // 10000, key // 100 % 100, key % 100)
    return date_key(day + datetime.timedelta(days=days))


def _number(name: str, value: str) -> Node:
    if not re.fullmatch(r"-?[0-9]{1,30}", value):
        raise QuerySyntaxError(f"{name}: cần một số, không phải {_shown(value)}")
    number = int(value)
    if not 1 <= number <= MAX_ID:
        return Nothing()  # no record has that id or page
    return FieldFilter(FIELDS[name], number)


def _field(name: str, value: str) -> Node | None:
    attr = FIELDS[name]
    value = unicodedata.normalize("NFC", value.strip())
    if attr == "doc_date":
        if value in ("..", ">", ">=", "<", "<="):
            return None  # a range with no ends filters nothing
        if ".." in value:
            lo, hi = value.split("..", 1)
            return FieldFilter(
                attr, None, _parse_date(lo, False) if lo else None, _parse_date(hi, True) if hi else None
            )
        for op in (">=", "<=", ">", "<"):
            if value.startswith(op):
                rest = value[len(op) :]
                if op == ">=":
                    return FieldFilter(attr, None, _parse_date(rest, False), None)
                if op == ">":  # after the whole period
                    return FieldFilter(attr, None, _shift(_parse_date(rest, True), 1), None)
                if op == "<=":
                    return FieldFilter(attr, None, None, _parse_date(rest, True))
                return FieldFilter(attr, None, None, _shift(_parse_date(rest, False), -1))
        return FieldFilter(attr, None, _parse_date(value, False), _parse_date(value, True))
    if attr in ("document_id", "page"):
        return _number(name, value)
    return FieldFilter(attr, value)


def parse(text: str) -> Node:
    """Parse a user query. Words are ANDed; an empty query matches everything (filters still apply),
    a query of nothing but punctuation matches nothing."""
    node = _Parser(_lex(unicodedata.normalize("NFC", text))).parse_or()
    if node is None:
        return All() if not text.strip() else Nothing()
    return node


PROXIMITY_BOOST = 0.5


def adjacent_pairs(node: And) -> list[Phrase]:
    """Two-syllable phrases of consecutive plain words of an AND (`nguyen van hung` gives
    `nguyen van`, `van hung`): optional clauses that rank pages with the words together first."""
    pairs = []
    items = node.items
    for a, b in zip(items, items[1:], strict=False):
        if isinstance(a, Term) and isinstance(b, Term) and not a.identifier and not b.identifier:
            pairs.append(Phrase((Term(a.text, a.folded), Term(b.text, b.folded))))
    return pairs


def with_proximity(node: Node, selective: Callable[[str], bool]) -> Node:
    """Attach adjacent-pair boosts to every AND, keeping only pairs with a selective word
    (a pair of two very common syllables costs much and tells little)."""
    if isinstance(node, And):
        items = tuple(with_proximity(x, selective) for x in node.items)
        pairs = tuple(p for p in adjacent_pairs(node) if selective(p.words[0].folded) or selective(p.words[1].folded))
        return And(items, pairs)
    if isinstance(node, Or):
        return Or(tuple(with_proximity(x, selective) for x in node.items))
    if isinstance(node, Not):
        return Not(with_proximity(node.item, selective))
    return node


def text_leaves(node: Node, negated: bool = False) -> list[TextLeaf]:
    """The positive text leaves of a query (what a page can be highlighted for)."""
    if isinstance(node, Term | Phrase | Prefix):
        return [] if negated else [node]
    if isinstance(node, And | Or):
        return [leaf for item in node.items for leaf in text_leaves(item, negated)]
    if isinstance(node, Not):
        return text_leaves(node.item, not negated)
    return []


# ----- how plain words are read ----------------------------------------------------------------

# A query of at least this many plain words is "loose": pages with all the words rank first, then
# pages with most of them (at least LOOSE_SHARE of the words that are not function words).
LOOSE_MIN_WORDS = 4
LOOSE_SHARE = 0.3
# Above this many plain words no word gets default typo tolerance (a sentence is not a typo).
FUZZY_MAX_WORDS = 3
WORD_BOOST = 3.0  # consecutive query syllables that form a dictionary word, found in that order
LONGEST_WORD = 4


@dataclass(frozen=True)
class Loose:
    """Plain words of which at least `min_match` (not counting function words) must match;
    `rest` (filters) still must. `words` are the dictionary words among them, boosted."""

    items: tuple[Term, ...]
    min_match: int
    rest: tuple[Node, ...] = ()
    words: tuple[Phrase, ...] = ()


@dataclass(frozen=True)
class Reading:
    """A parsed query as searched: the tree, the leaves it can highlight and the dictionary
    words among its plain syllables (each with the indices of its syllables' leaves)."""

    node: Node
    leaves: tuple[TextLeaf, ...]
    words: tuple[tuple[Phrase, tuple[int, ...]], ...] = ()
    common: frozenset[int] = frozenset()  # leaf indices of function words of a loose query


@lru_cache(maxsize=1)
def _folded_dictionary() -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(word_forms(s)[1] for s in w) for w in dictionary_words())


def word_spans(folded: list[str]) -> list[tuple[int, int]]:
    """[start, end) spans of consecutive syllables forming a dictionary word (longest first,
    left to right), accent-insensitive: `bi can` is the word "bị can"."""
    dictionary = _folded_dictionary()
    spans = []
    i = 0
    while i < len(folded):
        for n in range(min(LONGEST_WORD, len(folded) - i), 1, -1):
            if tuple(folded[i : i + n]) in dictionary:
                spans.append((i, i + n))
                i += n
                break
        else:
            i += 1
    return spans


def _flat(items: tuple[Node, ...]) -> tuple[Node, ...]:
    """Items of nested ANDs ("... (trừ trường hợp buộc thôi việc) ..."): the same conjunction."""
    out: list[Node] = []
    for x in items:
        out.extend(_flat(x.items) if isinstance(x, And) else (x,))
    return tuple(out)


def _unjoined(items: tuple[Node, ...]) -> tuple[Node, ...]:
    """In a sentence, a chunk of syllables joined by punctuation ("chính trị-xã hội", a lost space
    in "đầy đủ.để") is plain words like the others: a question is not a phrase query. A short query's
    chunk ("lừa-đảo", "CT-VKS") stays a phrase."""
    count = sum(len(x.words) if isinstance(x, Phrase) and x.joined else _plain(x) for x in items)
    if count < LOOSE_MIN_WORDS:
        return items
    out: list[Node] = []
    for x in items:
        out.extend(x.words if isinstance(x, Phrase) and x.joined else (x,))
    return tuple(out)


def _plain(item: Node) -> bool:
    return isinstance(item, Term) and not item.identifier


def read(text: str, selective: Callable[[str], bool] | None = None) -> Reading:
    """Parse a query and decide how its plain words are searched (see README, "How queries are
    read"). Phrases, operators, prefixes and filters keep their exact meaning: only a query made
    of plain words (and filters) is read with dictionary words and, when long, loosely."""
    node = parse(text)
    items = _flat(node.items) if isinstance(node, And) else (node,)
    items = _unjoined(items)
    # In a sentence a number or date ("từ ngày 01/01/2023") is one more word, not a condition.
    sentence = sum(isinstance(x, Term) for x in items) >= LOOSE_MIN_WORDS
    terms = [x for x in items if _plain(x) or (sentence and isinstance(x, Term))]
    rest = [x for x in items if not (_plain(x) or (sentence and isinstance(x, Term)))]
    if not terms or any(not isinstance(x, FieldFilter) for x in rest):
        if selective is not None:
            node = with_proximity(node, selective)
        return Reading(node, tuple(text_leaves(node)))
    if len(terms) > FUZZY_MAX_WORDS:
        terms = [Term(t.text, t.folded, identifier=t.identifier) for t in terms]
    spans = word_spans([t.folded for t in terms])
    words = tuple(Phrase(tuple(Term(t.text, t.folded) for t in terms[a:b])) for a, b in spans)
    groups = tuple((w, tuple(range(a, b))) for w, (a, b) in zip(words, spans, strict=True))
    common = frozenset(i for i, t in enumerate(terms) if t.text in common_words())
    # Typed with diacritics, the exact syllables already rank the right page first; an
    # accentless word is what needs its syllables found together.
    words = tuple(w for w in words if all(t.text == t.folded for t in w.words))
    if len(terms) >= LOOSE_MIN_WORDS:
        content = len(terms) - len(common) or len(terms)
        min_match = max(1, math.ceil(round(content * LOOSE_SHARE, 9)))  # round: 10 * 0.3 is 3.0000000000000004
        loose = Loose(tuple(terms), min_match, tuple(rest), words)
        return Reading(loose, tuple(terms), groups, common)
    strict = And(tuple(terms) + tuple(rest)) if len(terms) + len(rest) > 1 else terms[0]
    if selective is not None:
        strict = with_proximity(strict, selective)
    if isinstance(strict, And):
        strict = And(strict.items, strict.pairs, words)
    return Reading(strict, tuple(terms), groups)
