"""OCR benchmark: the project's OCR against plain `tesseract -l vie` on the same pages, by family.

Families of scan conditions (`sample_files.families`) each draw every page's parameters from
wide random ranges: seals of any red-to-purple hue in multiply or partly opaque ink, second
photocopies, faxes, phone photos, any skew to ±10°, every quarter turn, 150 dpi JPEG, bound
pages, typewritten pages. Each family is flagged tuned (the cleanup steps were adjusted while
looking at it) or held out (never looked at while tuning). Real pages follow: born-digital
PDFs of `../shared/corpora/pdfs` rendered to images and scored against their own text layer.

In the same run both sides read every page in parallel on every core with one Tesseract
thread per process:
  - hoso: `archive.executor.PageExecutor` running `ocr.ocr_page` (the production path);
  - reference: the plain `tesseract IMAGE - -l vie` command, N at a time.
The two alternate in rounds over shares of the pages, so that both meet the same background
load. Prints the character error rate (after NFC and whitespace collapsing) per family for
both, pages per minute and CPU seconds per page for both. Slow: not part of the test run.

    .venv/bin/python bench/ocr_bench.py                    # 3 documents x 11 families + real pages
    .venv/bin/python bench/ocr_bench.py --docs 6 --seed 11 13 --json results.json
    .venv/bin/python bench/ocr_bench.py --families fax typewriter --diff
    .venv/bin/python bench/ocr_bench.py --docs 2 --seed 5 7 9 --no-real --speed-by-family
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from archive.runtime.executor import PageExecutor  # noqa: E402
from ocr import OcrOptions, ocr_page  # noqa: E402
from ocr.engine import use_one_core  # noqa: E402
from ocr.loader import PDF, load_page_image  # noqa: E402
from ocr.metrics import cer, normalise_for_cer  # noqa: E402
from ocr.tesseract_run import in_process  # noqa: E402
from ocr.textlayer import read_text_layer  # noqa: E402
from sample_files.families import FAMILIES, HELD_OUT, family_pages  # noqa: E402

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
# Born-digital pages of the shared corpora with a text layer of real prose, scored against it.
REAL_PAGES = [
    ("pdfs/pdfplumber__federal-register-2020-17221.pdf", 1),  # three-column legal text
    ("pdfs/pdfplumber__2023-06-20-PV.pdf", 1),  # French minutes, diacritics
    ("pdfs/pdfplumber__issue-13-151201DSP-Fond-581-90D.pdf", 1),  # government notice form
    ("pdfs/pypdf-samples__pdflatex-4-pages.pdf", 1),
    ("pdfs/pypdf-samples__multicolumn.pdf", 1),  # two columns
]
REAL = "real PDF pages"


@dataclass
class BenchPage:
    condition: str
    path: Path
    reference: str
    seed: int = 7


def make_pages(folder: Path, docs: int, seeds: list[int], families: list[str]) -> list[BenchPage]:
    """One page of each sample document of each seed under every family, saved as PNG with its dpi."""
    pages = []
    for seed in seeds:
        for index, page in enumerate(family_pages(docs, seed, families)):
            path = folder / f"{seed}_{index:03d}_{page.family}.png"
            page.image.save(path, dpi=(page.dpi, page.dpi))
            pages.append(BenchPage(page.family, path, page.text, seed))
    return pages


def real_pages(folder: Path) -> list[BenchPage]:
    """The born-digital corpus pages as 200 dpi images, each with its own text layer as reference."""
    pages = []
    for name, number in REAL_PAGES:
        source = CORPORA / name
        if not source.exists():
            continue
        layer = read_text_layer(source, number)
        if layer is None or len(layer.text) < 200:
            continue
        image, dpi = load_page_image(source, PDF, number, dpi=200)
        path = folder / f"real_{source.stem}_{number}.png"
        image.save(path, dpi=(dpi, dpi))
        pages.append(BenchPage(REAL, path, layer.text))
    return pages


@dataclass
class Run:
    """One side's readings, wall-clock seconds and CPU seconds (every process involved)."""

    texts: list[str]
    seconds: float = 0.0
    cpu: float = 0.0


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _descendants_cpu() -> float:
    """CPU seconds so far of every live process below this one, with the children each has
    waited for (a pool worker's Tesseract runs), read from /proc."""
    parents, ticks = {}, {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        parents[int(entry)] = int(fields[1])
        ticks[int(entry)] = sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
    me, total = os.getpid(), 0
    for pid, used in ticks.items():
        parent = parents.get(pid)
        while parent not in (None, 0, 1, me):
            parent = parents.get(parent)
        if parent == me:
            total += used
    return total / os.sysconf("SC_CLK_TCK")


def _cpu() -> float:
    """CPU seconds of this process and everything it started, waited for or still running."""
    return _own_cpu() + _children_cpu() + _descendants_cpu()


def run_both(pages: list[BenchPage], workers: int, options: OcrOptions, rounds: int) -> tuple[Run, Run]:
    """hoso and plain Tesseract over every page, in alternating rounds of a share of the pages
    each, so that both meet the same background load of a shared machine.

    hoso runs the production executor with as many single-page documents at once as it
    takes; the reference runs `tesseract IMAGE - -l LANG`, `workers` at a time, one thread each.
    """
    executor = PageExecutor(workers)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def read_hoso(page: BenchPage) -> str:
        return executor.run_pages(page.path, "image/png", [1], options)[0].text

    def read_reference(page: BenchPage) -> str:
        command = ["tesseract", str(page.path), "-", "-l", options.languages]
        return subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout

    sides = {read_hoso: Run([""] * len(pages)), read_reference: Run([""] * len(pages))}
    # hoso takes several documents at once, as the queue gives them; its executor keeps `workers` pages running.
    threads = {read_hoso: workers * 2, read_reference: workers}
    try:
        # Start every worker process before the clock does.
        with ThreadPoolExecutor(max_workers=workers) as documents:
            list(documents.map(read_hoso, pages[:workers]))
        for index in range(rounds):
            share = list(range(index, len(pages), rounds))
            order = list(sides) if index % 2 else list(sides)[::-1]
            for read in order:
                run = sides[read]
                started, cpu = time.perf_counter(), _cpu()
                with ThreadPoolExecutor(max_workers=threads[read]) as pool:
                    for number, text in zip(share, pool.map(read, [pages[n] for n in share]), strict=True):
                        run.texts[number] = text
                run.seconds += time.perf_counter() - started
                run.cpu += _cpu() - cpu
    finally:
        executor.shutdown()
    return sides[read_hoso], sides[read_reference]


def speed_by_family(pages: list[BenchPage], options: OcrOptions) -> dict[str, tuple[float, float]]:
    """CPU seconds per page of each side for each family: every page read once more, one at a
    time, by hoso in this process (one Tesseract thread) and by plain tesseract as a command."""
    use_one_core()
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    spent: dict[str, list[float]] = {}
    for page in pages:
        started = time.process_time()
        ocr_page(page.path, "image/png", 1, options)
        mine = time.process_time() - started
        before = _children_cpu()
        command = ["tesseract", str(page.path), "-", "-l", options.languages]
        subprocess.run(command, capture_output=True, env=env, check=True)
        theirs = _children_cpu() - before
        totals = spent.setdefault(page.condition, [0.0, 0.0, 0])
        totals[0] += mine
        totals[1] += theirs
        totals[2] += 1
    return {name: (mine / n, theirs / n) for name, (mine, theirs, n) in spent.items()}


def print_speed(speeds: dict[str, tuple[float, float]]) -> None:
    print(f"| {'family':<15} | {'hoso CPU s/page':>15} | {'tesseract CPU s/page':>20} | {'ratio':>5} |")
    print(f"|{'-' * 17}|{'-' * 16}:|{'-' * 21}:|{'-' * 6}:|")
    for name, (mine, theirs) in speeds.items():
        print(f"| {name:<15} | {mine:>15.2f} | {theirs:>20.2f} | {theirs / mine:>5.2f} |")
    print()


def summarise(pages: list[BenchPage], texts: list[str]) -> dict[str, float]:
    """CER per condition (mean over its pages) and overall (mean over all pages)."""
    per_page = [cer(text, page.reference) for page, text in zip(pages, texts, strict=True)]
    table: dict[str, float] = {}
    for condition in dict.fromkeys(p.condition for p in pages):
        values = [c for c, p in zip(per_page, pages, strict=True) if p.condition == condition]
        table[condition] = sum(values) / len(values)
    for group, members in (
        ("overall tuned", lambda p: p.condition in FAMILIES and p.condition not in HELD_OUT),
        ("overall held out", lambda p: p.condition in HELD_OUT),
    ):
        values = [c for c, p in zip(per_page, pages, strict=True) if members(p)]
        if values:
            table[group] = sum(values) / len(values)
    table["overall"] = sum(per_page) / len(per_page)
    return table


def print_by_seed(pages: list[BenchPage], texts: list[str], seeds: list[int]) -> None:
    """The project's CER per condition for each seed's documents apart, and the worst."""
    tables = {}
    for seed in seeds:
        mine = [i for i, p in enumerate(pages) if p.seed == seed]
        tables[seed] = summarise([pages[i] for i in mine], [texts[i] for i in mine])
    print("hoso CER by seed:")
    print(f"| {'condition':<15} | " + " | ".join(f"{seed:>6}" for seed in seeds) + " |  worst |")
    print(f"|{'-' * 17}|" + "|".join("-------:" for _ in seeds) + "|-------:|")
    for condition in tables[seeds[0]]:
        values = [tables[seed][condition] for seed in seeds]
        print(f"| {condition:<15} | " + " | ".join(f"{v:>6.2%}" for v in values) + f" | {max(values):>6.2%} |")
    print()


def misread_spans(hypothesis: str, reference: str) -> list[tuple[str, str]]:
    """Word-aligned (reference, hypothesis) spans that differ, after `normalise_for_cer` on both."""
    ref, hyp = normalise_for_cer(reference).split(" "), normalise_for_cer(hypothesis).split(" ")
    matcher = difflib.SequenceMatcher(None, ref, hyp, autojunk=False)
    return [
        (" ".join(ref[i0:i1]), " ".join(hyp[j0:j1])) for op, i0, i1, j0, j1 in matcher.get_opcodes() if op != "equal"
    ]


def print_diff(pages: list[BenchPage], texts: list[str]) -> None:
    """Every misread span of every page, grouped by condition: `reference => hypothesis`."""
    for condition in dict.fromkeys(p.condition for p in pages):
        print(f"\n## {condition}")
        for page, text in zip(pages, texts, strict=True):
            if page.condition != condition:
                continue
            spans = misread_spans(text, page.reference)
            print(f"- {page.path.name}: CER {cer(text, page.reference):.2%}, {len(spans)} misread spans")
            for ref, hyp in spans:
                print(f"    {ref or '∅'!r} => {hyp or '∅'!r}")


def print_table(hoso: dict[str, float], reference: dict[str, float]) -> None:
    """The CER table: each family flagged tuned or held out, then totals for each group."""
    print(f"| {'family':<15} | {'':<8} | {'CER hoso':>9} | {'CER tesseract':>13} |")
    print(f"|{'-' * 17}|{'-' * 10}|{'-' * 10}:|{'-' * 14}:|")
    for name in hoso:
        if name == "overall" or name.startswith("overall "):
            continue
        flag = "real" if name == REAL else ("held out" if name in HELD_OUT else "tuned")
        print(f"| {name:<15} | {flag:<8} | {hoso[name]:>8.2%} | {reference[name]:>12.2%} |")
    for name in ("overall tuned", "overall held out", "overall"):
        if name in hoso:
            print(f"| **{name}** | | {hoso[name]:>8.2%} | {reference[name]:>12.2%} |")
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=3, help="sample documents (one page each per condition)")
    parser.add_argument(
        "--seed",
        type=int,
        nargs="+",
        default=[7],
        help="seeds of the sample documents; several give more documents of other kinds",
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--languages", default="vie", help="Tesseract languages for both runs")
    parser.add_argument("--families", nargs="*", default=list(FAMILIES))
    parser.add_argument("--no-real", action="store_true", help="leave out the real corpus pages")
    parser.add_argument("--rounds", type=int, default=4, help="alternations of the two runs")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--diff", action="store_true", help="print the misread spans of every page (hoso run)")
    parser.add_argument(
        "--speed-by-family",
        action="store_true",
        help="then read every page again one at a time, both sides, and print CPU seconds per page by family",
    )
    args = parser.parse_args(argv)

    options = OcrOptions(languages=args.languages)
    with tempfile.TemporaryDirectory(prefix="hoso-bench-") as folder:
        pages = make_pages(Path(folder), args.docs, args.seed, args.families)
        if not args.no_real:
            pages += real_pages(Path(folder))
        engine = "in-process (tesserocr)" if in_process(args.languages) else "as a command (pytesseract)"
        print(
            f"{len(pages)} pages ({args.docs} documents x {len(args.seed)} seeds x {len(args.families)} "
            f"families, and real pages), "
            f"{args.workers} workers, languages {args.languages}, hoso's Tesseract {engine}",
            flush=True,
        )
        hoso_run, reference_run = run_both(pages, args.workers, options, args.rounds)
        speeds = speed_by_family(pages, options) if args.speed_by_family else None

    if args.diff:
        print_diff(pages, hoso_run.texts)
    hoso = summarise(pages, hoso_run.texts)
    reference = summarise(pages, reference_run.texts)
    hoso_rate = len(pages) / hoso_run.seconds * 60
    reference_rate = len(pages) / reference_run.seconds * 60
    hoso_cpu = hoso_run.cpu / len(pages)
    reference_cpu = reference_run.cpu / len(pages)

    print()
    print_table(hoso, reference)
    if len(args.seed) > 1:
        print_by_seed(pages, hoso_run.texts, args.seed)
    if speeds is not None:
        print("CPU seconds per page by family, one page at a time (throughput ratio: tesseract / hoso):")
        print_speed(speeds)
    print(
        f"pages/min: hoso {hoso_rate:.1f}, tesseract {reference_rate:.1f} "
        f"(ratio {hoso_rate / reference_rate:.2f}) on {args.workers} workers"
    )
    print(
        f"CPU s/page: hoso {hoso_cpu:.3f}, tesseract {reference_cpu:.3f} "
        f"(throughput ratio {reference_cpu / hoso_cpu:.2f})"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "pages": len(pages),
                    "workers": args.workers,
                    "languages": args.languages,
                    "cer": {"hoso": hoso, "tesseract": reference},
                    "pages_per_minute": {"hoso": hoso_rate, "tesseract": reference_rate},
                    "cpu_seconds_per_page": {"hoso": hoso_cpu, "tesseract": reference_cpu},
                    "cpu_seconds_per_page_by_family": (
                        {name: {"hoso": mine, "tesseract": theirs} for name, (mine, theirs) in speeds.items()}
                        if speeds is not None
                        else None
                    ),
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
