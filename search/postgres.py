"""PostgreSQL full-text backend, for many app servers sharing one index: the shared analyzer's
tokens written as a tsvector with positions (PostgreSQL never tokenises the Vietnamese text),
the query tree compiled to tsquery and SQL, scope and filters as a WHERE clause, ranked with
ts_rank_cd, or RUM's <=> where the `rum` extension is available (GIN otherwise).

One tsvector column holds three kinds of lexeme at the same positions: the folded syllable
(`hung`), the exact syllable marked with `=` (`=hùng`, weight A) and each identifier marked
with `#` (`#45/ct-vks-p2`, weight B). A plain word matches either form; the exact one ranks
higher, as EXACT_BOOST does in the embedded engines."""

from __future__ import annotations

import queue
import re
import threading
import time
from contextlib import contextmanager
from typing import Any

import psycopg

from vntext import common_words

from .analyzer import ANALYZER_VERSION, analyze, tokenize
from .base import EXACT_BOOST, PROXIMITY_ALWAYS, BaseIndex
from .model import FACETS, IndexBusy, IndexNeedsRebuild, Scope
from .query import (
    PROXIMITY_BOOST,
    WORD_BOOST,
    All,
    And,
    FieldFilter,
    Loose,
    Node,
    Not,
    Nothing,
    Or,
    Phrase,
    Prefix,
    Term,
)

DEFAULT_TABLE = "hoso_search_pages"
SCHEMA_VERSION = 2  # 2: each page records its length in syllables
MAX_POSITION = 16383  # PostgreSQL keeps tsvector positions up to this; later syllables share it
# ts_rank_cd's weights of D, C, B, A: folded syllables D, identifiers B, exact syllables A.
RANK_WEIGHTS = "{0.5, 0.5, 1.0, 1.0}"
RANK_NORMALIZATION = 1  # divide by 1 + log(page length): long pages do not win by size alone
STATS_SECONDS = 30.0  # page counts behind ranking (IDF, proximity choice) may be this old
POOL_SIZE = 4
# Pages ranked in full (every boost) per search: the best by one rank; the embedded engines' order
# of the results on a page stays the same, their total and facets count every match.
CANDIDATES = 400
# A loose query (a whole question) picks this many candidates by its rarer words, then scores them
# with BM25 as the embedded engines do: ts_rank_cd knows nothing of how rare a word is.
LOOSE_CANDIDATES = 400
BM25_K1, BM25_B = 1.2, 0.75
_TABLE_RE = re.compile(r"^[a-z_][a-z0-9_]{0,40}$")
_KEYWORD_COLUMNS = {"case": "case_code", "unit": "unit", "case_kind": "case_kind", "doc_type": "doc_type"}
_FUZZY_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


def connection_string(url: str) -> str:
    """A libpq connection string from a SQLAlchemy URL (`postgresql+psycopg://...`) or a plain one."""
    return re.sub(r"^postgres(?:ql)?\+[a-z0-9_]+://", "postgresql://", str(url))


def is_postgres_url(url: str | None) -> bool:
    return bool(url) and re.match(r"^postgres(?:ql)?(\+[a-z0-9_]+)?://", str(url)) is not None


# ----- tsvector and tsquery text ---------------------------------------------------------------


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def page_vector(text: str) -> str:
    """The tsvector literal of a page: folded, exact (`=`) and identifier (`#`) lexemes with positions."""
    a = analyze(text)
    positions: dict[str, list[str]] = {}
    for i, (word, folded) in enumerate(zip(a.words, a.folded, strict=True)):
        pos = str(min(i + 1, MAX_POSITION))
        positions.setdefault(folded, []).append(pos)
        positions.setdefault("=" + word, []).append(pos + "A")
    if a.ids:
        # an identifier sits at its first syllable's position (as tokenize() puts it)
        for token in _id_positions(text):
            positions.setdefault("#" + token[0], []).append(str(min(token[1] + 1, MAX_POSITION)) + "B")
    return " ".join(f"{_quote(lex)}:{','.join(pos[:256])}" for lex, pos in positions.items())


def _id_positions(text: str) -> list[tuple[str, int]]:
    return [(t.folded, t.position) for t in tokenize(text) if t.kind == "id"]


def fuzzy_variants(word: str) -> list[str]:
    """Every string at edit distance one from `word` (no transpositions), and the word itself."""
    letters = sorted(set(_FUZZY_ALPHABET) | set(word))
    out = {word}
    for i in range(len(word) + 1):
        for c in letters:
            out.add(word[:i] + c + word[i:])
        if i < len(word):
            out.add(word[:i] + word[i + 1 :])
            for c in letters:
                out.add(word[:i] + c + word[i + 1 :])
    return sorted(out)


# ----- the index -------------------------------------------------------------------------------


class PostgresIndex(BaseIndex):
    backend = "postgres"

    def __init__(self, url: str, create: bool = False, table: str = DEFAULT_TABLE):
        if not _TABLE_RE.match(table):
            raise ValueError(f"bad search table name {table!r}")
        self.conninfo = connection_string(url)
        self.table = table
        self._pool: queue.LifoQueue = queue.LifoQueue()
        self._stats: dict[Any, tuple[float, int]] = {}
        self._stats_lock = threading.Lock()
        self.rum = False
        try:
            with self._conn() as conn:
                if create:
                    self._create(conn)
                else:
                    self._check(conn)
                self.rum = self._index_kind(conn) == "rum"
                self._indexed = False
                if not create:
                    self._ensure_text_index(conn)
        except psycopg.OperationalError:
            raise
        except psycopg.Error as exc:
            raise IndexNeedsRebuild(f"postgres search tables unreadable: {exc}") from exc

    # -- connections --------------------------------------------------------------------------

    @contextmanager
    def _conn(self):
        try:
            conn = self._pool.get_nowait()
        except queue.Empty:
            # no server-side prepared statements: a generic plan ignores what the tsquery selects
            conn = psycopg.connect(self.conninfo, autocommit=True, prepare_threshold=None)
        try:
            yield conn
        except BaseException:
            conn.close()
            raise
        if conn.closed or conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            conn.close()
        elif self._pool.qsize() < POOL_SIZE:
            self._pool.put(conn)
        else:
            conn.close()

    def drop(self) -> None:
        """Remove this index's tables from the database."""
        t = self.table
        with self._conn() as conn:
            conn.execute(f"DROP TABLE IF EXISTS {t}, {t}_words, {t}_meta")

    def close(self) -> None:
        while True:
            try:
                self._pool.get_nowait().close()
            except queue.Empty:
                return

    # -- schema -------------------------------------------------------------------------------

    def _meta_values(self) -> dict[str, str]:
        return {
            "backend": self.backend,
            "schema_version": str(SCHEMA_VERSION),
            "analyzer_version": str(ANALYZER_VERSION),
        }

    def _create(self, conn, replace: bool = True) -> None:
        """Create the tables (replace: dropping any there). Several app servers starting at once
        take turns, and only the first creates missing tables."""
        t = self.table
        rum = _rum_available(conn)
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (t,))
            if not replace and conn.execute("SELECT to_regclass(%s)", (t + "_meta",)).fetchone()[0] is not None:
                return
            conn.execute(f"DROP TABLE IF EXISTS {t}, {t}_words, {t}_meta")
            conn.execute(
                f"""CREATE TABLE {t} (
                    document_id bigint NOT NULL,
                    page integer NOT NULL,
                    body text NOT NULL,
                    case_code text, unit text, case_kind text, doc_type text,
                    doc_date integer,
                    restricted boolean NOT NULL DEFAULT false,
                    filename text, number text, issuer text,
                    length integer NOT NULL DEFAULT 0,
                    tsv tsvector NOT NULL,
                    PRIMARY KEY (document_id, page))"""
            )
            conn.execute(f"CREATE TABLE {t}_words (word text PRIMARY KEY)")
            conn.execute(f"CREATE TABLE {t}_meta (key text PRIMARY KEY, value text NOT NULL)")
            # the text index is built once the first pages are in (finish_bulk, or the first search):
            # RUM built over 2,000 pages takes 0.4 s, updated page by page 13 s
            for column in ("unit", "case_code", "doc_date"):
                conn.execute(f"CREATE INDEX {t}_{column} ON {t} ({column})")
            meta = self._meta_values() | {"index": "rum" if rum else "gin"}
            with conn.cursor() as cur:
                cur.executemany(f"INSERT INTO {t}_meta VALUES (%s, %s)", list(meta.items()))

    def _check(self, conn) -> None:
        t = self.table
        exists = conn.execute("SELECT to_regclass(%s), to_regclass(%s)", (t, t + "_meta")).fetchone()
        if exists[0] is None and exists[1] is None:
            self._create(conn, replace=False)
            return
        if exists[1] is None:
            raise IndexNeedsRebuild("the index has no version record")
        meta = dict(conn.execute(f"SELECT key, value FROM {t}_meta").fetchall())
        for key, value in self._meta_values().items():
            if meta.get(key) != value:
                raise IndexNeedsRebuild(f"{key} changed: index has {meta.get(key)!r}, this version needs {value!r}")

    def _ensure_text_index(self, conn) -> None:
        if self._indexed:
            return
        t = self.table
        if conn.execute("SELECT to_regclass(%s)", (t + "_tsv",)).fetchone()[0] is None:
            using = "rum (tsv rum_tsvector_ops)" if self.rum else "gin (tsv)"
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (t,))
                conn.execute(f"CREATE INDEX IF NOT EXISTS {t}_tsv ON {t} USING {using}")
        self._indexed = True

    def finish_bulk(self) -> None:
        """After the pages of a new index are added: build its text index over them at once."""
        with self._conn() as conn:
            self._ensure_text_index(conn)

    def _index_kind(self, conn) -> str:
        row = conn.execute(f"SELECT value FROM {self.table}_meta WHERE key = 'index'").fetchone()
        return row[0] if row else "gin"

    # -- writing ------------------------------------------------------------------------------

    def _write(self, deletes: list[int], records: list[dict[str, Any]]) -> None:
        t = self.table
        rows, words = [], set()
        for rec in records:
            a = analyze(rec["text"])
            words.update(a.folded)
            rows.append(
                (
                    rec["document_id"],
                    rec["page"],
                    a.text,
                    rec["case"],
                    rec["unit"],
                    rec["case_kind"],
                    rec["doc_type"],
                    rec["doc_date"],
                    rec["restricted"],
                    rec["filename"],
                    rec["number"],
                    rec["issuer"],
                    len(a.words),
                    page_vector(rec["text"]),
                )
            )
        with self._conn() as conn, conn.transaction():
            # one writer at a time per index, as the embedded engines' lock
            got = conn.execute("SELECT pg_try_advisory_xact_lock(hashtext(%s))", (t,)).fetchone()[0]
            if not got:
                raise IndexBusy("another writer is updating the search tables")
            with conn.cursor() as cur:
                if deletes:
                    cur.execute(f"DELETE FROM {t} WHERE document_id = ANY(%s)", (deletes,))
                if rows:
                    cur.executemany(
                        f"""INSERT INTO {t} VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::tsvector)
                        ON CONFLICT (document_id, page) DO UPDATE SET body = EXCLUDED.body,
                        case_code = EXCLUDED.case_code, unit = EXCLUDED.unit, case_kind = EXCLUDED.case_kind,
                        doc_type = EXCLUDED.doc_type, doc_date = EXCLUDED.doc_date,
                        restricted = EXCLUDED.restricted, filename = EXCLUDED.filename,
                        number = EXCLUDED.number, issuer = EXCLUDED.issuer, length = EXCLUDED.length,
                        tsv = EXCLUDED.tsv""",
                        rows,
                    )
                if words:
                    cur.execute(
                        f"INSERT INTO {t}_words SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING", (sorted(words),)
                    )
        self._forget_stats()

    def clear(self) -> None:
        with self._conn() as conn, conn.transaction():
            conn.execute(f"TRUNCATE {self.table}, {self.table}_words")
        self._forget_stats()

    # -- statistics ---------------------------------------------------------------------------

    def _forget_stats(self) -> None:
        with self._stats_lock:
            self._stats.clear()

    def _stat(self, key, sql: str, params=()) -> int:
        now = time.monotonic()
        with self._stats_lock:
            hit = self._stats.get(key)
        if hit is not None and now - hit[0] < STATS_SECONDS:
            return hit[1]
        with self._conn() as conn:
            value = int(conn.execute(sql, params).fetchone()[0])
        with self._stats_lock:
            if len(self._stats) > 50_000:
                self._stats.clear()
            self._stats[key] = (now, value)
        return value

    def count(self) -> int:
        return self._stat("count", f"SELECT count(*) FROM {self.table}")

    def _doc_freq(self, folded_word: str) -> int:
        return self._stat(
            ("df", folded_word), f"SELECT count(*) FROM {self.table} WHERE tsv @@ %s::tsquery", (_quote(folded_word),)
        )

    def _average_length(self) -> float:
        return max(1, self._stat("avgdl", f"SELECT coalesce(avg(length), 0)::bigint FROM {self.table}"))

    def _bm25(self, node: Loose, rows: list) -> list:
        """Candidates of a loose query scored as Tantivy scores them: BM25 of each word on the folded
        syllables plus EXACT_BOOST times BM25 on the exact ones, and WORD_BOOST for each of its
        dictionary words found in order."""
        avgdl = self._average_length()
        words = list(dict.fromkeys(node.items))
        idf = {t.folded: self._idf(t.folded) for t in words}

        def part(tf: int, dl: int) -> float:
            return tf * (BM25_K1 + 1) / (tf + BM25_K1 * (1 - BM25_B + BM25_B * dl / avgdl)) if tf else 0.0

        scored = []
        for _rank, rec in rows:
            a = analyze(rec["text"])
            dl = len(a.words)
            score = 0.0
            for t in words:
                tf = part(a.folded.count(t.folded), dl) + EXACT_BOOST * part(a.words.count(t.text), dl)
                score += idf[t.folded] * tf
            if node.words:
                joined = " " + " ".join(a.folded) + " "
                for phrase in node.words:
                    found = joined.count(" " + " ".join(w.folded for w in phrase.words) + " ")
                    score += WORD_BOOST * sum(idf.get(w.folded, 0.0) for w in phrase.words) * part(found, dl)
            scored.append((score, rec))
        scored.sort(key=lambda row: (-row[0], row[1]["document_id"], row[1]["page"]))
        return scored

    def _fuzzy(self, folded: str) -> list[str]:
        with self._conn() as conn:
            rows = conn.execute(
                f"SELECT word FROM {self.table}_words WHERE word = ANY(%s) ORDER BY word", (fuzzy_variants(folded),)
            ).fetchall()
        return [r[0] for r in rows]

    # -- searching ----------------------------------------------------------------------------

    def _search(self, node: Node, filters: list[Node], scope: Scope, offset: int, limit: int):
        if not self._indexed:
            self.finish_bulk()
        compiler = _Compiler(self)
        where, params = compiler.where(node)
        for f in filters:
            sql, p = compiler.filter(f)
            where, params = f"({where}) AND {sql}", params + p
        scope_sql, scope_params = _scope(scope)
        if scope_sql:
            where, params = f"({where}) AND {scope_sql}", params + scope_params
        pick, terms = compiler.rank(node)
        t = self.table
        columns = (
            "document_id, page, body, case_code, unit, case_kind, doc_type, doc_date, restricted, "
            "filename, number, issuer"
        )
        if pick is None:  # nothing to rank by (an empty query, filters, NOT): in record order
            rows_sql = f"SELECT {columns}, 0.0 FROM {t} WHERE {where} ORDER BY document_id, page LIMIT %s OFFSET %s"
            rows_params = params + [limit, offset]
        else:
            rank_cd = f"ts_rank_cd('{RANK_WEIGHTS}', tsv, %s::tsquery, {RANK_NORMALIZATION})"
            order = "tsv <=> %s::tsquery" if self.rum else f"{rank_cd} DESC"
            order_params = [pick]
            score, score_params = [], []
            for weight, q in terms:
                score.append(f"%s * {rank_cd}")
                score_params += [weight, q]
            candidates = max(LOOSE_CANDIDATES if isinstance(node, Loose) else CANDIDATES, 2 * (offset + limit))
            # a loose query's candidates hold one of its rarer words: the index then orders them (RUM)
            pick_sql, pick_params = ("tsv @@ %s::tsquery AND ", [pick]) if isinstance(node, Loose) else ("", [])
            rows_sql = (
                f"SELECT {columns}, {' + '.join(score) or '0.0'} AS score FROM "
                f"(SELECT * FROM {t} WHERE {pick_sql}{where} ORDER BY {order} LIMIT %s) "
                "AS c ORDER BY score DESC, document_id, page LIMIT %s OFFSET %s"
            )
            shown = (candidates, 0) if isinstance(node, Loose) else (limit, offset)  # loose: scored below
            rows_params = score_params + pick_params + params + order_params + [candidates, *shown]
        groups = ", ".join(f"({c})" for c in _KEYWORD_COLUMNS.values())
        facets_sql = (
            f"SELECT {', '.join(_KEYWORD_COLUMNS.values())}, "
            f"{', '.join(f'GROUPING({c})' for c in _KEYWORD_COLUMNS.values())}, count(*) "
            f"FROM {t} WHERE {where} GROUP BY GROUPING SETS ({groups}, ())"
        )
        try:
            with self._conn() as conn:
                found = conn.execute(rows_sql, rows_params).fetchall()
                grouped = conn.execute(facets_sql, params).fetchall()
        except psycopg.errors.UndefinedTable as exc:
            raise IndexNeedsRebuild(f"postgres search tables are missing: {exc}") from exc
        rows = []
        for r in found:
            rec = dict(
                zip(
                    (
                        "document_id",
                        "page",
                        "text",
                        "case",
                        "unit",
                        "case_kind",
                        "doc_type",
                        "doc_date",
                        "restricted",
                        "filename",
                        "number",
                        "issuer",
                    ),
                    r[:12],
                    strict=True,
                )
            )
            rows.append((float(r[12] or 0.0), rec))
        if isinstance(node, Loose) and rows:
            rows = self._bm25(node, rows)[offset : offset + limit]
        facets: dict[str, dict[str, int]] = {name: {} for name in FACETS}
        total = 0
        n = len(_KEYWORD_COLUMNS)
        for g in grouped:
            values, grouping, count = g[:n], g[n : 2 * n], int(g[2 * n])
            if all(grouping):
                total = count
                continue
            for i, name in enumerate(_KEYWORD_COLUMNS):
                if not grouping[i] and values[i] is not None:
                    facets[name][values[i]] = count
        return total, rows, facets


def _rum_available(conn) -> bool:
    """True when the `rum` extension is (or can be) installed in this database."""
    row = conn.execute("SELECT installed_version FROM pg_available_extensions WHERE name = 'rum'").fetchone()
    if row is None:
        return False
    if row[0] is not None:
        return True
    try:
        with conn.transaction():
            conn.execute("CREATE EXTENSION IF NOT EXISTS rum")
        return True
    except psycopg.Error:
        return False  # not allowed to install it: GIN


# ----- compiling the query tree ----------------------------------------------------------------


class _Compiler:
    def __init__(self, index: PostgresIndex):
        self.index = index
        self._fuzzy: dict[str, list[str]] = {}  # a word's typo forms, looked up once per search

    # text leaves -> tsquery text

    def leaf(self, node: Term | Phrase | Prefix) -> str:
        if isinstance(node, Term) and node.identifier:
            return _quote("#" + node.folded)
        if isinstance(node, Term):
            forms = [_quote(node.folded), _quote("=" + node.text)]
            if node.fuzzy:
                if node.folded not in self._fuzzy:
                    self._fuzzy[node.folded] = self.index._fuzzy(node.folded)
                forms += [_quote(w) for w in self._fuzzy[node.folded] if w != node.folded]
            return "(" + " | ".join(dict.fromkeys(forms)) + ")"
        if isinstance(node, Phrase):
            return "(" + " <-> ".join(_quote(w.folded) for w in node.words) + ")"
        return f"({_quote(node.folded)}:* | {_quote('=' + node.text)}:*)"

    def tsquery(self, node: Node) -> str | None:
        """The node as one tsquery, or None when it holds a filter (then it is SQL)."""
        if isinstance(node, Term | Phrase | Prefix):
            return self.leaf(node)
        if isinstance(node, Not):
            inner = self.tsquery(node.item)
            return None if inner is None else f"!{inner}"
        if isinstance(node, And | Or):
            parts = [self.tsquery(x) for x in node.items]
            if any(p is None for p in parts):
                return None
            return "(" + (" & " if isinstance(node, And) else " | ").join(parts) + ")"
        return None

    # the WHERE clause

    def where(self, node: Node) -> tuple[str, list]:
        if isinstance(node, Loose):
            q = "(" + " | ".join(self.leaf(t) for t in _content(node)) + ")"
            sql, params = "tsv @@ %s::tsquery", [q]
            for x in node.rest:
                s, p = self.where(x)
                sql, params = f"{sql} AND {s}", params + p
            return sql, params
        q = self.tsquery(node)
        if q is not None:
            return "tsv @@ %s::tsquery", [q]
        if isinstance(node, All):
            return "TRUE", []
        if isinstance(node, Nothing):
            return "FALSE", []
        if isinstance(node, FieldFilter):
            return self.filter(node)
        if isinstance(node, Not):
            s, p = self.where(node.item)
            return f"NOT ({s})", p
        if isinstance(node, And | Or):
            parts = [self.where(x) for x in node.items]
            joiner = " AND " if isinstance(node, And) else " OR "
            return "(" + joiner.join(s for s, _p in parts) + ")", [v for _s, p in parts for v in p]
        raise TypeError(node)

    def filter(self, node: FieldFilter) -> tuple[str, list]:
        if node.field == "doc_date":
            low = node.low if node.low is not None else 0
            high = node.high if node.high is not None else 99991231
            return "(doc_date IS NOT NULL AND doc_date BETWEEN %s AND %s)", [low, high]
        if node.field in ("document_id", "page"):
            return f"({node.field} = %s)", [int(node.value)]
        column = _KEYWORD_COLUMNS[node.field]
        return f"({column} IS NOT NULL AND {column} = %s)", [node.value]

    # ranking

    def rank(self, node: Node) -> tuple[str | None, list[tuple[float, str]]]:
        """(the tsquery that picks the candidates, the weighted tsqueries whose ranks sum to the
        score of each candidate). Ranking every match would read every matching page's tsvector;
        the candidates are the best by one rank (RUM orders them from its index), and only they
        get the full score."""
        terms: list[tuple[float, str]] = []  # (weight, tsquery) summed into the score
        if isinstance(node, Loose):
            # candidates by the rarer half of the words (the common ones would pick long pages);
            # PostgresIndex._bm25 scores them
            weighted = sorted(_content(node), key=lambda t: -self.index._idf(t.folded))
            if self.index.count() > PROXIMITY_ALWAYS:  # a small index: every page with a content word
                weighted = weighted[: max(3, (len(weighted) + 1) // 2)]
            return "(" + " | ".join(self.leaf(t) for t in weighted) + ")", []
        positive = self.positive(node)
        if not positive:
            return None, []
        terms.append((1.0, positive))
        pick = self.positive(node, exact_phrases=False)  # one positional match per page to order by
        exact = sorted({_quote("=" + t.text) for t in _positive_terms(node)})
        if exact:  # the query's own diacritics on the page rank it above a folded-only match
            terms.append((1.0, "(" + " | ".join(exact) + ")"))
        if isinstance(node, And):
            terms += [(PROXIMITY_BOOST, self.leaf(p)) for p in node.pairs]
            terms += [(WORD_BOOST, self.leaf(w)) for w in node.words]
        return pick, terms

    def positive(self, node: Node, exact_phrases: bool = True) -> str | None:
        """The tsquery of what a page is ranked for: the text leaves, without negations and filters.
        A phrase matched with the query's own diacritics ranks above its folded match."""
        if isinstance(node, Phrase) and exact_phrases:
            exact = " <-> ".join(_quote("=" + w.text) for w in node.words)
            return f"({self.leaf(node)} | ({exact}))"
        if isinstance(node, Term | Phrase | Prefix):
            return self.leaf(node)
        if isinstance(node, And | Or):
            parts = [p for p in (self.positive(x, exact_phrases) for x in node.items) if p]
            if not parts:
                return None
            return parts[0] if len(parts) == 1 else "(" + (" & " if isinstance(node, And) else " | ").join(parts) + ")"
        return None


def _positive_terms(node: Node) -> list[Term]:
    if isinstance(node, Term):
        return [] if node.identifier else [node]
    if isinstance(node, And | Or):
        return [t for x in node.items for t in _positive_terms(x)]
    return []


def _content(node: Loose) -> list[Term]:
    """A loose query's words that can make a page a candidate: a page of function words alone
    never holds min_match of the content words, so they are left out of the match."""
    content = [t for t in node.items if t.text not in common_words()]
    return list(dict.fromkeys(content or node.items))


def _scope(scope: Scope) -> tuple[str, list]:
    """Visible pages: unrestricted ones of the user's units, and restricted ones of the user's
    assigned cases (or every restricted one for a system caller)."""
    if scope.units is None and scope.all_restricted:
        return "", []
    open_sql, params = "(NOT restricted", []
    if scope.units is not None:
        open_sql += " AND unit = ANY(%s)"
        params.append(sorted(scope.units))
    open_sql += ")"
    if scope.all_restricted:
        return f"({open_sql} OR restricted)", params
    if scope.restricted_cases:
        return f"({open_sql} OR (restricted AND case_code = ANY(%s)))", params + [sorted(scope.restricted_cases)]
    return open_sql, params
