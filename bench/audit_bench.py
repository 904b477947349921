"""What the audit trail costs: search and page-image latency through the app, with every access recorded
and, in the same run, alternating with the same app whose access rows are not written (the reference).

    .venv/bin/python bench/audit_bench.py [--pages 5000] [--requests 300] [--rounds 3] [--postgres ADMIN_URL]

Each request is sent both ways, in a random order (real ASGI requests through FastAPI's test client, a
signed-in prosecutor, SQLite by default). Prints p50/p95 per request kind and the ratio.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fastapi.testclient import TestClient  # noqa: E402
from PIL import Image  # noqa: E402

from archive.core import Archive  # noqa: E402
from archive.records.models import Case, Document, Page, Unit, User  # noqa: E402
from archive.runtime.settings import Settings  # noqa: E402
from archive.trust.accounts import create_token  # noqa: E402
from web import access_audit  # noqa: E402
from web.app import create_app  # noqa: E402

WORDS = (
    "bị can",
    "quyết định",
    "khởi tố",
    "điều tra",
    "tài sản",
    "trộm cắp",
    "lừa đảo",
    "viện kiểm sát",
    "bản án",
    "phiên tòa",
    "kiểm sát viên",
    "tạm giam",
    "chứng cứ",
    "biên bản",
    "lời khai",
    "nhân chứng",
)
QUERIES = ("bi can", "quyet dinh khoi to", '"tài sản"', "lua dao", "tam giam", "bien ban loi khai", "chung cu")


def build(home: Path, pages: int, database_url: str | None) -> tuple[Archive, str, list[tuple[int, int]]]:
    archive = Archive(Settings(home=home, database_url=database_url, workers=1))
    rng = random.Random(7)
    buffer = Path(tempfile.mkstemp(suffix=".jpg")[1])
    Image.new("RGB", (1240, 1754), "white").save(buffer, "JPEG", quality=80)
    image = buffer.read_bytes()
    targets = []
    with archive.transaction() as session:
        unit = Unit(code="P", name="VKSND tỉnh Phú Thọ", level="provincial")
        session.add(unit)
        session.flush()
        cases = [Case(code=f"HS-{n}", unit_id=unit.id, kind="HS", title=f"Vụ án {n}") for n in range(50)]
        session.add_all(cases)
        user = User(username="ksv", password_hash="-", role="prosecutor", unit_id=unit.id)
        session.add(user)
        session.flush()
        token = create_token(session, user, "bench")
        for n in range(pages // 5):
            document = Document(
                sha256=f"{n:064x}",
                filename=f"scan-{n}.pdf",
                media_type="application/pdf",
                size=1,
                status="done",
                page_count=5,
                pages_done=5,
                unit_id=unit.id,
                case_id=rng.choice(cases).id,
                doc_type="cao_trang",
            )
            session.add(document)
            session.flush()
            for number in range(1, 6):
                text = " ".join(rng.choice(WORDS) for _ in range(80))
                session.add(Page(document_id=document.id, number=number, text=text, width=1240, height=1754))
                if len(targets) < 200:
                    archive.blobs.write_page_image(document.sha256, number, image)
                    targets.append((document.id, number))
    archive.outbox.drain()
    return archive, token, targets


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def timed(client: TestClient, path: str) -> float:
    start = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, response.text
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--postgres",
        default=None,
        metavar="ADMIN_URL",
        help="run on a new PostgreSQL database made (and dropped) through this server, e.g. "
        "postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
    )
    args = parser.parse_args()
    args.database_url = None
    admin = None
    if args.postgres:
        from sqlalchemy import create_engine

        admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
        name = f"hoso_audit_bench_{random.randrange(1 << 30)}"
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        args.database_url = args.postgres.rsplit("/", 1)[0] + f"/{name}"
    try:
        measure(args)
    finally:
        if admin is not None:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def measure(args) -> None:
    with tempfile.TemporaryDirectory() as home:
        archive, token, targets = build(Path(home), args.pages, args.database_url)
        audited = TestClient(create_app(archive), headers={"Authorization": f"Bearer {token}"})
        write = access_audit.write_access_row
        rng = random.Random(11)
        kinds = {
            "search": [f"/api/search?q={rng.choice(QUERIES)}" for _ in range(args.requests)],
            "page image": [
                f"/api/documents/{d}/pages/{p}/image" for d, p in (rng.choice(targets) for _ in range(args.requests))
            ],
        }
        results = {kind: {"audited": [], "reference": []} for kind in kinds}
        modes = {"audited": write, "reference": lambda *_args: None}  # the reference records nothing
        for _ in range(args.rounds):
            for kind, requests in kinds.items():
                for path in requests:  # each request both ways, in a random order: caches favour neither
                    for mode in rng.sample(list(modes), 2):
                        access_audit.write_access_row = modes[mode]
                        results[kind][mode].append(timed(audited, path))
        access_audit.write_access_row = write
        with archive.session() as session:
            from archive.trust.audit import verify

            chain = verify(session)
        archive.close()
    print(
        f"{args.pages} pages, {args.requests} requests per kind and round, {args.rounds} rounds "
        f"({'PostgreSQL' if args.database_url else 'SQLite'}); audit chain: {chain.rows} rows, "
        f"{'intact' if chain.ok else 'BROKEN'}"
    )
    print(
        f"{'request':<12} {'audited p50':>12} {'p95':>8} {'reference p50':>14} {'p95':>8} {'p50 ratio':>10} "
        f"{'p95 ratio':>10}"
    )
    for kind, data in results.items():
        a50, a95 = percentile(data["audited"], 50), percentile(data["audited"], 95)
        r50, r95 = percentile(data["reference"], 50), percentile(data["reference"], 95)
        print(
            f"{kind:<12} {a50:>10.2f}ms {a95:>6.2f}ms {r50:>12.2f}ms {r95:>6.2f}ms {a50 / r50:>9.2f}× "
            f"{a95 / r95:>9.2f}×"
        )


if __name__ == "__main__":
    main()
