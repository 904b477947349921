"""Search latency as the API answers it, at a province's scale: `GET /api/search` through the app
(a signed-in prosecutor of the provincial procuracy: records check, boxes on the page image, unit
names and case titles, the access record), beside the index alone on the same requests.

    .venv/bin/python bench/api_search_bench.py --pages 300000 --home /var/tmp/hoso-api-bench

The archive is made of bench/search_bench.py's synthetic case-file pages (310 words each, with word
boxes), written straight into the records (SQLite) and indexed with the default backend; with
`--home` it is kept and reused by the next run. Prints p50/p95 per query class and overall.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from archive.core import Archive  # noqa: E402
from archive.records.models import Case, Document, Page, Unit, User  # noqa: E402
from archive.runtime.settings import Settings  # noqa: E402
from archive.trust.access import visibility  # noqa: E402
from archive.trust.accounts import create_token  # noqa: E402
from bench.search_bench import QUERIES, UNITS, make_pages, pct  # noqa: E402
from search import SearchRequest, recreate_index  # noqa: E402
from web.app import create_app  # noqa: E402

BUILT = "api-bench-built"
LINE_WORDS = 12


def word_boxes(text: str) -> list[list]:
    """OCR-like words with boxes: lines of text laid out on an A4 page at 150 dpi."""
    out, y = [], 80
    for line in text.split("\n"):
        words = line.split()
        for start in range(0, len(words), LINE_WORDS):
            x = 90
            for word in words[start : start + LINE_WORDS]:
                w = 14 * len(word)
                out.append([word, [x, y, w, 28]])
                x += w + 12
            y += 36
    return out


def build(home: Path, size: int) -> None:
    settings = Settings(home=home, workers=1)
    pages = make_pages(size)
    print(f"writing {size} pages into the records at {home} ...", flush=True)
    # The index first, from the same entries the records will hold: the archive then opens it as is.
    ix = recreate_index(settings.search_location(settings.resolved_search_backend), settings.resolved_search_backend)
    for i in range(0, len(pages), 5000):
        ix.add(pages[i : i + 5000])
    ix.finish_bulk()
    ix.close()
    archive = Archive(settings)
    with archive.transaction() as session:
        province = Unit(code="P", name="Viện kiểm sát nhân dân tỉnh Bình Dương", level="provincial")
        session.add(province)
        session.flush()
        units = {
            code: Unit(
                code=code, name=f"Viện kiểm sát nhân dân huyện số {code[-2:]}", level="district", parent_id=province.id
            )
            for code in UNITS
        }
        session.add_all(units.values())
        session.flush()
        cases = {}
        for p in pages:
            if p.case not in cases:
                cases[p.case] = Case(
                    code=p.case,
                    unit_id=units[p.unit].id,
                    kind=p.case_kind,
                    title=f"Vụ án {p.case}",
                    restricted=p.restricted,
                )
        session.add_all(cases.values())
        user = User(username="ksv", password_hash="-", role="prosecutor", unit_id=province.id)
        session.add(user)
        session.flush()
        case_ids = {code: c.id for code, c in cases.items()}
        unit_ids = {code: u.id for code, u in units.items()}
    documents: dict[int, dict] = {}
    for p in pages:
        d = documents.setdefault(
            p.document_id,
            {
                "id": p.document_id,
                "sha256": f"{p.document_id:064x}",
                "filename": p.filename,
                "media_type": "application/pdf",
                "size": 1,
                "status": "done",
                "page_count": 0,
                "pages_done": 0,
                "unit_id": unit_ids[p.unit],
                "case_id": case_ids[p.case],
                "doc_type": p.doc_type,
                "doc_date": p.doc_date,
            },
        )
        d["page_count"] += 1
        d["pages_done"] += 1
    with archive.engine.begin() as conn:
        rows = list(documents.values())
        for i in range(0, len(rows), 5000):
            conn.execute(insert(Document), rows[i : i + 5000])
        for i in range(0, len(pages), 5000):
            conn.execute(
                insert(Page),
                [
                    {
                        "document_id": p.document_id,
                        "number": p.page,
                        "text": p.text,
                        "words": word_boxes(p.text),
                        "width": 1240,
                        "height": 1754,
                        "dpi": 150,
                    }
                    for p in pages[i : i + 5000]
                ],
            )
    archive.close()
    (home / BUILT).write_text(f"{size}\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=300_000)
    ap.add_argument("--home", default=None, help="keep the archive here and reuse it (default: a temporary folder)")
    ap.add_argument("--repeat", type=int, default=5, help="runs of the whole query set")
    args = ap.parse_args()
    home = Path(args.home) if args.home else Path(tempfile.mkdtemp(prefix="api-bench-"))
    home.mkdir(parents=True, exist_ok=True)
    built = home / BUILT
    if not (built.exists() and built.read_text().strip() == str(args.pages)):
        build(home, args.pages)
    archive = Archive(Settings(home=home, workers=1))
    with archive.transaction() as session:
        user = session.query(User).filter_by(username="ksv").one()
        token = create_token(session, user, "bench")
    with archive.session() as session:
        scope = visibility(session, session.query(User).filter_by(username="ksv").one()).scope()
    api: dict[str, list[float]] = {}
    index: dict[str, list[float]] = {}
    # as served: the app's start-up (and its memory settings) runs, and its end closes the archive
    with TestClient(create_app(archive), headers={"Authorization": f"Bearer {token}"}) as client:
        for round_ in range(args.repeat + 1):  # the first round warms caches and is not counted
            for qclass, q, filters in QUERIES:
                params = {"q": q, **{k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in filters.items()}}
                t = time.perf_counter()
                response = client.get("/api/search?" + urlencode(params))
                elapsed = (time.perf_counter() - t) * 1000
                assert response.status_code == 200, response.text
                t = time.perf_counter()
                archive.search.search(SearchRequest(q, scope=scope, **filters))
                alone = (time.perf_counter() - t) * 1000
                if round_:
                    api.setdefault(qclass, []).append(elapsed)
                    index.setdefault(qclass, []).append(alone)
    print(f"\n{args.pages} pages, {args.repeat} rounds of {len(QUERIES)} queries, a prosecutor of the province")
    print(f"{'class':<14} {'API p50/p95 ms':>16} {'index alone p50/p95 ms':>24}")
    for qclass in api:
        a, i = api[qclass], index[qclass]
        print(f"{qclass:<14} {pct(a, 0.5):>7.1f}/{pct(a, 0.95):<8.1f} {pct(i, 0.5):>14.1f}/{pct(i, 0.95):<8.1f}")
    every_a = [x for v in api.values() for x in v]
    every_i = [x for v in index.values() for x in v]
    print(
        f"{'all':<14} {pct(every_a, 0.5):>7.1f}/{pct(every_a, 0.95):<8.1f} "
        f"{pct(every_i, 0.5):>14.1f}/{pct(every_i, 0.95):<8.1f}"
    )
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
