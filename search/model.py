"""Plain data exchanged with the search layer: what is indexed, who asks, what comes back."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass
class PageEntry:
    """One indexed unit: one page of one document."""

    document_id: int
    page: int  # 1-based
    text: str  # full page text (NFC)
    case: str | None = None  # case code
    unit: str | None = None  # owning unit code (uploader's unit when no case)
    case_kind: str | None = None  # HS DS HC KDTM LĐ HNGĐ
    doc_type: str | None = None  # taxonomy code
    doc_date: datetime.date | None = None
    restricted: bool = False  # the case is restricted: only its assigned people may see it
    filename: str | None = None
    number: str | None = None  # number/symbol of the document the page belongs to ("318/QĐ-CSĐT")
    issuer: str | None = None  # its issuing organ


@dataclass(frozen=True)
class Scope:
    """What the asking user may see; enforced inside the query, never by filtering results.

    A page is visible when it is not restricted and its unit is in `units` (or `units` is None),
    or when it is restricted and its case is in `restricted_cases` (assignment is personal and
    crosses units). `all_restricted` lets a system caller (the CLI run by an administrator,
    a rebuild check) see restricted cases too."""

    units: frozenset[str] | None = None  # None = every unit (admin / CLI)
    restricted_cases: frozenset[str] = frozenset()  # restricted cases this user is assigned to
    all_restricted: bool = False

    @classmethod
    def everything(cls) -> Scope:
        return cls(units=None, all_restricted=True)


@dataclass
class SearchRequest:
    query: str
    scope: Scope = field(default_factory=Scope)
    case: str | None = None
    unit: str | None = None
    case_kind: str | None = None
    doc_type: str | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    limit: int = 20
    offset: int = 0
    # How many of the hits get a snippet and their matched terms (None: all); the others come back with
    # neither, for a caller that gathers many hits and shows few of them.
    snippets: int | None = None


@dataclass
class Hit:
    document_id: int
    page: int
    score: float
    case: str | None
    doc_type: str | None
    snippet: str  # HTML-escaped, hits in <mark>…</mark>, citizen IDs and phone numbers masked
    terms: list[str]  # matched terms as on this page (analyzer output); phrases space-joined
    unit: str | None = None
    case_kind: str | None = None
    doc_date: datetime.date | None = None
    filename: str | None = None
    number: str | None = None
    issuer: str | None = None
    # the terms boxed on the page: a query's dictionary word where the page holds it, not its
    # lone syllables (None: the same as terms)
    marked: list[str] | None = None


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]  # facet name -> value -> count
    suggestions: list[str] = field(default_factory=list)  # accented readings of an accentless query


FACETS = ("case", "unit", "case_kind", "doc_type")


class SearchError(Exception):
    """Base class of search-layer errors."""


class InvalidSearch(SearchError, ValueError):
    """A search the layer refuses to run; `str()` is a Vietnamese sentence a user can read."""


class QuerySyntaxError(InvalidSearch):
    """The query text cannot be understood; `reason` says which part and why."""

    def __init__(self, reason: str):
        super().__init__(f"Cú pháp tìm kiếm không hợp lệ: {reason}")
        self.reason = reason


class ResultWindowError(InvalidSearch):
    """The asked-for page of results lies beyond what a search may return."""


class IndexNeedsRebuild(SearchError):
    """The index on disk has another schema/analyzer version or is corrupt; recreate it and
    re-add every page from the database."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class IndexBusy(SearchError):
    """Another writer holds the index lock; the write was not applied and must be retried."""
