"""Every file of the shared hostile corpus through ingest: outcome, time and peak memory per file.

Each file is ingested and processed as `hoso ingest --wait` does it (one archive, real OCR), then
the same files go through the upload API and inside one ZIP (ingest only: processing is the same
pipeline); their outcomes must match. A summary counts stored and processed, rejected and failed
by reason, and the things that must never happen: crashes (an exception escaping), hangs, raw
exception text as a reason, documents left queued or processing, and path disagreements.

    .venv/bin/python bench/corpus_ingest.py [--only NAME ...] [--paths cli,api,zip] [--page-seconds 120]

Peak memory is the largest resident size of the process tree (this process and its OCR workers)
sampled every 50 ms while the file was handled.
"""

from __future__ import annotations

import argparse
import collections
import io
import logging
import os
import re
import sys
import tempfile
import threading
import time
import warnings
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.core import Archive  # noqa: E402
from archive.messages import MESSAGES  # noqa: E402
from archive.processing.ingest import Incoming, Ingestor, expand_paths  # noqa: E402
from archive.records.models import Document  # noqa: E402
from archive.runtime.jobs import process_now  # noqa: E402
from archive.runtime.settings import Settings  # noqa: E402

CORPORA = ROOT / ".." / "shared" / "corpora"
SKIP = {"manifest.json", "PROVENANCE.md", "README.md"}
HANG_SECONDS = 900


def corpus_files(only: list[str]) -> list[Path]:
    files = sorted(
        p for folder in ("pdfs", "images") for p in (CORPORA / folder).iterdir() if p.is_file() and p.name not in SKIP
    )
    return [p for p in files if not only or p.name in only]


def readable(reason: str | None) -> bool:
    """A catalogued sentence with at most a short readable detail (the rule the tests apply)."""
    if not reason:
        return False
    base = next((text for text in MESSAGES.values() if reason.startswith(text)), None)
    if base is None:
        return False
    rest = reason[len(base) :]
    return bool(re.fullmatch(r"( \([^()]{1,60}\))?", rest)) and not any(
        marker in rest for marker in ("Error", "Exception", "Traceback", "/", "'")
    )


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry)] = int(fields.get("PPid", "0").strip() or 0)
        rss[int(entry)] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    total, stack, seen = 0, [pid], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        total += rss.get(current, 0)
        stack.extend(child for child, parent in parents.items() if parent == current)
    return total / 1024


class PeakMemory:
    """Samples the tree's resident memory in the background; `peak` is the largest seen since `reset`."""

    def __init__(self):
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss_mb(os.getpid()))
            time.sleep(0.05)

    def reset(self) -> None:
        self.peak = tree_rss_mb(os.getpid())

    def stop(self) -> None:
        self._stop.set()


def run_cli_path(archive: Archive, path: Path) -> tuple[str, str | None]:
    """(outcome, reason) for one file ingested and processed in this process."""
    report = Ingestor(archive, uploaded_by="bench").ingest_all(expand_paths([path]))
    if report.rejected:
        rejection = report.rejected[0]
        return f"rejected:{rejection.code}", rejection.reason
    ids = [d.id for d in report.documents]
    process_now(archive, ids)
    with archive.session() as session:
        document = session.get(Document, ids[0])
        if document.status == "done":
            return "done", None
        if document.status == "failed":
            return f"failed:{document.failure_code}", document.failure_reason
        return f"left:{document.status}", None


def timed(fn, *args):
    """fn(*args) in a thread: (result, error, seconds); a call past HANG_SECONDS is reported as a hang."""
    box: dict = {}

    def target():
        try:
            box["result"] = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - the bench records every escape as a crash
            box["error"] = exc

    start = time.monotonic()
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(HANG_SECONDS)
    seconds = time.monotonic() - start
    if thread.is_alive():
        return None, TimeoutError("hang"), seconds
    return box.get("result"), box.get("error"), seconds


def ingest_outcome(outcome: str) -> str:
    """What ingest alone decided: stored, or rejected with its code."""
    return outcome if outcome.startswith("rejected:") else "stored"


def api_outcomes(home: Path, files: list[Path]) -> dict[str, str]:
    """Each file uploaded on its own through the HTTP API (a signed-in admin, bearer token)."""
    from fastapi.testclient import TestClient

    from archive.trust.accounts import create_token, create_user
    from web.app import create_app

    archive = Archive(Settings(home=home))
    try:
        with archive.transaction() as session:
            user = create_user(session, "bench-admin", "mat-khau-dai-du-manh", "admin", None)
            session.flush()
            token = create_token(session, user, "bench")
        client = TestClient(create_app(archive))
        client.headers["Authorization"] = f"Bearer {token}"
        outcomes = {}
        for path in files:
            response = client.post("/api/documents", files={"files": (path.name, path.read_bytes())})
            if response.status_code >= 500:
                outcomes[path.name] = f"http:{response.status_code}"
                continue
            body = response.json()
            rejected = body.get("rejected") or []
            outcomes[path.name] = f"rejected:{rejected[0]['code']}" if rejected else "stored"
            if rejected and not readable(rejected[0]["reason"]):
                outcomes[path.name] += ":raw-reason"
        return outcomes
    finally:
        archive.close()


def zip_outcomes(home: Path, files: list[Path]) -> dict[str, str]:
    """All files inside one ZIP, ingested together."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in files:
            zf.writestr(path.name, path.read_bytes())
    data = buffer.getvalue()
    archive = Archive(Settings(home=home))
    try:
        report = Ingestor(archive).ingest_all(iter([Incoming("corpus.zip", lambda: io.BytesIO(data))]))
        outcomes = {d.filename.removeprefix("corpus.zip/"): "stored" for d in report.documents}
        for rejection in report.rejected:
            name = rejection.filename.removeprefix("corpus.zip/")
            outcomes[name] = f"rejected:{rejection.code}" + ("" if readable(rejection.reason) else ":raw-reason")
        return outcomes
    finally:
        archive.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=[], help="file names to run (default: all)")
    parser.add_argument("--paths", default="cli,api,zip", help="which ways in to run: cli, api, zip")
    parser.add_argument("--page-seconds", type=float, default=None)
    parser.add_argument("--page-memory-mb", type=int, default=None)
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # decoders warn about every damaged tag; the outcome is what counts
    logging.disable(logging.WARNING)
    if not CORPORA.is_dir():
        sys.exit(f"shared corpus not found at {CORPORA}")
    files = corpus_files(args.only)
    paths = set(args.paths.split(","))
    work = Path(tempfile.mkdtemp(prefix="hoso-corpus-"))
    overrides = {
        k: v for k, v in (("page_seconds", args.page_seconds), ("page_memory_mb", args.page_memory_mb)) if v is not None
    }

    results: dict[str, tuple[str, float, float, str | None]] = {}
    if "cli" in paths:
        archive = Archive(Settings(home=work / "cli", **overrides))
        memory = PeakMemory()
        print(f"{'file':60} {'outcome':32} {'s':>7} {'MB':>7}  reason")
        try:
            for path in files:
                memory.reset()
                result, error, seconds = timed(run_cli_path, archive, path)
                if isinstance(error, TimeoutError):
                    outcome, reason = "hang", None
                elif error is not None:
                    outcome, reason = f"crash:{type(error).__name__}", str(error)[:80]
                else:
                    outcome, reason = result
                    if reason is not None and not readable(reason):
                        outcome += ":raw-reason"
                results[path.name] = (outcome, seconds, memory.peak, reason)
                print(
                    f"{path.name[:60]:60} {outcome[:32]:32} {seconds:7.1f} {memory.peak:7.0f}  {reason or ''}",
                    flush=True,
                )
        finally:
            memory.stop()
            archive.close()

    disagreements = []
    for name, run in (("api", api_outcomes), ("zip", zip_outcomes)):
        if name not in paths:
            continue
        start = time.monotonic()
        got = run(work / name, files)
        print(f"\n{name}: {len(got)} files in {time.monotonic() - start:.1f} s", flush=True)
        for path in files:
            mine = got.get(path.name, "missing")
            if path.name in results and mine != ingest_outcome(results[path.name][0]):
                disagreements.append((name, path.name, mine, results[path.name][0]))
            elif path.name not in results and ("raw-reason" in mine or mine.startswith(("http", "missing"))):
                disagreements.append((name, path.name, mine, "-"))

    if results:
        outcomes = collections.Counter(o.split(":")[0] for o, *_ in results.values())
        by_reason = collections.Counter(o for o, *_ in results.values() if o.startswith(("rejected", "failed")))
        seconds = [s for _, s, _, _ in results.values()]
        peaks = [m for _, _, m, _ in results.values()]
        raw = sum("raw-reason" in o for o, *_ in results.values())
        print(
            f"\nfiles: {len(results)}   stored+processed: {outcomes['done']}   rejected: {outcomes['rejected']}"
            f"   failed: {outcomes['failed']}"
        )
        print(
            f"crashes: {outcomes['crash']}   hangs: {outcomes['hang']}   raw exception texts: {raw}"
            f"   left queued/processing: {outcomes['left']}"
        )
        print(
            f"time: total {sum(seconds):.0f} s, slowest {max(seconds):.1f} s; peak memory: largest {max(peaks):.0f} MB"
        )
        print("by reason:")
        for reason, count in sorted(by_reason.items(), key=lambda item: (-item[1], item[0])):
            print(f"  {count:4}  {reason}")
    print(f"path disagreements (api/zip against cli): {len(disagreements)}")
    for name, file, mine, cli in disagreements:
        print(f"  {name}: {file}: {mine} (cli: {cli})")


if __name__ == "__main__":
    main()
