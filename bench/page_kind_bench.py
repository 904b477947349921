"""Page kinds: how many pages of each real kind are flagged (handwritten, blank, photo) and how many
typed pages are flagged by mistake. Typed pages: generated case-file pages in every scan condition
and the real PDFs of ../shared/corpora/pdfs that carry print; photos: the photographs among
../shared/corpora/images; blank: the corpora's blank PDF and generated blank scans; handwritten:
generated cursive pages (no real handwriting is in the corpora, so that row is our own generator).

    python bench/page_kind_bench.py [--documents 12]
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ocr.engine import OcrOptions, ocr_page, use_one_core  # noqa: E402
from ocr.loader import PDF  # noqa: E402
from sample_files.corpus import make_case_file  # noqa: E402
from sample_files.degrade import CONDITIONS  # noqa: E402
from sample_files.handwriting import handwritten_page  # noqa: E402
from sample_files.render import render_document  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
TYPED_PDFS = [
    "ocrmypdf__cardinal.pdf",
    "ocrmypdf__c02-22.pdf",
    "ocrmypdf__epson.pdf",
    "ocrmypdf__francais.pdf",
    "ocrmypdf__poster.pdf",
    "ocrmypdf__multipage.pdf",
    "ocrmypdf__rotated_skew.pdf",
    "ocrmypdf__jbig2.pdf",
]
PHOTOS = [
    "pillow__hopper.webp",
    "pillow__flower.jpg",
    "pillow__photoshop-200dpi.jpg",
    "pillow__sugarshack.mpo",
    "pillow__hopper_gray.jpg",
    "pillow__pil_sample_cmyk.jpg",
    "pillow__orientation_rectangle.jpg",
]
OPTIONS = OcrOptions(use_text_layer=False)


def _kind(job: tuple[str, str, str]) -> tuple[str, str, str]:
    group, path, media = job
    try:
        return group, Path(path).name, ocr_page(path, media, 1, OPTIONS).kind
    except Exception as exc:  # noqa: BLE001 - a file the reader refuses is reported, not fatal
        return group, Path(path).name, f"error:{type(exc).__name__}"


def _blank(seed: int) -> Image.Image:
    rnd = np.random.default_rng(seed)
    page = np.full((2339, 1654), 245 - seed % 20, dtype=np.float32) + rnd.normal(0, 3, (2339, 1654))
    for _ in range(40):  # dust
        y, x = rnd.integers(0, 2330), rnd.integers(0, 1645)
        page[y : y + 3, x : x + 3] = 60
    return Image.fromarray(np.clip(page, 0, 255).astype(np.uint8)).convert("RGB")


def jobs(folder: Path, documents: int) -> list[tuple[str, str, str]]:
    out = []
    docs = make_case_file(seed=31)[:documents]
    for index, doc in enumerate(docs):
        page = render_document(doc, dpi=200)[0].image
        condition = list(CONDITIONS)[index % len(CONDITIONS)]
        path = folder / f"typed-{index}-{condition}.png"
        CONDITIONS[condition](page).save(path)
        out.append((f"typed (generated, {len(CONDITIONS)} conditions)", str(path), "image/png"))
    for name in TYPED_PDFS:
        if (CORPORA / "pdfs" / name).exists():
            out.append(("typed (corpora PDFs, OCR'd)", str(CORPORA / "pdfs" / name), PDF))
    for name in PHOTOS:
        if (CORPORA / "images" / name).exists():
            out.append(("photo (corpora images)", str(CORPORA / "images" / name), "image/jpeg"))
    out.append(("blank (corpora PDF)", str(CORPORA / "pdfs" / "ocrmypdf__blank.pdf"), PDF))
    for seed in range(4):
        path = folder / f"blank-{seed}.png"
        _blank(seed).save(path)
        out.append(("blank (generated scans)", str(path), "image/png"))
    for seed in range(max(4, documents // 2)):
        path = folder / f"hand-{seed}.png"
        handwritten_page(seed + 100).save(path)
        out.append(("handwritten (generated)", str(path), "image/png"))
    return out


EXPECTED = {"typed": "text", "photo": "photo", "blank": "blank", "handwritten": "handwritten"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--documents", type=int, default=12)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = jobs(Path(tmp), args.documents)
        with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"), initializer=use_one_core) as pool:
            results = list(pool.map(_kind, work))
    by_group: dict[str, Counter] = {}
    for group, name, kind in results:
        by_group.setdefault(group, Counter())[kind] += 1
        expected = EXPECTED[group.split()[0]]
        if kind != expected:
            print(f"  {group}: {name} read as {kind}")
    print(f"\n{'pages':<40}{'n':>4}  {'as expected':>12}  kinds")
    for group, counts in by_group.items():
        n = sum(counts.values())
        right = counts[EXPECTED[group.split()[0]]]
        print(f"{group:<40}{n:>4}  {right / n:>11.0%}  " + ", ".join(f"{k} {v}" for k, v in counts.most_common()))


if __name__ == "__main__":
    main()
