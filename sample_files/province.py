"""A province-sized demo set: many case files of every unit and kind, in every scan condition, deterministically.

    python -m sample_files.province OUTDIR [--cases 34] [--pages 5]

Each case file is one scan of the first page of up to `pages` of its documents, in procedural order, under one
of the scan conditions of `degrade.CONDITIONS` (cycled, so every condition appears), written in turn as a scanned
PDF, a multi-page TIFF, or (the latest document's page) a PNG or a JPEG. The manifest, cases.csv and units.csv
are those that `hoso demo load` reads.

The first six case files are one of each case kind; the dates of all but the dissolved district's files are
placed relative to `today`, over the current statistical year and the one before: a judgment (criminal) or a
court's registration (other kinds) falls on the planned day, and only the documents dated by then are scanned.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from archive.statistics.periods import VIETNAM, statistical_year, statistical_year_of
from sample_files import degrade
from sample_files.corpus import CRIMES, make_case_file, make_civil_case_file
from sample_files.make_samples import CORRUPTION_ARTICLES, UNITS, _degraded, _downscale, _entry, _write_csv, case_row
from sample_files.render import render_document
from sample_files.writers import write_jpeg, write_png, write_scanned_pdf, write_tiff

CASE_UNITS = ("BN-KV1", "BN-KV2", "BN", "BN-KV2", "BN-KV1", "BN-TS")
FIRST_KINDS = ("HS", "DS", "HNGĐ", "HC", "KDTM", "LĐ")  # one of each kind first, so even a small set has them all
LATER_KINDS = ("HS", "HS", "DS", "HS", "HNGĐ", "KDTM", "HS", "DS", "HC", "LĐ", "HS", "HNGĐ")
CONDITIONS = tuple(degrade.CONDITIONS)
FORMATS = ("pdf_scanned", "tiff", "pdf_scanned", "png", "jpeg")


class CasePlan(NamedTuple):
    seed: int
    unit: str
    kind: str
    condition: str
    format: str
    anchor: dt.date | None  # the judgment's day (HS) or the court's registration (others); None: drawn, historic
    corruption: bool = False  # a criminal case of embezzlement, whatever the draw


def vietnam_today() -> dt.date:
    return dt.datetime.now(VIETNAM).date()


def anchor_day(index: int, kind: str, today: dt.date) -> dt.date:
    """Every third case file in the current statistical year, the others in the year before; a criminal case of
    the current year is tried by today or, every other one, scheduled for trial in the coming weeks."""
    current = statistical_year(statistical_year_of(today))
    if index % 3:
        previous = statistical_year(current.year - 1)
        return previous.start + dt.timedelta(days=(index * 53) % ((previous.end - previous.start).days + 1))
    elapsed = (today - current.start).days
    if kind == "HS" and (index // 3) % 2:
        return today + dt.timedelta(days=7 + (index * 5) % 40)
    return current.start + dt.timedelta(days=(index // 3) % (elapsed + 1))


def plan(cases: int, today: dt.date | None = None) -> list[CasePlan]:
    """What each case file is: the same every time for the same day."""
    today = today or vietnam_today()
    rows = []
    for i in range(cases):
        unit = CASE_UNITS[i % len(CASE_UNITS)]
        kind = FIRST_KINDS[i] if i < len(FIRST_KINDS) else LATER_KINDS[i % len(LATER_KINDS)]
        anchor = None if unit == "BN-TS" else anchor_day(i, kind, today)
        rows.append(
            CasePlan(
                9100 + i,
                unit,
                kind,
                CONDITIONS[i % len(CONDITIONS)],
                FORMATS[i % len(FORMATS)],
                anchor,
                kind == "HS" and i % 9 == 6,
            )
        )
    return rows


def case_documents(row: CasePlan):
    if row.kind == "HS":
        crime = next(c for c in CRIMES if c.article in CORRUPTION_ARTICLES) if row.corruption else None
        return make_case_file(row.seed, unit=row.unit, trial_on=row.anchor, crime=crime)
    return make_civil_case_file(row.seed, unit=row.unit, kind=row.kind, registered_on=row.anchor)


def make_province(
    outdir: Path,
    cases: int = 34,
    pages: int = 5,
    on_file: Callable[[int, int], None] | None = None,
    today: dt.date | None = None,
) -> list[dict]:
    """Write `cases` case files with their manifest and registers into `outdir`; `on_file(done, total)` after each."""
    today = today or vietnam_today()
    outdir.mkdir(parents=True, exist_ok=True)
    manifest, rows, seen = [], [], set()
    for index, row in enumerate(plan(cases, today)):
        condition, fmt = row.condition, row.format
        docs = case_documents(row)
        while docs[0].case_code in seen:  # two draws of the same case number: draw another case
            row = row._replace(seed=row.seed + 1000)
            docs = case_documents(row)
        seen.add(docs[0].case_code)
        written = [d for d in docs if d.date is None or d.date <= today] or docs[:1]
        chosen = written[:: max(1, len(written) // pages)][:pages]
        parts = [
            (d, _downscale(_degraded(render_document(d, dpi=200)[:1], degrade.CONDITIONS[condition]), 200, 150))
            for d in chosen
        ]
        images = [p for _, doc_pages in parts for p in doc_pages]
        if fmt in ("png", "jpeg"):  # one photographed page: the latest, which names the case by its numbers
            parts = parts[-1:]
            images = [p for _, doc_pages in parts for p in doc_pages][:1]
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
