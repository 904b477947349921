"""The re-rank of a question reads each candidate page with one scan for the query's syllables;
it must see exactly what the analyzer sees (syllables held, adjacent pairs side by side) on real
statute text and on case-file pages."""

import json
import random
from pathlib import Path

import pytest

from search.analyzer import analyze, query_syllables_on

LAW = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "legal" / "alqac2024__law.json"
PAGES = [
    "Bị can Nguyễn Văn An, sinh ngày 12/3/1990; bị hại: bà Trần Thị Bình (bị_can, bị-can, BỊ CAN).",
    "Căn cứ Điều 179 Bộ luật Tố tụng hình sự, người bị hại cần có mặt. Xe 43C1-12345, İstanbul, ǅ.",
]


def _articles() -> list[str]:
    if not LAW.exists():
        pytest.skip(f"the statute corpus is not at {LAW}")
    data = json.loads(LAW.read_text(encoding="utf-8"))
    return [a["text"] for law in data for a in law["articles"]]


def test_the_scan_agrees_with_the_analyzer_on_every_statute_article():
    rng = random.Random(5)
    texts = _articles() + PAGES
    assert len(texts) > 2000
    for text in texts:
        folded = analyze(text).folded
        if len(folded) < 3:
            continue
        i = rng.randrange(len(folded) - 2)
        query = [*folded[i : i + 3], rng.choice(folded), "bi", "can", "khong_co"]
        pairs = set(zip(query, query[1:], strict=False))
        expected = (set(folded) & set(query), pairs & set(zip(folded, folded[1:], strict=False)))
        assert query_syllables_on(text, set(query), pairs) == expected, text[:80]
