"""Digitisation report benchmark: 63 provinces × 10 units (8 regional, 2 dissolved districts mapped to their
successors) under a national root, 1M cases with hearings, documents (each processed upload split into the
documents it holds, as the pipeline does) and page rows, bulk-loaded into SQLite and PostgreSQL; then times the
full report (every indicator, the root with every province and unit under it), one province's report and each
province's report in turn, against a reference measured in the same run: raw `SELECT COUNT(*)` queries with the
three denominators' filters over the same tables.

    .venv/bin/python bench/report_bench.py                          # 1M cases, SQLite and PostgreSQL
    .venv/bin/python bench/report_bench.py --cases 100000 --backends sqlite
    .venv/bin/python bench/report_bench.py --without-indexes        # drop the statistics indexes first (to compare)
    .venv/bin/python bench/report_bench.py --each-province          # also every province's report in turn
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text  # noqa: E402

from archive.core import Archive  # noqa: E402
from archive.runtime.settings import Settings  # noqa: E402
from archive.statistics.periods import statistical_year  # noqa: E402
from archive.statistics.report import build_report  # noqa: E402

PG_URL = os.environ.get("HOSO_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SCHEMA = "hoso_report_bench"
KINDS = ["HS"] * 45 + ["DS"] * 25 + ["HC"] * 5 + ["KDTM"] * 10 + ["LĐ"] * 5 + ["HNGĐ"] * 10
TYPES = ["cao_trang", "kl_dieu_tra", "bb_hoi_cung", "ban_an", "don_khoi_kien", "bb_hoa_giai", None]
FIRST_DAY = dt.date(2020, 12, 1)
DAYS = (dt.date(2025, 11, 30) - FIRST_DAY).days
STAMP = "2024-01-01 00:00:00.000000"
STATISTICS_INDEXES = (
    "ix_cases_kind_trial_on",
    "ix_cases_kind_registered_on",
    "ix_cases_corruption_registered_on",
    "ix_documents_status_case_id",
    "ix_documents_status_processed_at",
    "ix_hearings_case_id_held_on",
    "ix_presentations_hearing_id",
    "ix_document_parts_document_id_doc_type",
    "ix_documents_done_case_id",
)

CASE_COLUMNS = (
    "id",
    "code",
    "unit_id",
    "kind",
    "title",
    "registered_on",
    "trial_on",
    "corruption",
    "folios",
    "restricted",
    "digitised_marked_at",
    "digitised_marked_by",
    "created_at",
)
DOCUMENT_COLUMNS = (
    "id",
    "sha256",
    "filename",
    "media_type",
    "size",
    "case_id",
    "unit_id",
    "status",
    "attempts",
    "page_count",
    "pages_done",
    "doc_type",
    "doc_type_confirmed",
    "needs_review",
    "created_at",
    "updated_at",
    "processed_at",
    "link_status",
)
PAGE_COLUMNS = (
    "id",
    "document_id",
    "number",
    "text",
    "words",
    "confidence",
    "rotation",
    "skew",
    "source",
    "steps",
    "width",
    "height",
    "dpi",
    "needs_review",
    "processed_at",
)
PART_COLUMNS = ("id", "document_id", "first_page", "last_page", "doc_type", "confirmed", "needs_review")
HEARING_COLUMNS = ("id", "case_id", "held_on", "digital_evidence", "source", "recorded_by", "recorded_at")
TABLES = ("cases", "documents", "pages", "hearings", "document_parts")
UNIT_COLUMNS = ("id", "code", "name", "level", "parent_id", "valid_from", "valid_to", "successor_id")


def make_units(provinces: int, per_province: int) -> list[tuple]:
    """Root, provinces, and per province `per_province` units: all regional but two dissolved districts."""
    rows = [(1, "TC", "VKSND tối cao", "supreme", None, None, None, None)]
    next_id = 2
    for p in range(1, provinces + 1):
        province = next_id
        rows.append((province, f"P{p:02d}", f"VKSND tỉnh {p:02d}", "provincial", 1, None, None, None))
        next_id += 1
        regional = per_province - 2
        first_regional = next_id
        for r in range(1, regional + 1):
            rows.append(
                (
                    next_id,
                    f"P{p:02d}-KV{r}",
                    f"VKSND khu vực {r} tỉnh {p:02d}",
                    "regional",
                    province,
                    "2025-07-01",
                    None,
                    None,
                )
            )
            next_id += 1
        for d in range(1, 3):
            rows.append(
                (
                    next_id,
                    f"P{p:02d}-H{d}",
                    f"VKSND huyện {d} tỉnh {p:02d}",
                    "district",
                    province,
                    None,
                    "2025-06-30",
                    first_regional + d - 1,
                )
            )
            next_id += 1
    return rows


def make_records(cases: int, unit_ids: list[int], seed: int):
    """(cases, documents, pages, hearings, document parts) rows; dates as ISO text, booleans as 0/1 (bound as-is on
    both). Parts come from a generator of their own, so the other rows are those of earlier versions of this script.
    """
    rnd = random.Random(seed)
    split = random.Random(seed + 1)
    case_rows, doc_rows, page_rows, hearing_rows, part_rows = [], [], [], [], []
    doc_id = page_id = hearing_id = part_id = 0
    for case_id in range(1, cases + 1):
        kind = rnd.choice(KINDS)
        registered = FIRST_DAY + dt.timedelta(days=rnd.randrange(DAYS))
        trial = None
        if kind == "HS" and rnd.random() < 0.7:
            trial = registered + dt.timedelta(days=rnd.randrange(30, 400))
        corruption = kind == "HS" and rnd.random() < 0.03
        folios = rnd.randrange(1, 7)
        marked = rnd.random() < 0.05
        case_rows.append(
            (
                case_id,
                f"V{case_id:07d}",
                rnd.choice(unit_ids),
                kind,
                "",
                registered.isoformat(),
                trial.isoformat() if trial else None,
                int(corruption),
                folios,
                0,
                STAMP if marked else None,
                "Cán bộ số hóa" if marked else None,
                STAMP,
            )
        )
        if rnd.random() < 0.4:
            doc_id += 1
            pages = folios if rnd.random() < 0.7 else rnd.randrange(0, folios)
            status = "done" if rnd.random() < 0.93 else rnd.choice(("queued", "processing", "failed"))
            processed = registered + dt.timedelta(days=rnd.randrange(0, 200))
            done = status == "done"
            doc_rows.append(
                (
                    doc_id,
                    f"{doc_id:064x}",
                    f"scan-{doc_id}.pdf",
                    "application/pdf",
                    1000,
                    case_id,
                    None,
                    status,
                    1,
                    pages,
                    pages if done else 0,
                    rnd.choice(TYPES),
                    0,
                    0,
                    STAMP,
                    STAMP,
                    f"{processed.isoformat()} 03:00:00.000000" if done else None,
                    "manual",
                )
            )
            for number in range(1, pages + 1):
                page_id += 1
                page_rows.append((page_id, doc_id, number, "", "[]", 0.9, 0, 0.0, "ocr", "[]", 0, 0, 300, 0, STAMP))
            if done:
                # One part per upload; a whole case file scanned at once holds several (the first gives the
                # upload its type).
                starts = [1]
                if pages > 1 and split.random() < 0.25:
                    starts += sorted(split.sample(range(2, pages + 1), split.randrange(1, pages)))
                ends = [s - 1 for s in starts[1:]] + [max(1, pages)]
                for index, (first, last) in enumerate(zip(starts, ends, strict=True)):
                    part_id += 1
                    part_type = doc_rows[-1][11] if index == 0 else split.choice(TYPES)
                    part_rows.append((part_id, doc_id, first, last, part_type, 0, 0))
        if trial is not None:
            for offset in range(rnd.randrange(0, 3)):
                hearing_id += 1
                held = trial + dt.timedelta(days=offset * 7)
                hearing_rows.append(
                    (hearing_id, case_id, held.isoformat(), int(rnd.random() < 0.4), "import", None, STAMP)
                )
    return case_rows, doc_rows, page_rows, hearing_rows, part_rows


def load_sqlite(path: Path, units, records) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA synchronous=OFF")
    with connection:
        for table, columns, rows in (
            ("units", UNIT_COLUMNS, units),
            *zip(
                TABLES,
                (CASE_COLUMNS, DOCUMENT_COLUMNS, PAGE_COLUMNS, HEARING_COLUMNS, PART_COLUMNS),
                records,
                strict=True,
            ),
        ):
            marks = ",".join("?" * len(columns))
            connection.executemany(f"INSERT INTO {table} ({','.join(columns)}) VALUES ({marks})", rows)
    connection.execute("ANALYZE")
    connection.close()


def load_postgres(archive: Archive, units, records) -> None:
    raw = archive.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(f"SET search_path TO {SCHEMA}")
        for table, columns, rows in (
            ("units", UNIT_COLUMNS, units),
            *zip(
                TABLES,
                (CASE_COLUMNS, DOCUMENT_COLUMNS, PAGE_COLUMNS, HEARING_COLUMNS, PART_COLUMNS),
                records,
                strict=True,
            ),
        ):
            booleans = {
                "corruption",
                "restricted",
                "doc_type_confirmed",
                "needs_review",
                "digital_evidence",
                "confirmed",
            }
            positions = [i for i, c in enumerate(columns) if c in booleans]
            with cursor.copy(f"COPY {table} ({','.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    if positions:
                        row = list(row)
                        for i in positions:
                            row[i] = bool(row[i])
                    copy.write_row(row)
        raw.commit()
    finally:
        raw.close()
    import psycopg

    # What autovacuum does on a live server: the visibility map (index-only scans) and statistics.
    plain = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True, options=f"-csearch_path={SCHEMA}") as connection:
        connection.execute("VACUUM ANALYZE")


def drop_statistics_indexes(archive: Archive) -> None:
    with archive.engine.begin() as connection:
        for name in STATISTICS_INDEXES:
            connection.execute(text(f"DROP INDEX IF EXISTS {name}"))
        connection.execute(text("ANALYZE"))


def timed(fn, repeat: int) -> float:
    """Median seconds of `repeat` runs after one warm-up run."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def reference(archive: Archive, period) -> None:
    """The raw floor: count each indicator's denominator with the same filters, nothing else."""
    start, end = period.start.isoformat(), period.end.isoformat()
    if archive.engine.dialect.name == "postgresql":
        start, end = period.start, period.end
    with archive.engine.connect() as connection:
        for sql in (
            "SELECT COUNT(*) FROM cases WHERE kind = 'HS' AND trial_on BETWEEN :s AND :e",
            "SELECT COUNT(*) FROM cases WHERE kind IN ('DS','HC','KDTM','LĐ','HNGĐ') "
            "AND registered_on BETWEEN :s AND :e",
            "SELECT COUNT(*) FROM cases WHERE corruption = :t AND registered_on <= :e "
            "AND (trial_on IS NULL OR trial_on >= :s)",
        ):
            connection.execute(text(sql), {"s": start, "e": end, "t": True}).scalar()


class Results(list):
    """Measurements, each printed as it is taken (long runs show progress)."""

    def append(self, row) -> None:
        super().append(row)
        backend, label, seconds, ratio = row
        print(f"  {backend}: {label}: {seconds:.3f} s ({ratio})", flush=True)


def measure(
    name: str, archive: Archive, provinces: int, repeat: int, each_province: bool = False
) -> list[tuple[str, str, float, str]]:
    period = statistical_year(2024)
    rows = Results()
    ref = timed(lambda: reference(archive, period), repeat)
    rows.append((name, "tham chiếu: 3 × SELECT COUNT(*) (mẫu số, cùng bộ lọc)", ref, "—"))
    root = build_report(archive, period)
    covered = len(root["units"])
    t_root = timed(lambda: build_report(archive, period), repeat)
    rows.append((name, f"báo cáo toàn ngành, mọi chỉ tiêu, kèm {covered} đơn vị", t_root, f"{t_root / ref:.1f}×"))
    t_one = timed(lambda: build_report(archive, period, "P01"), repeat)
    rows.append((name, "báo cáo một tỉnh (P01) kèm đơn vị trực thuộc", t_one, f"{t_one / ref:.1f}×"))
    if each_province:
        codes = [f"P{p:02d}" for p in range(1, provinces + 1)]
        t_all = timed(lambda: [build_report(archive, period, code, with_units=False) for code in codes], 1)
        rows.append((name, f"{len(codes)} báo cáo tỉnh gọi lần lượt", t_all, f"{t_all / ref:.1f}×"))
    figures = {r["code"]: (r["numerator"], r["denominator"]) for r in root["indicators"]}
    print(f"  {name}: năm thống kê 2024, toàn ngành {figures}", flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--provinces", type=int, default=63)
    parser.add_argument("--units-per-province", type=int, default=10)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20231130)
    parser.add_argument("--each-province", action="store_true", help="also time every province's report in turn")
    parser.add_argument("--without-indexes", action="store_true", help="drop the statistics indexes before timing")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file and PostgreSQL schema")
    args = parser.parse_args()

    units = make_units(args.provinces, args.units_per_province)
    leaf_ids = [u[0] for u in units if u[3] in ("regional", "district")] + [u[0] for u in units if u[3] == "provincial"]
    started = time.perf_counter()
    records = make_records(args.cases, leaf_ids, args.seed)
    print(
        f"Sinh dữ liệu: {len(units)} đơn vị, {len(records[0])} vụ án, {len(records[1])} tài liệu "
        f"({len(records[4])} văn bản bên trong), {len(records[2])} trang, {len(records[3])} phiên tòa "
        f"({time.perf_counter() - started:.1f} s)",
        flush=True,
    )
    results = []
    home = Path(tempfile.mkdtemp(prefix="hoso-report-bench-"))
    try:
        if "sqlite" in args.backends:
            archive = Archive(Settings(home=home / "sqlite", workers=1))
            started = time.perf_counter()
            load_sqlite(home / "sqlite" / "hoso.db", units, records)
            print(f"  SQLite: nạp xong ({time.perf_counter() - started:.1f} s)", flush=True)
            if args.without_indexes:
                drop_statistics_indexes(archive)
            results += measure("SQLite", archive, args.provinces, args.repeat, args.each_province)
            archive.close()
        if "postgres" in args.backends:
            results += run_postgres(home, units, records, args)
    finally:
        if not args.keep:
            shutil.rmtree(home, ignore_errors=True)
        else:
            print(f"Giữ lại dữ liệu tại {home}")
    print()
    print(f"{'CSDL':<11} {'phép đo':<58} {'giây':>8} {'so với tham chiếu':>18}")
    for backend, label, seconds, ratio in results:
        print(f"{backend:<11} {label:<58} {seconds:>8.3f} {ratio:>18}")


def run_postgres(home: Path, units, records, args) -> list:
    import psycopg

    plain = PG_URL.replace("postgresql+psycopg://", "postgresql://")
    try:
        with psycopg.connect(plain, autocommit=True, connect_timeout=5) as connection:
            connection.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
            connection.execute(f"CREATE SCHEMA {SCHEMA}")
    except psycopg.OperationalError as exc:
        print(f"  PostgreSQL: bỏ qua, không kết nối được ({str(exc).strip().splitlines()[0]})")
        return []
    url = f"{PG_URL}?options=-csearch_path%3D{SCHEMA}"
    archive = Archive(Settings(home=home / "postgres", database_url=url, workers=1))
    try:
        started = time.perf_counter()
        load_postgres(archive, units, records)
        print(f"  PostgreSQL: nạp xong ({time.perf_counter() - started:.1f} s)", flush=True)
        if args.without_indexes:
            drop_statistics_indexes(archive)
        return measure("PostgreSQL", archive, args.provinces, args.repeat, args.each_province)
    finally:
        archive.close()
        if not args.keep:
            with psycopg.connect(plain, autocommit=True) as connection:
                connection.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")


if __name__ == "__main__":
    main()
