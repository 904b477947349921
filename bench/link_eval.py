"""Case-linking accuracy: many case files of several units, each document linked with no case given.

Builds a register (units, cases) from generated case files, then feeds every document's page
text, in shuffled order, through the archive's classify-and-link stage as if uploaded by its
unit. Prints correct links, links held for review, wrong links, and links into another unit.
By default page texts are the exact rendered text; `--ocr` renders them, degrades each page with
one of the scan conditions in turn and reads it with the project's OCR (cleanup included).

    .venv/bin/python bench/link_eval.py [--criminal 16] [--civil 8] [--ocr]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.core import Archive  # noqa: E402
from archive.processing.documents import classify_and_link  # noqa: E402
from archive.processing.linking import cited_elsewhere, identifiers_of  # noqa: E402
from archive.records.models import Document, Page, Unit  # noqa: E402
from archive.records.registers import import_cases, import_units  # noqa: E402
from archive.runtime.settings import Settings  # noqa: E402
from sample_files.corpus import make_case_file, make_civil_case_file  # noqa: E402
from sample_files.make_samples import case_row  # noqa: E402
from sample_files.render import layout_document  # noqa: E402

UNITS_CSV = """code,name,level,parent,valid_from,valid_to,successor
BN,Viện kiểm sát nhân dân tỉnh Bắc Ninh,provincial,,1997-01-01,,
BN-TS,Viện kiểm sát nhân dân thành phố Từ Sơn,district,BN,1999-09-01,2025-06-30,BN-KV1
BN-KV1,Viện kiểm sát nhân dân khu vực 1 - Bắc Ninh,regional,BN,2025-07-01,,
BN-KV2,Viện kiểm sát nhân dân khu vực 2 - Bắc Ninh,regional,BN,2025-07-01,,
"""
UNITS = ("BN-KV1", "BN-KV2", "BN-TS")


def ocr_texts(documents, cache: Path) -> dict[int, list[str]]:
    """Each document rendered, degraded (conditions in turn) and read by the project's OCR, cached on disk."""
    from archive.runtime.executor import PageExecutor
    from ocr import OcrOptions
    from sample_files.degrade import CONDITIONS
    from sample_files.render import render_document

    cache.mkdir(parents=True, exist_ok=True)
    conditions = list(CONDITIONS.values())
    executor = PageExecutor(os.cpu_count() or 1)
    texts: dict[int, list[str]] = {}
    try:
        for index, doc in enumerate(documents):
            pages = []
            for number, page in enumerate(render_document(doc, dpi=200), start=1):
                image = conditions[(index + number) % len(conditions)](page.image)
                buffer = io.BytesIO()
                image.save(buffer, "PNG", dpi=(200, 200))
                digest = hashlib.sha256(buffer.getvalue()).hexdigest()
                cached = cache / f"{digest}.txt"
                if not cached.exists():
                    source = cache / f"{digest}.png"
                    source.write_bytes(buffer.getvalue())
                    (result,) = executor.run_pages(source, "image/png", [1], OcrOptions())
                    cached.write_text(result.text, encoding="utf-8")
                    source.unlink()
                pages.append(cached.read_text(encoding="utf-8"))
            texts[index] = pages
            print(f"\rOCR {index + 1}/{len(documents)}", end="", file=sys.stderr)
    finally:
        executor.shutdown()
    print(file=sys.stderr)
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--criminal", type=int, default=16)
    parser.add_argument("--civil", type=int, default=8)
    parser.add_argument(
        "--ocr", action="store_true", help="read degraded renderings with the project OCR (cached in bench/out)"
    )
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--verbose", action="store_true", help="list the documents not linked right")
    args = parser.parse_args()

    files = [make_case_file(seed=args.seed * 1000 + i, unit=UNITS[i % 3]) for i in range(args.criminal)]
    files += [make_civil_case_file(seed=args.seed * 2000 + i, unit=UNITS[i % 3]) for i in range(args.civil)]
    rows = [case_row(docs) for docs in files]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)

    with tempfile.TemporaryDirectory() as home:
        archive = Archive(Settings(home=Path(home), workers=1))
        import_units(archive, UNITS_CSV)
        import_cases(archive, buffer.getvalue())
        with archive.session() as session:
            unit_ids = {u.code: u.id for u in session.query(Unit)}
        documents = [doc for docs in files for doc in docs]
        random.Random(args.seed).shuffle(documents)
        read = ocr_texts(documents, ROOT / "bench" / "out" / "ocr-cache") if args.ocr else {}
        truth: dict[int, tuple[str, str, bool]] = {}
        started = time.perf_counter()
        for number, doc in enumerate(documents):
            texts = read[number] if args.ocr else [page.text for page in layout_document(doc)]
            with archive.transaction() as session:
                record = Document(
                    sha256=hashlib.sha256(f"{number}".encode()).hexdigest(),
                    filename=f"{number}.pdf",
                    media_type="application/pdf",
                    size=1,
                    unit_id=unit_ids[doc.unit],
                    status="done",
                    page_count=len(texts),
                )
                session.add(record)
                session.flush()
                for page_number, text in enumerate(texts, start=1):
                    session.add(Page(document_id=record.id, number=page_number, text=text, words=[], confidence=0.95))
                document_id = record.id
            classify_and_link(archive, document_id)
            ids = identifiers_of(
                {
                    "case_numbers": doc.case_numbers,
                    "number": doc.number,
                    "people": [{"name": n, "role": r} for n, r in doc.people],
                    "cited_numbers": cited_elsewhere("\n".join(texts), {"number": doc.number}),
                }
            )
            carries = bool(ids.case_numbers or ids.accused or ids.cited_numbers or ids.own_numbers)
            truth[document_id] = (doc.case_code, doc.unit, carries)
        elapsed = time.perf_counter() - started

        counts = {"correct": 0, "review": 0, "wrong": 0, "other_unit": 0}
        carrying = {"total": 0, "correct": 0}
        with archive.session() as session:
            for document_id, (case_code, unit, carries) in truth.items():
                document = session.get(Document, document_id)
                linked = document.case
                if linked is None:
                    counts["review"] += 1
                elif linked.code == case_code:
                    counts["correct"] += 1
                else:
                    counts["wrong"] += 1
                    if linked.unit.code != unit:
                        counts["other_unit"] += 1
                if carries and (linked is None or linked.code != case_code) and "--verbose" in sys.argv:
                    print(
                        document.doc_type,
                        case_code,
                        document.link_reason,
                        document.link_candidates,
                        [p.fields.get("people") for p in document.parts][:1],
                        file=sys.stderr,
                    )
                if carries:
                    carrying["total"] += 1
                    carrying["correct"] += int(linked is not None and linked.code == case_code)
        archive.close()

    total = len(truth)
    print(
        f"Case linking: {len(files)} case files, {total} documents, units {', '.join(UNITS)}, "
        f"text: {'project OCR of degraded renderings' if args.ocr else 'exact rendered text'}"
    )
    print(f"{'outcome':<34}{'documents':>10}{'share':>9}")
    for key, label in (
        ("correct", "linked to the right case"),
        ("review", "held for review (no link)"),
        ("wrong", "linked to a wrong case"),
        ("other_unit", "  of which another unit's case"),
    ):
        print(f"{label:<34}{counts[key]:>10}{counts[key] / total:>9.1%}")
    share = carrying["correct"] / carrying["total"] if carrying["total"] else 0
    print(f"documents carrying an identifier: {carrying['total']}, linked right: {carrying['correct']} ({share:.1%})")
    print(f"classify-and-link time: {elapsed:.1f} s ({elapsed / total * 1000:.0f} ms per document)")


if __name__ == "__main__":
    main()
