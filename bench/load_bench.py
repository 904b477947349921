"""Load on real app servers over loopback: simulated prosecutors search, open page images and now and
then download an exhibit bundle, with a think time, while staff upload scans that the OCR workers read.

    .venv/bin/python bench/load_bench.py --duration 60
    .venv/bin/python bench/load_bench.py --postgres postgresql+psycopg://postgres@127.0.0.1/hoso_load \\
        --redis redis://127.0.0.1:6379/13 --servers 1,2

Each `hoso serve` runs as its own process on its own port (18100, 18101, …); with one machine's settings they
share one HOSO_HOME and its SQLite database, with --postgres/--redis they share PostgreSQL and Redis (and still
one HOSO_HOME here, for the originals and the signing key). The first server runs the OCR workers
(`--ocr-workers` Tesseract processes); the others serve requests only. The archive is the demo's
(`python -m archive.cli demo load sample_files/files [--cases N]`, accounts with HOSO_DEMO_PASSWORD), read once
and kept in --home for the next run.

Per server count it prints, for a phase of --users users with a think time of 3–7 s (about users/5
requests a second offered) and --staff staff uploading: throughput, p50/p95/p99 per request kind, errors,
uploads processed; then the saturation point without think time: users ramped until p95 > 1 s or
throughput stops rising. The load generator runs on the same cores as the servers.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_files" / "files"
PASSWORD = "Kiemsat@2026!"
PROSECUTOR, STAFF = "kiemsatvien", "canbo"
BASE_PORT = 18100
READY = "load-bench-ready"

# What prosecutors look for: legal terms and phrases of case files, some typed without accents.
QUERIES = [
    "bị can",
    "bi can",
    "khởi tố vụ án",
    "khoi to bi can",
    "quyết định phê chuẩn",
    "cáo trạng",
    "kết luận điều tra",
    "lệnh bắt bị can để tạm giam",
    "tạm giam",
    "trộm cắp tài sản",
    "lừa đảo chiếm đoạt tài sản",
    "Bộ luật Hình sự",
    "Điều 173",
    "viện kiểm sát nhân dân",
    "cơ quan cảnh sát điều tra",
    "người làm chứng",
    "vật chứng",
    "bị hại",
    "thỏa thuận",
    "công nhận sự thỏa thuận",
    "truy tố",
    "khám xét",
    '"quyết định khởi tố"',
    "điều tra viên",
    "tang vật",
]


# -- the archive --------------------------------------------------------------------------------------


def server_env(home: Path, postgres: str | None, redis: str | None, ocr_workers: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOSO_")}
    env.update(
        HOSO_HOME=str(home),
        HOSO_DEMO_PASSWORD=PASSWORD,
        HOSO_WORKERS=str(ocr_workers),
        HOSO_JOB_THREADS="1",
        PYTHONPATH=str(ROOT),
    )
    if postgres:
        env["HOSO_DATABASE_URL"] = postgres
    if redis:
        env["HOSO_QUEUE_URL"] = redis
    return env


def prepare(home: Path, env: dict[str, str], cases: int) -> None:
    """The demo archive, every scan read: loaded once, then reused."""
    marker = home / READY
    wanted = f"{cases} {env.get('HOSO_DATABASE_URL', 'sqlite')}"
    if marker.exists() and marker.read_text() == wanted:
        return
    print(f"loading the demo archive into {home} (cases: {cases}) ...", flush=True)
    started = time.monotonic()
    command = [sys.executable, "-m", "archive.cli", "demo", "load", str(SAMPLES)]
    subprocess.run(command + (["--cases", str(cases), "--pages", "3"] if cases else []), env=env, check=True)
    # The committed samples are only queued by `demo load`: read them here, as `hoso ingest --wait` would.
    script = (
        "from archive.core import Archive\n"
        "from archive.records.models import Document\n"
        "from archive.runtime.jobs import process_now\n"
        "a = Archive()\n"
        "with a.session() as s:\n"
        "    ids = [d.id for d in s.query(Document).filter(Document.status.in_(('queued', 'processing')))]\n"
        "process_now(a, ids)\n"
        "a.outbox.drain()\n"
        "a.close()\n"
    )
    subprocess.run([sys.executable, "-c", script], env=env, check=True)
    marker.write_text(wanted)
    print(f"  ready in {time.monotonic() - started:.0f} s", flush=True)


@dataclass
class Servers:
    processes: list[subprocess.Popen]
    urls: list[str]

    def stop(self) -> None:
        for p in self.processes:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in self.processes:
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def start_servers(count: int, env: dict[str, str], logs: Path, processes: int | None) -> Servers:
    logs.mkdir(parents=True, exist_ok=True)
    procs, urls = [], []
    for i in range(count):
        port = BASE_PORT + i
        command = [sys.executable, "-m", "archive.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
        if i:
            command.append("--no-workers")  # the first server reads the uploads
        if processes:
            command += ["--processes", str(processes)]
        log = open(logs / f"serve-{port}.log", "wb")  # noqa: SIM115 - open for the server's life
        procs.append(subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT))
        urls.append(f"http://127.0.0.1:{port}")
    servers = Servers(procs, urls)
    deadline = time.monotonic() + 120
    for url, proc in zip(urls, procs, strict=True):
        while True:
            if proc.poll() is not None:
                servers.stop()
                raise SystemExit(f"server {url} ended with {proc.returncode}; see {logs}")
            try:
                if httpx.get(url + "/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                servers.stop()
                raise SystemExit(f"server {url} did not answer in 120 s; see {logs}")
            time.sleep(0.5)
    return servers


# -- measuring ----------------------------------------------------------------------------------------


@dataclass
class Stats:
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    samples: list[str] = field(default_factory=list)
    uploads: list[int] = field(default_factory=list)
    recording: bool = True

    def add(self, kind: str, seconds: float, ok: bool, what: str = "") -> None:
        if not self.recording:
            return
        self.times.setdefault(kind, []).append(seconds)
        if not ok:
            self.errors[kind] = self.errors.get(kind, 0) + 1
            if len(self.samples) < 5:
                self.samples.append(f"{kind}: {what}"[:200])

    def count(self, kinds: tuple[str, ...] | None = None) -> int:
        return sum(len(v) for k, v in self.times.items() if kinds is None or k in kinds)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Balancer:
    """Round robin over the app servers, request by request, as nginx does (cookies ignore the port)."""

    def __init__(self, urls: list[str]):
        self.urls = urls
        self.turn = 0

    def url(self, path: str) -> str:
        self.turn = (self.turn + 1) % len(self.urls)
        return self.urls[self.turn] + path


async def timed(stats: Stats, kind: str, request, ok_codes=(200,)) -> httpx.Response | None:
    """Awaits `request` (a coroutine giving a response), timing it and counting a failure as an error."""
    started = time.perf_counter()
    try:
        response = await request
    except httpx.HTTPError as exc:
        stats.add(kind, time.perf_counter() - started, False, f"{type(exc).__name__}: {exc}")
        return None
    stats.add(
        kind, time.perf_counter() - started, response.status_code in ok_codes, f"{response.status_code} {response.text}"
    )
    return response if response.status_code in ok_codes else None


async def sign_in(client: httpx.AsyncClient, lb: Balancer, stats: Stats, username: str) -> str | None:
    """The login form, its pre-session CSRF, the post; returns the session's CSRF token (for uploads)."""

    async def go():
        form = await client.get(lb.url("/login"))
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
        return await client.post(
            lb.url("/login"),
            data={"username": username, "password": PASSWORD, "csrf_token": token, "next": "/"},
        )

    answer = await timed(stats, "login", go(), ok_codes=(303,))
    if answer is None:
        return None
    return await session_csrf(client, lb)


async def session_csrf(client: httpx.AsyncClient, lb: Balancer) -> str:
    """The signed-in session's CSRF token, from the page one lands on (its meta tag)."""
    home = await client.get(lb.url("/"), follow_redirects=True)
    found = re.search(r'<meta name="csrf-token" content="([^"]*)"', home.text)
    return found.group(1) if found else ""


@dataclass
class Shared:
    pages: list[tuple[int, int]]
    bundle_url: str | None


async def prosecutor(
    client,
    lb: Balancer,
    stats: Stats,
    shared: Shared,
    until: float,
    think: tuple[float, float],
    rng: random.Random,
    bundles: float = 0.0,
):
    """Searches (55%), opens a page image of the last hits (45% less the bundles), downloads the exhibit bundle
    (`bundles`: its share of requests)."""
    hits: list[tuple[int, int]] = []
    while time.monotonic() < until:
        roll = rng.random()
        if roll < bundles and shared.bundle_url:
            await timed(stats, "bundle", client.get(lb.url(shared.bundle_url)))
        elif roll < 0.45 and (hits or shared.pages):
            document_id, page = rng.choice(hits or shared.pages)
            await timed(stats, "page", client.get(lb.url(f"/api/documents/{document_id}/pages/{page}/image")))
        else:
            q = rng.choice(QUERIES)
            response = await timed(stats, "search", client.get(lb.url("/api/search"), params={"q": q}))
            if response is not None:
                hits = [(h["document_id"], h["page"]) for h in response.json()["hits"]] or hits
        if think[1]:
            await asyncio.sleep(min(rng.uniform(*think), max(0.0, until - time.monotonic())))


def unique_scans(count: int) -> list[tuple[str, bytes, str]]:
    """Sample scans with a few pixels changed each, so that every upload is new (not a duplicate) and read."""
    from PIL import Image

    sources = sorted(p for p in SAMPLES.iterdir() if p.suffix.lower() in (".png", ".jpg"))
    rng = random.Random(os.urandom(8))  # not the run's seed: a scan of an earlier run would be a duplicate
    scans = []
    for i in range(count):
        path = sources[i % len(sources)]
        with Image.open(path) as image:
            image = image.convert("RGB") if image.mode not in ("RGB", "L") else image.copy()
        for _ in range(12):
            image.putpixel((rng.randrange(8, 40), rng.randrange(8, 40)), (200,) * len(image.getbands()))
        buffer = io.BytesIO()
        jpeg = path.suffix.lower() == ".jpg"
        image.save(buffer, "JPEG" if jpeg else "PNG", quality=90)
        scans.append((f"tai-len-{i:03d}-{path.name}", buffer.getvalue(), "image/jpeg" if jpeg else "image/png"))
    return scans


async def clerk(client, lb, stats: Stats, csrf: str, scans: list, until: float, every: float, rng: random.Random):
    await asyncio.sleep(rng.uniform(0, every))
    while time.monotonic() < until and scans:
        name, body, media_type = scans.pop()

        send = client.post(
            lb.url("/api/documents"), files={"files": (name, body, media_type)}, headers={"X-CSRF-Token": csrf}
        )
        response = await timed(stats, "upload", send)
        if response is not None:
            stats.uploads += [d["id"] for d in response.json()["documents"] if not d.get("duplicate")]
        await asyncio.sleep(min(rng.uniform(0.5 * every, 1.5 * every), max(0.0, until - time.monotonic())))


async def wait_processed(client, lb, ids: list[int], limit: float) -> tuple[int, int, float]:
    """Documents done and failed once none of `ids` is waiting any more (or after `limit` seconds)."""
    started = time.monotonic()
    statuses: dict[int, str] = {}
    while ids:
        for i in range(0, len(ids), 100):
            chunk = ids[i : i + 100]
            answer = await client.get(lb.url("/api/documents"), params={"ids": ",".join(map(str, chunk)), "limit": 500})
            statuses.update({d["id"]: d["status"] for d in answer.json()["documents"]})
        if all(statuses.get(i) in ("done", "failed") for i in ids) or time.monotonic() - started > limit:
            break
        await asyncio.sleep(1)
    done = sum(statuses.get(i) == "done" for i in ids)
    failed = sum(statuses.get(i) == "failed" for i in ids)
    return done, failed, time.monotonic() - started


async def shared_targets(client, lb) -> Shared:
    """Pages to open when a search found nothing, and an exhibit set to download (made if there is none)."""
    pages: list[tuple[int, int]] = []
    cases: dict[str, list[tuple[int, int]]] = {}
    for q in QUERIES[:10]:
        answer = (await client.get(lb.url("/api/search"), params={"q": q, "limit": 50})).json()
        for hit in answer["hits"]:
            pages.append((hit["document_id"], hit["page"]))
            if hit.get("case"):
                cases.setdefault(hit["case"], []).append((hit["document_id"], hit["page"]))
    sets = (await client.get(lb.url("/api/exhibit-sets"))).json()["sets"]
    set_id = next((s["id"] for s in sets if s["items"]), None)
    if set_id is None and cases:
        headers = {"X-CSRF-Token": await session_csrf(client, lb)}
        case, items = max(cases.items(), key=lambda kv: len(kv[1]))
        made = await client.post(
            lb.url("/api/exhibit-sets"), json={"case": case, "title": "Chứng cứ phiên tòa"}, headers=headers
        )
        set_id = made.json()["id"]
        for document_id, page in list(dict.fromkeys(items))[:4]:
            await client.post(
                lb.url(f"/api/exhibit-sets/{set_id}/items"),
                json={"document_id": document_id, "page": page},
                headers=headers,
            )
    return Shared(sorted(set(pages)), f"/api/exhibit-sets/{set_id}/bundle.pdf" if set_id else None)


def client(cookies: httpx.Cookies | None = None) -> httpx.AsyncClient:
    # idle connections dropped after 4 s, before uvicorn drops them (5 s): a request sent on a connection the
    # server is closing fails with "Server disconnected", where a browser would quietly send it again
    limits = httpx.Limits(max_connections=4, max_keepalive_connections=4, keepalive_expiry=4)
    return httpx.AsyncClient(timeout=60, limits=limits, cookies=cookies)


THINK = (3.0, 7.0)


async def think_phase(urls: list[str], args, rng: random.Random) -> tuple[Stats, tuple[int, int, float], float]:
    """Every user signs in (all at once: the sign-ins are timed, not counted in the throughput), then each
    starts within the first think time, not all in one second, and works until the end; staff upload."""
    lb = Balancer(urls)
    stats = Stats()
    clients = [client() for _ in range(args.users + args.staff)]
    try:
        async with client() as setup:
            await sign_in(setup, lb, Stats(), PROSECUTOR)
            shared = await shared_targets(setup, lb)
        logins = [sign_in(c, lb, stats, PROSECUTOR) for c in clients[: args.users]]
        logins += [sign_in(c, lb, stats, STAFF) for c in clients[args.users :]]
        tokens = await asyncio.gather(*logins)
        scans = unique_scans(max(1, int(args.staff * args.duration / args.upload_every) + args.staff))
        started = time.monotonic()
        until = started + args.duration

        async def prosecutor_user(c, user_rng: random.Random) -> None:
            await asyncio.sleep(user_rng.uniform(0, THINK[1]))
            await prosecutor(c, lb, stats, shared, until, THINK, user_rng, bundles=args.bundle_share)

        tasks = [
            prosecutor_user(c, random.Random(rng.random()))
            for c, token in zip(clients[: args.users], tokens[: args.users], strict=True)
            if token is not None
        ]
        tasks += [
            clerk(c, lb, stats, token, scans, until, args.upload_every, random.Random(rng.random()))
            for c, token in zip(clients[args.users :], tokens[args.users :], strict=True)
            if token is not None
        ]
        await asyncio.gather(*tasks)
        elapsed = time.monotonic() - started
        processed = await wait_processed(clients[-1], lb, stats.uploads, args.drain_seconds)
        return stats, processed, elapsed
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))


async def saturation(urls: list[str], args, rng: random.Random) -> list[tuple[int, float, float, int]]:
    """(users, requests/s, p95 s, errors) per step, users ramped without think time."""
    lb = Balancer(urls)
    steps = [n for n in (2, 5, 10, 20, 40, 60, 80, 120, 160) if n <= args.max_users]
    rows: list[tuple[int, float, float, int]] = []
    async with client() as setup:
        await sign_in(setup, lb, Stats(), PROSECUTOR)
        shared = await shared_targets(setup, lb)
        cookies = setup.cookies
    # one signed-in session for every simulated user here: what is measured is searching and reading
    clients = [client(cookies) for _ in range(steps[-1])]
    try:
        best, flat = 0.0, 0
        for users in steps:
            stats = Stats()
            until = time.monotonic() + args.step_seconds
            started = time.monotonic()
            await asyncio.gather(
                *(
                    prosecutor(c, lb, stats, shared, until, (0.0, 0.0), random.Random(rng.random()))
                    for c in clients[:users]
                )
            )
            elapsed = time.monotonic() - started
            every = [x for v in stats.times.values() for x in v]
            rate = len(every) / elapsed
            rows.append((users, rate, pct(every, 0.95), sum(stats.errors.values())))
            print(f"  {users:>4} users: {rate:6.1f} req/s, p95 {pct(every, 0.95) * 1000:7.0f} ms", flush=True)
            flat = flat + 1 if rate < best * 1.05 else 0
            best = max(best, rate)
            if pct(every, 0.95) > 1.0 or flat == 2:  # too slow, or two steps without 5% more
                break
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    return rows


def report(count: int, stats: Stats, processed: tuple[int, int, float], elapsed: float, uploads: int) -> None:
    print(f"\n== {count} app server{'s' if count > 1 else ''}: think time 3–7 s, {elapsed:.0f} s ==")
    served = stats.count(("search", "page", "bundle", "upload"))
    print(f"throughput {served / elapsed:.1f} req/s (sign-ins not counted)")
    print(f"{'kind':<8} {'count':>6} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind in ("login", "search", "page", "bundle", "upload"):
        values = stats.times.get(kind, [])
        if values:
            print(
                f"{kind:<8} {len(values):>6} {stats.errors.get(kind, 0):>6} {pct(values, 0.5) * 1000:>8.0f} "
                f"{pct(values, 0.95) * 1000:>8.0f} {pct(values, 0.99) * 1000:>8.0f}"
            )
    done, failed, waited = processed
    print(f"uploads: {uploads} new documents, {done} done, {failed} failed ({waited:.0f} s after the load ended)")
    for sample in stats.samples:
        print(f"  error: {sample}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--duration", type=float, default=120, help="seconds of the think-time phase")
    ap.add_argument("--users", type=int, default=100)
    ap.add_argument("--staff", type=int, default=5)
    ap.add_argument(
        "--bundle-share",
        type=float,
        default=0.005,
        help="share of a prosecutor's requests that download the exhibit bundle (each is built anew: seconds of CPU)",
    )
    ap.add_argument("--upload-every", type=float, default=20, help="mean seconds between one clerk's uploads")
    ap.add_argument("--servers", default="1,2", help="app server counts to measure, e.g. 1,2")
    ap.add_argument("--processes", type=int, default=None, help="`hoso serve --processes N`, where it exists")
    ap.add_argument("--ocr-workers", type=int, default=1, help="HOSO_WORKERS of the server that reads uploads")
    ap.add_argument("--cases", type=int, default=0, help="also generate and read a province of this many cases")
    ap.add_argument("--postgres", default=None, help="HOSO_DATABASE_URL (an empty database) instead of SQLite")
    ap.add_argument("--redis", default=None, help="HOSO_QUEUE_URL instead of the SQLite queue")
    ap.add_argument("--home", default=None, help="keep the archive here and reuse it (default: a temporary folder)")
    ap.add_argument("--step-seconds", type=float, default=12, help="length of one saturation step")
    ap.add_argument("--max-users", type=int, default=160, help="most users of the saturation ramp")
    ap.add_argument("--no-saturation", action="store_true")
    ap.add_argument("--drain-seconds", type=float, default=300, help="longest wait for uploads to be read")
    ap.add_argument("--seed", type=int, default=17)
    args = ap.parse_args()
    temporary = args.home is None
    home = Path(args.home or tempfile.mkdtemp(prefix="load-bench-"))
    home.mkdir(parents=True, exist_ok=True)
    env = server_env(home, args.postgres, args.redis, args.ocr_workers)
    rng = random.Random(args.seed)
    summary = []
    try:
        prepare(home, env, args.cases)
        for count in [int(n) for n in args.servers.split(",")]:
            servers = start_servers(count, env, home / "bench-logs", args.processes)
            print(f"\n{count} app server(s) up; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
            try:
                stats, processed, elapsed = asyncio.run(think_phase(servers.urls, args, rng))
                report(count, stats, processed, elapsed, len(stats.uploads))
                rows = []
                if not args.no_saturation:
                    print(f"\nsaturation, {count} app server{'s' if count > 1 else ''}, no think time, no uploads:")
                    rows = asyncio.run(saturation(servers.urls, args, rng))
                summary.append((count, stats, elapsed, rows))
            finally:
                servers.stop()
    finally:
        if temporary:
            shutil.rmtree(home, ignore_errors=True)
    print("\n== summary ==")
    print(f"{'servers':>7} {'req/s':>6} {'search p95':>10} {'page p95':>9} {'errors':>6} {'saturation':>28}")
    for count, stats, elapsed, rows in summary:
        within = [r for r in rows if r[2] <= 1.0]  # the most served with p95 still under a second
        best = max(within, key=lambda r: r[1]) if within else None
        sat = f"{best[1]:.1f} req/s at {best[0]} users (p95 {best[2] * 1000:.0f} ms)" if best else "—"
        search, page = (pct(stats.times.get(kind, []), 0.95) * 1000 for kind in ("search", "page"))
        print(
            f"{count:>7} {stats.count(('search', 'page', 'bundle', 'upload')) / elapsed:>6.1f} "
            f"{search:>8.0f}ms {page:>7.0f}ms {sum(stats.errors.values()):>6} {sat:>28}"
        )
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average at the end: {load} on {os.cpu_count()} CPUs (shared with whatever else runs here)")


if __name__ == "__main__":
    main()
