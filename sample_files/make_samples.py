"""Regenerate the committed sample files, or a larger demo set, deterministically.

python -m sample_files.make_samples [OUTDIR]            # committed set, default sample_files/files/
python -m sample_files.make_samples OUTDIR --demo 8     # 8 case files across two regional units
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections.abc import Sequence
from pathlib import Path

from sample_files import degrade
from sample_files.corpus import CIVIL_SUBJECTS, SampleDocument, make_case_file, make_civil_case_file
from sample_files.render import RenderedPage, render_document
from sample_files.writers import write_born_digital_pdf, write_jpeg, write_png, write_scanned_pdf, write_tiff

DEFAULT_OUTDIR = Path(__file__).parent / "files"
CORRUPTION_ARTICLES = {353, 354, 355, 356, 357, 358, 359}

UNITS = [
    {
        "code": "BN",
        "name": "Viện kiểm sát nhân dân tỉnh Bắc Ninh",
        "level": "provincial",
        "parent": "",
        "valid_from": "1997-01-01",
        "valid_to": "",
        "successor": "",
    },
    {
        "code": "BN-TS",
        "name": "Viện kiểm sát nhân dân thành phố Từ Sơn",
        "level": "district",
        "parent": "BN",
        "valid_from": "1999-09-01",
        "valid_to": "2025-06-30",
        "successor": "BN-KV1",
    },
    {
        "code": "BN-KV1",
        "name": "Viện kiểm sát nhân dân khu vực 1 - Bắc Ninh",
        "level": "regional",
        "parent": "BN",
        "valid_from": "2025-07-01",
        "valid_to": "",
        "successor": "",
    },
    {
        "code": "BN-KV2",
        "name": "Viện kiểm sát nhân dân khu vực 2 - Bắc Ninh",
        "level": "regional",
        "parent": "BN",
        "valid_from": "2025-07-01",
        "valid_to": "",
        "successor": "",
    },
]


def document_truth(doc: SampleDocument) -> dict:
    """JSON-ready ground truth of a document (without presentation details)."""
    return {
        "doc_type": doc.doc_type,
        "issuer": doc.issuer,
        "parent_issuer": doc.parent_issuer,
        "number": doc.number,
        "date": doc.date.isoformat() if doc.date else None,
        "place": doc.place,
        "title": doc.title,
        "case_numbers": doc.case_numbers,
        "articles": doc.articles,
        "people": [list(p) for p in doc.people],
        "case_code": doc.case_code,
        "unit": doc.unit,
        "case_kind": doc.case_kind,
    }


def case_row(docs: Sequence[SampleDocument]) -> dict:
    """One cases.csv row summarising a case file's documents."""
    first = docs[0]
    text = "\n".join(p for d in docs for p in d.body)
    crime = re.search(r"tội “([^”]+)”", text)
    accused = [n for d in docs for n, role in d.people if role in ("bị can", "bị cáo", "bị đơn")]
    plaintiffs = [n for d in docs for n, role in d.people if role == "nguyên đơn"]
    if first.case_kind == "HS":
        title = f"{accused[0]} - {crime[1] if crime else 'vụ án hình sự'}"
    else:
        subject = "Ly hôn" if first.case_kind == "HNGĐ" else CIVIL_SUBJECTS[first.case_kind][1]
        title = f"{plaintiffs[0]} - {accused[0]} - {subject}"
    by_type = {d.doc_type: d for d in docs}
    registered = by_type.get("qd_khoi_to_vu_an") or by_type.get("thong_bao_thu_ly") or first
    trial = by_type.get("ban_an") or by_type.get("qd_cong_nhan_thoa_thuan")
    folios = re.search(r"gồm (\d+) bút lục", text)
    articles = {int(m) for d in docs for a in d.articles if "Hình sự" in a for m in re.findall(r"Điều (\d+)", a)}
    return {
        "code": first.case_code,
        "unit": first.unit,
        "kind": first.case_kind,
        "title": title,
        "registered_on": registered.date.isoformat() if registered.date else "",
        "trial_on": trial.date.isoformat() if trial and trial.date else "",
        "corruption": "true" if articles & CORRUPTION_ARTICLES else "false",
        "folios": int(folios[1]) if folios else 12 * len(docs),
    }


def _write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _entry(file: str, fmt: str, condition: str, parts: list[tuple[SampleDocument, list[RenderedPage]]]) -> dict:
    documents, first_page = [], 1
    for doc, pages in parts:
        documents.append(
            {
                **document_truth(doc),
                "pages": [first_page, first_page + len(pages) - 1],
                "page_texts": [p.text for p in pages],
            }
        )
        first_page += len(pages)
    return {"file": file, "format": fmt, "condition": condition, "page_count": first_page - 1, "documents": documents}


def _degraded(pages: list[RenderedPage], fn) -> list[RenderedPage]:
    return [RenderedPage(fn(p.image), p.text) for p in pages]


def _downscale(pages: list[RenderedPage], dpi_from: int, dpi_to: int) -> list[RenderedPage]:
    return _degraded(pages, lambda im: degrade.low_dpi(im, dpi_from, dpi_to))


def make_committed(outdir: Path) -> list[dict]:
    """The small committed set: a few formats and conditions, each with exact page texts."""
    outdir.mkdir(parents=True, exist_ok=True)
    criminal = make_case_file(seed=2023, unit="BN-TS")
    civil = make_civil_case_file(seed=2025, unit="BN-KV1")
    by_type = {d.doc_type: d for d in criminal}
    manifest = []

    doc = by_type["qd_khoi_to_bi_can"]
    pages = render_document(doc, dpi=200)[:1]
    write_png(pages[0], outdir / "qd_khoi_to_bi_can_clean.png")
    manifest.append(_entry("qd_khoi_to_bi_can_clean.png", "png", "clean", [(doc, pages)]))

    doc = by_type["lenh_bat_tam_giam"]
    pages = _degraded(render_document(doc, dpi=200)[:1], degrade.CONDITIONS["photo"])
    pages = _downscale(pages, 200, 150)
    write_jpeg(pages[0], outdir / "lenh_bat_photo.jpg", quality=60, dpi=150)
    manifest.append(_entry("lenh_bat_photo.jpg", "jpeg", "photo", [(doc, pages)]))

    doc = by_type["qd_phe_chuan"]
    pages = _degraded(
        render_document(doc, dpi=200)[:1], lambda im: degrade.seal_over_text(degrade.skew(im, 2.5), seed=12)
    )
    write_png(_downscale(pages, 200, 150)[0], outdir / "qd_phe_chuan_skew_seal.png", dpi=150)
    manifest.append(_entry("qd_phe_chuan_skew_seal.png", "png", "skew_2_5+seal_over_text", [(doc, pages)]))

    parts = [
        (d, render_document(d, dpi=200)[:1])
        for d in (by_type["to_giac"], by_type["qd_khoi_to_vu_an"], by_type["qd_khoi_to_bi_can"])
    ]
    write_tiff([p for _, pages in parts for p in pages], outdir / "case_file_3_pages.tif")
    manifest.append(_entry("case_file_3_pages.tif", "tiff", "clean_bilevel", parts))

    doc = by_type["kl_dieu_tra"]
    pages = _downscale(_degraded(render_document(doc, dpi=200), degrade.CONDITIONS["photocopy"]), 200, 150)[:2]
    write_scanned_pdf(pages, outdir / "kl_dieu_tra_scanned.pdf", dpi=150, quality=55)
    manifest.append(_entry("kl_dieu_tra_scanned.pdf", "pdf_scanned", "photocopy", [(doc, pages)]))

    doc = by_type["cao_trang"]
    write_born_digital_pdf(doc, outdir / "cao_trang_born_digital.pdf")
    manifest.append(
        _entry("cao_trang_born_digital.pdf", "pdf_text", "born_digital", [(doc, render_document(doc, dpi=72))])
    )

    doc = next(d for d in civil if d.doc_type == "qd_cong_nhan_thoa_thuan")
    pages = _downscale(render_document(doc, dpi=200)[:1], 200, 150)
    write_png(pages[0], outdir / "qd_cong_nhan_thoa_thuan_clean.png", dpi=150)
    manifest.append(_entry("qd_cong_nhan_thoa_thuan_clean.png", "png", "clean_150dpi", [(doc, pages)]))

    (outdir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    _write_csv(outdir / "cases.csv", [case_row(criminal), case_row(civil)])
    _write_csv(outdir / "units.csv", UNITS)
    return manifest


def make_demo(outdir: Path, count: int) -> list[dict]:
    """`count` whole case files (criminal and civil, units BN-KV1 and BN-KV2 plus older BN-TS files), each as
    one multi-page scanned PDF, with a manifest, cases.csv and units.csv."""
    outdir.mkdir(parents=True, exist_ok=True)
    units = ["BN-KV1", "BN-KV2", "BN-TS"]
    manifest, cases = [], []
    for i in range(count):
        unit = units[i % len(units)]
        docs = make_civil_case_file(seed=7000 + i, unit=unit) if i % 3 == 2 else make_case_file(7000 + i, unit=unit)
        condition = ["clean", "photocopy", "skew_2_5", "seal_over_text"][i % 4]
        parts = [
            (d, _downscale(_degraded(render_document(d, dpi=200), degrade.CONDITIONS[condition]), 200, 150))
            for d in docs
        ]
        name = f"{docs[0].case_code}.pdf"
        write_scanned_pdf([p for _, pages in parts for p in pages], outdir / name, dpi=150, quality=60)
        manifest.append(_entry(name, "pdf_scanned", condition, parts))
        cases.append(case_row(docs))
    (outdir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    _write_csv(outdir / "cases.csv", cases)
    _write_csv(outdir / "units.csv", UNITS)
    return manifest


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("outdir", nargs="?", type=Path, default=None)
    parser.add_argument("--demo", type=int, default=0, metavar="N", help="write N demo case files instead")
    args = parser.parse_args(argv)
    if args.demo:
        manifest = make_demo(args.outdir or Path("demo_files"), args.demo)
    else:
        manifest = make_committed(args.outdir or DEFAULT_OUTDIR)
    for entry in manifest:
        print(f"{entry['file']}: {entry['page_count']} page(s), {entry['condition']}")


if __name__ == "__main__":
    main()
