"""Classification and extraction accuracy on generated documents rendered, degraded like real scans and
read back with Tesseract: accuracy per type, confusion pairs, field precision/recall, page splitting."""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archive.classification import (  # noqa: E402
    REVIEW_THRESHOLD,
    classify,
    needs_review,
    nfc,
    split_pages,
    train_model,
)
from archive.classification.extract import compose_issuer  # noqa: E402

CACHE = ROOT / "bench" / "out" / "classify_eval"
OCR_LANG = "vie+eng"


@dataclass
class PageJob:
    key: str
    doc_index: int
    page_index: int
    condition: str


def _conditions() -> dict:
    from sample_files import degrade

    return dict(degrade.CONDITIONS)


def _ocr_version() -> str:
    """A digest of the OCR package's code and data: a cached reading is stale once it changes."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "ocr").rglob("*")):
        if path.is_file() and path.suffix in (".py", ".txt"):
            digest.update(path.relative_to(ROOT).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


_OCR_VERSION = _ocr_version()


def _page_key(doc, page_text: str, page_index: int, condition: str, dpi: int, cleanup: bool) -> str:
    identity = (
        f"{doc.doc_type}|{doc.number}|{doc.date}|{doc.title}|{page_index}|{page_text}|{condition}|{dpi}"
        f"|{'cleanup' if cleanup else 'raw'}|{_OCR_VERSION}"
    )
    return hashlib.sha256(identity.encode()).hexdigest()[:24]


def _ocr_document(args: tuple) -> list[tuple[str, str]]:
    """Render, degrade and OCR every page of one document (runs in a worker); returns (key, text) pairs."""
    doc, condition, dpi, keys, cleanup = args
    import pytesseract

    from sample_files.render import render_document

    conditions = _conditions()
    out = []
    pages = render_document(doc, dpi=dpi)
    for page, key in zip(pages, keys, strict=True):
        path = CACHE / f"{key}.txt"
        if path.exists():
            out.append((key, path.read_text(encoding="utf-8")))
            continue
        image = conditions[condition](page.image) if condition in conditions else page.image
        ocr_dpi = dpi
        if cleanup:
            # The pipeline's own page cleanup (orientation, deskew, seal ink, background) before Tesseract.
            from ocr.cleanup import clean_page

            cleaned = clean_page(image, dpi, languages=OCR_LANG)
            image, ocr_dpi = cleaned.ocr_image, cleaned.ocr_dpi
        text = nfc(pytesseract.image_to_string(image, lang=OCR_LANG, config=f"--dpi {ocr_dpi}"))
        path.write_text(text, encoding="utf-8")
        out.append((key, text))
    return out


def _worker_init() -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"  # one Tesseract thread per worker process


def read_documents(docs, condition_names: list[str], dpi: int, workers: int, clean_text: bool, cleanup: bool):
    """Page texts per document: cached OCR of the degraded render, or the exact drawn text with --clean-text."""
    from sample_files.render import layout_document

    CACHE.mkdir(parents=True, exist_ok=True)
    conditions_of: list[str] = []
    jobs = []
    texts: list[list[str]] = []
    for index, doc in enumerate(docs):
        condition = condition_names[index % len(condition_names)]
        conditions_of.append(condition)
        drawn = [page.text for page in layout_document(doc)]
        if clean_text:
            texts.append(drawn)
            continue
        keys = [_page_key(doc, text, i, condition, dpi, cleanup) for i, text in enumerate(drawn)]
        texts.append(keys)
        if not all((CACHE / f"{key}.txt").exists() for key in keys):
            jobs.append((doc, condition, dpi, keys, cleanup))
    if clean_text:
        return texts, conditions_of
    cached = {}
    if jobs:
        print(
            f"OCR of {sum(len(j[3]) for j in jobs)} pages in {len(jobs)} documents with {workers} workers ...",
            file=sys.stderr,
        )
        started = time.time()
        with ProcessPoolExecutor(max_workers=workers, initializer=_worker_init) as pool:
            for done, result in enumerate(pool.map(_ocr_document, jobs), 1):
                cached.update(result)
                if done % 10 == 0:
                    print(f"  {done}/{len(jobs)} documents, {time.time() - started:.0f} s", file=sys.stderr)
    resolved = []
    for keys in texts:
        resolved.append([cached.get(key) or (CACHE / f"{key}.txt").read_text(encoding="utf-8") for key in keys])
    return resolved, conditions_of


# ------------------------------------------------------------------------------------------- metrics


class SetScore:
    """Micro precision/recall over predicted and expected items, plus per-document exact match."""

    def __init__(self) -> None:
        self.true_positive = self.predicted = self.expected = self.exact = self.documents = 0

    def add(self, predicted, expected) -> None:
        predicted, expected = set(predicted), set(expected)
        self.true_positive += len(predicted & expected)
        self.predicted += len(predicted)
        self.expected += len(expected)
        self.exact += predicted == expected
        self.documents += 1

    def row(self, name: str) -> str:
        precision = self.true_positive / self.predicted if self.predicted else 1.0
        recall = self.true_positive / self.expected if self.expected else 1.0
        exact = self.exact / self.documents if self.documents else 0.0
        return f"{name:<22}{precision:>10.1%}{recall:>10.1%}{exact:>10.1%}   ({self.expected} expected)"


def _single(value) -> list:
    return [] if value in (None, "") else [value]


def expected_issuer(doc) -> str | None:
    return compose_issuer(doc.issuer, doc.parent_issuer) if doc.issuer else None


def print_field_misses(docs, results) -> None:
    """Every document whose type, number or date differs from the ground truth."""
    print("\nMisses (type / number / date):")
    for index, (doc, result) in enumerate(zip(docs, results, strict=True)):
        fields = result.fields
        misses = []
        if result.doc_type != doc.doc_type:
            misses.append(f"type {result.doc_type} != {doc.doc_type} (title {result.title!r})")
        if fields.number != doc.number:
            misses.append(f"number {fields.number} != {doc.number}")
        if fields.date != doc.date:
            misses.append(f"date {fields.date} != {doc.date}")
        if misses:
            print(f"  #{index} {doc.doc_type}: " + "; ".join(misses))


def evaluate(docs, page_texts, conditions_of, with_model: bool, verbose: bool = False) -> None:
    texts = ["\n".join(pages) for pages in page_texts]
    results = [classify(text) for text in texts]

    per_type: dict[str, Counter] = defaultdict(Counter)
    confusion: Counter = Counter()
    per_condition: dict[str, Counter] = defaultdict(Counter)
    for doc, result, condition in zip(docs, results, conditions_of, strict=True):
        ok = result.doc_type == doc.doc_type
        per_type[doc.doc_type]["n"] += 1
        per_type[doc.doc_type]["ok"] += ok
        per_type[doc.doc_type]["review"] += needs_review(result)
        per_condition[condition]["n"] += 1
        per_condition[condition]["ok"] += ok
        if not ok:
            confusion[(doc.doc_type, result.doc_type)] += 1

    total = len(docs)
    correct = sum(c["ok"] for c in per_type.values())
    print(f"\nDocuments: {total}   types: {len(per_type)}   review threshold: {REVIEW_THRESHOLD}")
    print(f"\n{'type':<26}{'n':>4}{'accuracy':>10}{'review':>8}")
    for code in sorted(per_type):
        c = per_type[code]
        print(f"{code:<26}{c['n']:>4}{c['ok'] / c['n']:>10.1%}{c['review']:>8}")
    print(f"{'ALL':<26}{total:>4}{correct / total:>10.1%}{sum(c['review'] for c in per_type.values()):>8}")

    print("\nAccuracy per scan condition:")
    for condition in sorted(per_condition):
        c = per_condition[condition]
        print(f"  {condition:<24}{c['n']:>4}{c['ok'] / c['n']:>10.1%}")

    print("\nConfusion pairs (expected -> predicted):")
    if not confusion:
        print("  none")
    for (expected, predicted), count in confusion.most_common():
        print(f"  {expected} -> {predicted}: {count}")

    accepted = [(d, r) for d, r in zip(docs, results, strict=True) if not needs_review(r)]
    if accepted:
        accepted_ok = sum(r.doc_type == d.doc_type for d, r in accepted)
        print(f"\nAccepted without review: {len(accepted)}/{total}, of which correct {accepted_ok / len(accepted):.1%}")

    scores = {
        name: SetScore()
        for name in (
            "number",
            "date",
            "issuer",
            "case_numbers",
            "articles",
            "people",
            "people (parties)",
            "people (names)",
        )
    }
    for doc, result in zip(docs, results, strict=True):
        fields = result.fields
        scores["number"].add(_single(fields.number), _single(doc.number))
        scores["date"].add(_single(fields.date), _single(doc.date))
        scores["issuer"].add(_single(fields.issuer), _single(expected_issuer(doc)))
        scores["case_numbers"].add(fields.case_numbers, doc.case_numbers)
        scores["articles"].add(fields.articles, doc.articles)
        scores["people"].add([(p.name, p.role) for p in fields.people], [tuple(p) for p in doc.people])
        # The generated ground truth lists parties and witnesses, not the officials conducting the procedure.
        scores["people (parties)"].add(
            [(p.name, p.role) for p in fields.people if not p.is_official], [tuple(p) for p in doc.people]
        )
        scores["people (names)"].add([p.name for p in fields.people], [p[0] for p in doc.people])
    print(f"\n{'field':<22}{'precision':>10}{'recall':>10}{'exact':>10}")
    for name, score in scores.items():
        print(score.row(name))
    if verbose:
        print_field_misses(docs, results)

    if with_model:
        evaluate_with_model(docs, texts, results)


def evaluate_with_model(docs, texts, rule_results) -> None:
    """Two-fold: a model trained on the confirmed types of one half classifies the other half."""
    halves = [list(range(0, len(docs), 2)), list(range(1, len(docs), 2))]
    correct_rules = correct_combined = 0
    for train, test in (halves, halves[::-1]):
        model = train_model([(texts[i], docs[i].doc_type) for i in train])
        for i in test:
            correct_rules += rule_results[i].doc_type == docs[i].doc_type
            correct_combined += classify(texts[i], model).doc_type == docs[i].doc_type
    print(
        f"\nTwo-fold with a learned model: rules alone {correct_rules / len(docs):.1%}, "
        f"rules + model {correct_combined / len(docs):.1%}"
    )


def evaluate_splitting(page_texts) -> None:
    """All documents' pages in one upload: are the document boundaries found?"""
    pages = [page for document in page_texts for page in document]
    true_starts, position = set(), 0
    for document in page_texts:
        true_starts.add(position)
        position += len(document)
    found = {r.start for r in split_pages(pages)}
    hits = len(found & true_starts)
    print(
        f"\nSplitting {len(pages)} pages of {len(page_texts)} documents: boundary precision "
        f"{hits / len(found):.1%}, recall {hits / len(true_starts):.1%}, exact documents "
        f"{sum(1 for r in split_pages(pages) if r.start in true_starts and r.stop in true_starts | {len(pages)})}"
        f"/{len(page_texts)}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=72, help="number of generated documents (default 72)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2, help="OCR processes (default 2)")
    parser.add_argument("--conditions", default="", help="comma-separated scan conditions (default: all)")
    parser.add_argument(
        "--raw", action="store_true", help="OCR the degraded image as is, without the pipeline's cleanup (ocr.cleanup)"
    )
    parser.add_argument("--clean-text", action="store_true", help="use the drawn text, no rendering or OCR")
    parser.add_argument("--verbose", action="store_true", help="list the documents with a wrong type, number or date")
    parser.add_argument("--with-model", action="store_true", help="also evaluate rules + a learned model")
    args = parser.parse_args(argv)

    from sample_files.corpus import make_documents

    docs = make_documents(args.documents, seed=args.seed)
    try:
        available = list(_conditions())
    except ImportError:
        available = ["clean"]
        print("sample_files.degrade is not available: pages are OCR'd undegraded", file=sys.stderr)
    names = [n.strip() for n in args.conditions.split(",") if n.strip()] or available
    unknown = [n for n in names if n not in available]
    if unknown:
        parser.error(f"unknown condition(s): {', '.join(unknown)}; available: {', '.join(available)}")
    page_texts, conditions_of = read_documents(
        docs, names, args.dpi, args.workers, args.clean_text, cleanup=not args.raw
    )
    started = time.time()
    evaluate(docs, page_texts, conditions_of, args.with_model, args.verbose)
    evaluate_splitting(page_texts)
    print(f"\nClassification time: {time.time() - started:.1f} s for {len(docs)} documents")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
