import json
import unicodedata
from pathlib import Path

import pytest

from ocr.lm_correct import correct_row
from ocr.types import Word

LEGAL = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "legal"
STATUTES = LEGAL / "alqac2024__law.json"
QUESTIONS = LEGAL / "alqac2024__unverified_train.json"


def _row(text: str, conf: float) -> list[Word]:
    return [Word(w, (0, 0, 10, 10), conf) for w in text.split()]


def test_misread_tone_and_lookalikes_are_fixed():
    fixed = correct_row(_row("Viện kiểm sát nhân dân quyêt định khởi tố bị can", 0.5))
    assert " ".join(w.text for w in fixed) == "Viện kiểm sát nhân dân quyết định khởi tố bị can"


def test_identifiers_are_left_alone():
    text = "Số 12/QĐ-VKS ngày 01/02/2026 VKSND"
    assert [w.text for w in correct_row(_row(text, 0.3))] == text.split()


@pytest.mark.skipif(not STATUTES.exists(), reason="statute corpus not present")
def test_every_statute_line_is_left_unchanged():
    changed = []
    for law in json.loads(STATUTES.read_text(encoding="utf-8")):
        for article in law["articles"]:
            for line in unicodedata.normalize("NFC", article["text"]).splitlines():
                if not line.strip():
                    continue
                for conf in (0.95, 0.3):
                    row = _row(line, conf)
                    if [w.text for w in correct_row(row)] != [w.text for w in row]:
                        changed.append(line)
                        break
    assert changed == [], f"{len(changed)} lines changed, e.g. {changed[:3]}"


@pytest.mark.skipif(not QUESTIONS.exists(), reason="ALQAC questions not present")
def test_questions_people_typed_keep_their_words_and_names():
    """430 questions written by people, not part of the model's text: only misspellings that are
    no Vietnamese syllable change, and never a name."""
    changes = []
    for question in json.loads(QUESTIONS.read_text(encoding="utf-8")):
        row = _row(unicodedata.normalize("NFC", question["text"]), 0.3)
        fixed = correct_row(row)
        changes += [(k, row[k].text, fixed[k].text) for k in range(len(row)) if row[k].text != fixed[k].text]
    # "dịnh" → "định", "chũ" → "chủ", and the misspelt opening "Thoài hạn" (meant "Thời hạn").
    assert len(changes) <= 3, changes
    assert all(k == 0 or not word[:1].isupper() for k, word, _ in changes), changes


def test_words_read_surely_are_left_as_read():
    row = _row("Viện kiểm sát quyêt định", 0.95)
    assert [w.text for w in correct_row(row, max_conf=0.8)] == [w.text for w in row]
