"""Vietnamese full-text search over case-file pages: one analyzer, Whoosh, Tantivy and
PostgreSQL backends behind one interface, snippets and highlight boxes."""

from .analyzer import ANALYZER_VERSION, fold, normalize, tokenize
from .boxes import locate_boxes
from .index import (
    BACKENDS,
    DEFAULT_BACKEND,
    SHARED_BACKEND,
    check_backend,
    default_backend,
    open_index,
    open_or_rebuild,
    rebuild_index,
    recreate_index,
)
from .model import (
    Hit,
    IndexBusy,
    IndexNeedsRebuild,
    InvalidSearch,
    PageEntry,
    QuerySyntaxError,
    ResultWindowError,
    Scope,
    SearchError,
    SearchRequest,
    SearchResult,
)
from .writer import BatchingWriter

__all__ = [
    "ANALYZER_VERSION",
    "BACKENDS",
    "DEFAULT_BACKEND",
    "SHARED_BACKEND",
    "BatchingWriter",
    "Hit",
    "IndexBusy",
    "IndexNeedsRebuild",
    "InvalidSearch",
    "PageEntry",
    "QuerySyntaxError",
    "ResultWindowError",
    "Scope",
    "SearchError",
    "SearchRequest",
    "SearchResult",
    "check_backend",
    "default_backend",
    "fold",
    "locate_boxes",
    "normalize",
    "open_index",
    "open_or_rebuild",
    "rebuild_index",
    "recreate_index",
    "tokenize",
]
