"""A province-sized demo set: many case files of every unit and kind, in every scan condition, deterministically.

    python -m sample_files.province OUTDIR [--cases 34] [--pages 5]

Each case file is one scan of the first page of up to `pages` of its documents, in procedural order, under one
of the scan conditions of `degrade.CONDITIONS` (cycled, so every condition appears), written in turn as a scanned
PDF, a multi-page TIFF, or (one page) a PNG or a JPEG. The manifest, cases.csv and units.csv are those that
`hoso demo load` reads.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path

from sample_files import degrade
from sample_files.corpus import make_case_file, make_civil_case_file
from sample_files.make_samples import UNITS, _degraded, _downscale, _entry, _write_csv, case_row
from sample_files.render import render_document
from sample_files.writers import write_jpeg, write_png, write_scanned_pdf, write_tiff

CASE_UNITS = ("BN-TS", "BN-KV1", "BN-KV2", "BN", "BN-TS", "BN-KV1")
CONDITIONS = tuple(degrade.CONDITIONS)
FORMATS = ("pdf_scanned", "tiff", "pdf_scanned", "png", "jpeg")


def plan(cases: int) -> list[tuple[int, str, bool, str, str]]:
    """(seed, unit, civil, condition, format) of each case file, the same every time."""
    return [(9100 + i, CASE_UNITS[i % len(CASE_UNITS)], i % 3 == 2, CONDITIONS[i % len(CONDITIONS)],
             FORMATS[i % len(FORMATS)]) for i in range(cases)]


def make_province(outdir: Path, cases: int = 34, pages: int = 5,
                  on_file: Callable[[int, int], None] | None = None) -> list[dict]:
    """Write `cases` case files with their manifest and registers into `outdir`; `on_file(done, total)` after each."""
    outdir.mkdir(parents=True, exist_ok=True)
    manifest, rows, seen = [], [], set()
    for index, (seed, unit, civil, condition, fmt) in enumerate(plan(cases)):
        docs = make_civil_case_file(seed, unit=unit) if civil else make_case_file(seed, unit=unit)
        if docs[0].case_code in seen:
            continue
        seen.add(docs[0].case_code)
        chosen = docs[:: max(1, len(docs) // pages)][:pages]
        parts = [(d, _downscale(_degraded(render_document(d, dpi=200)[:1], degrade.CONDITIONS[condition]), 200, 150))
                 for d in chosen]
        images = [p for _, doc_pages in parts for p in doc_pages]
        if fmt in ("png", "jpeg"):
            parts, images = parts[:1], images[:1]
        stem = docs[0].case_code
        name = {"pdf_scanned": f"{stem}.pdf", "tiff": f"{stem}.tif", "png": f"{stem}.png", "jpeg": f"{stem}.jpg"}[fmt]
        if fmt == "pdf_scanned":
            write_scanned_pdf(images, outdir / name, dpi=150, quality=60)
        elif fmt == "tiff":
            write_tiff(images, outdir / name)
        elif fmt == "png":
            write_png(images[0], outdir / name, dpi=150)
        else:
            write_jpeg(images[0], outdir / name, quality=70, dpi=150)
        manifest.append(_entry(name, fmt, condition, parts))
        rows.append(case_row(docs))
        if on_file:
            on_file(index + 1, cases)
    import json

    (outdir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    _write_csv(outdir / "cases.csv", rows)
    _write_csv(outdir / "units.csv", UNITS)
    return manifest


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--cases", type=int, default=34)
    parser.add_argument("--pages", type=int, default=5)
    args = parser.parse_args(argv)
    for entry in make_province(args.outdir, args.cases, args.pages):
        print(f"{entry['file']}: {entry['page_count']} page(s), {entry['condition']}")


if __name__ == "__main__":
    main()
