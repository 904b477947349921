"""Throughput of `hoso ingest --wait` on the sample scans against plain `tesseract` on the same pages.

Both run in the same invocation on the same cores: hoso with its page executor (one
single-threaded Tesseract per core, cleanup, classification, digital copy and indexing
included), the reference as one `tesseract PAGE - -l vie+eng` process per core over the page
images hoso reads (rendered beforehand, not timed). Born-digital PDF pages are read from their
text layer by hoso; the reference OCRs them anyway, so `--scanned-only` leaves them out.

    .venv/bin/python bench/ingest_bench.py [--copies 2] [--scanned-only]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ocr.loader import inspect_file, load_page_image  # noqa: E402
from ocr.textlayer import read_text_layer  # noqa: E402

SAMPLES = ROOT / "sample_files" / "files"


def sample_scans(scanned_only: bool) -> list[Path]:
    files = sorted(p for p in SAMPLES.iterdir() if p.suffix.lower() in (".png", ".jpg", ".tif", ".tiff", ".pdf"))
    if scanned_only:
        files = [p for p in files if p.suffix.lower() != ".pdf" or read_text_layer(p, 1) is None]
    return files


def make_copies(files: list[Path], copies: int, folder: Path) -> list[Path]:
    """Distinct byte-level copies (a trailing comment byte) so deduplication does not skip them."""
    out = []
    for copy in range(copies):
        for path in files:
            target = folder / f"{copy}-{path.name}"
            # Bytes after a file's end marker are ignored by every reader but change its SHA-256.
            target.write_bytes(path.read_bytes() + b"\n%" * copy)
            out.append(target)
    return out


def page_images(files: list[Path], folder: Path) -> list[Path]:
    images = []
    for path in files:
        info = inspect_file(path)
        for number in range(1, info.page_count + 1):
            image, dpi = load_page_image(path, info.media_type, number)
            target = folder / f"{path.stem}-{number}.png"
            image.save(target, dpi=(dpi, dpi))
            images.append(target)
    return images


def run_hoso(files: list[Path], workers: int) -> float:
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, HOSO_HOME=home, HOSO_WORKERS=str(workers))
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "archive.cli", "ingest", *map(str, files), "--wait", "--json"],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return time.perf_counter() - started


def run_tesseract(images: list[Path], workers: int, languages: str) -> float:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")

    def one(image: Path) -> None:
        subprocess.run(
            ["tesseract", str(image), "-", "-l", languages],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, images))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=2, help="how many distinct copies of the sample set")
    parser.add_argument("--scanned-only", action="store_true", help="leave born-digital PDFs out")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = make_copies(sample_scans(args.scanned_only), args.copies, folder)
        (folder / "pages").mkdir()
        images = page_images(files, folder / "pages")
        reference = run_tesseract(images, args.workers, "vie+eng")
        project = run_hoso(files, args.workers)
        shutil.rmtree(folder / "pages")
    pages = len(images)
    print(f"{len(files)} files, {pages} pages, {args.workers} workers")
    print(f"{'run':<48}{'seconds':>9}{'pages/s':>9}")
    print(f"{'plain tesseract -l vie+eng (parallel, same pages)':<48}{reference:>9.1f}{pages / reference:>9.2f}")
    print(f"{'hoso ingest --wait (end to end)':<48}{project:>9.1f}{pages / project:>9.2f}")
    print(f"hoso / tesseract throughput: {reference / project:.2f}")


if __name__ == "__main__":
    main()
