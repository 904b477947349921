"""Type and identifiers by scan-condition family, hoso beside plain `tesseract -l vie` on the same
pages: the first page of each generated document drawn under every family of
`sample_files.families` (wide random ranges; tuned or held out as flagged there), read by
hoso's OCR and by the plain command, then classified and extracted by the same code. For each
field: exact share, and the share shown but wrong (a wrong value on screen is worse than an
empty one sent to review). Slow: not part of the test run.

    .venv/bin/python bench/fields_eval.py --docs 6 --seed 101
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archive.classification import classify  # noqa: E402
from archive.classification.extract import compose_issuer  # noqa: E402
from archive.runtime.executor import PageExecutor  # noqa: E402
from ocr.engine import OcrOptions  # noqa: E402
from sample_files.corpus import make_documents  # noqa: E402
from sample_files.families import FAMILIES, HELD_OUT, Source  # noqa: E402
from sample_files.render import layout_document  # noqa: E402

FIELDS = ("type", "number", "date", "issuer")


def pages(folder: Path, docs: int, seed: int):
    rng = np.random.default_rng(seed)
    out = []
    for index, doc in enumerate(make_documents(docs, seed=seed)):
        layout = layout_document(doc, seal=True)[0]
        for name, family in FAMILIES.items():
            image, _dpi, _params = family.make(Source(layout, layout.text, 200), rng)
            path = folder / f"{index}-{name}.png"
            image.save(path)
            out.append((name, doc, path))
    return out


def truth(doc) -> dict:
    return {
        "type": doc.doc_type,
        "number": doc.number,
        "date": doc.date,
        "issuer": compose_issuer(doc.issuer, doc.parent_issuer) if doc.issuer else None,
    }


def read_fields(text: str) -> dict:
    result = classify(text)
    return {
        "type": result.doc_type,
        "number": result.fields.number,
        "date": result.fields.date,
        "issuer": result.fields.issuer,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=6)
    ap.add_argument("--seed", type=int, default=101)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()
    options = OcrOptions()
    executor = PageExecutor(args.workers)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def hoso(path):
        return executor.run_pages(path, "image/png", [1], options)[0].text

    def plain(path):
        return subprocess.run(
            ["tesseract", str(path), "-", "-l", "vie"], capture_output=True, text=True, env=env, check=True
        ).stdout

    with tempfile.TemporaryDirectory() as tmp:
        work = pages(Path(tmp), args.docs, args.seed)
        with ThreadPoolExecutor(args.workers * 2) as pool:
            texts = {
                "hoso": list(pool.map(hoso, [p for _n, _d, p in work])),
                "tesseract": list(pool.map(plain, [p for _n, _d, p in work])),
            }
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for engine, engine_texts in texts.items():
        for (family, doc, _path), text in zip(work, engine_texts, strict=True):
            want, got = truth(doc), read_fields(text)
            for group in (family, "held out" if family in HELD_OUT else "tuned", "all"):
                c = counts[(group, engine)]
                c["n"] += 1
                for name in FIELDS:
                    if want[name] is None:
                        continue
                    c[f"{name}_n"] += 1
                    c[f"{name}_ok"] += got[name] == want[name]
                    c[f"{name}_wrong"] += got[name] is not None and got[name] != want[name]
    print(f"{args.docs} documents x {len(FAMILIES)} families, seed {args.seed}; exact share, (shown but wrong)")
    header = f"| {'family':<14} | {'engine':<9} | " + " | ".join(f"{f:>15}" for f in FIELDS) + " |"
    print(header)
    print("|" + "---|" * (2 + len(FIELDS)))
    groups = [*FAMILIES, "tuned", "held out", "all"]
    for group in groups:
        for engine in ("hoso", "tesseract"):
            c = counts[(group, engine)]
            cells = []
            for name in FIELDS:
                n = c[f"{name}_n"] or 1
                cells.append(f"{c[f'{name}_ok'] / n:>6.0%} ({c[f'{name}_wrong'] / n:>4.0%})")
            flag = " (held out)" if group in HELD_OUT else ""
            print(f"| {group + flag:<14} | {engine:<9} | " + " | ".join(f"{x:>15}" for x in cells) + " |")


if __name__ == "__main__":
    main()
