"""Fields on real Tesseract output: a clean scan keeps its number, date and issuer with the words
they came from; a number written in by hand is left empty and sent to review, never guessed."""

from __future__ import annotations

import math
import random
import re

import pytest
from PIL import Image, ImageDraw

from archive.classification import fold
from archive.processing.documents import review_reasons
from archive.processing.field_evidence import FIELD_CONFIDENCE
from archive.processing.ingest import Ingestor, expand_paths
from archive.processing.pipeline import process_document
from archive.records.models import Document
from ocr.engine import ocr_page


def _letters(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(text))


def _process(archive, path) -> int:
    report = Ingestor(archive).ingest_all(expand_paths([path]))
    assert not report.rejected, report.rejected
    process_document(archive, report.documents[0].id)
    return report.documents[0].id


def _write_number_by_hand(source, target):
    """The printed number's digits blanked and written again in blue ballpoint, as on a decision
    numbered by hand after printing (the "/" and the symbol stay printed)."""
    page = ocr_page(source, "image/png", 1)
    word = next(w for w in page.words if "/" in w.text and w.text[0].isdigit())
    digits = word.text.index("/")
    x0, y0, x1, y1 = word.box
    width = (x1 - x0) * digits // len(word.text)
    image = Image.open(source).convert("RGB")
    draw = ImageDraw.Draw(image)
    draw.rectangle([x0, y0 - 2, x0 + width - 2, y1 + 2], fill="white")
    jitter = random.Random(3)

    def stroke(points):
        draw.line(
            [(x + jitter.uniform(-1.5, 1.5), y + jitter.uniform(-1.5, 1.5)) for x, y in points],
            fill=(30, 40, 160),
            width=3,
            joint="curve",
        )

    h, bx, by = y1 - y0 + 10, x0 + 2, y0 - 8
    stroke(
        [
            (bx + 14, by),
            (bx + 2, by + 2),
            (bx, by + h * 0.45),
            (bx + 12, by + h * 0.4),
            (bx + 16, by + h * 0.7),
            (bx + 8, by + h),
            (bx - 2, by + h * 0.9),
        ]
    )
    for cy, r in ((by + h * 0.28, h * 0.25), (by + h * 0.72, h * 0.28)):
        stroke([(bx + 30 + r * math.cos(t * math.pi / 5) * 0.8, cy + r * math.sin(t * math.pi / 5)) for t in range(11)])
    image.save(target)
    return target


def test_clean_scan_keeps_its_fields_with_the_words_they_came_from(archive, scans):
    truth = scans["docs"]["png"]
    with archive.session() as session:
        document = session.get(Document, _process(archive, scans["png"]))
        part = document.parts[0]
        fields = part.fields
        assert fields["number"] == truth.number
        assert fields["date"] == truth.date.isoformat()
        assert fields["doubts"] == []
        words = document.pages[0].words
        for name in ("number", "date", "issuer"):
            evidence = fields["evidence"][name]
            assert evidence["page"] == 1 and evidence["confidence"] >= FIELD_CONFIDENCE
            read = _letters(" ".join(words[i][0] for i in evidence["words"]))
            assert read.endswith(_letters(fields[name])) if name != "date" else read.endswith(str(truth.date.year))
        assert not {"number_unreadable", "date_unreadable", "issuer_unreadable"} & set(review_reasons(document))


def test_number_written_in_by_hand_is_left_empty_and_sent_to_review(archive, scans, tmp_path):
    path = _write_number_by_hand(scans["png"], tmp_path / "so-viet-tay.png")
    truth = scans["docs"]["png"]
    with archive.session() as session:
        document = session.get(Document, _process(archive, path))
        fields = document.parts[0].fields
        assert fields["number"] in (None, truth.number), "a number is either read right or not shown"
        if fields["number"] is None:
            assert "number_unreadable" in fields["doubts"]
            assert "number_unreadable" in review_reasons(document) and document.needs_review
        assert fields["date"] == truth.date.isoformat()


@pytest.mark.parametrize("confidence", [0.2, 0.45])
def test_a_value_read_from_unsure_words_is_not_shown(archive, scans, confidence):
    # The same clean page, with OCR's confidence in the number's word lowered as Tesseract reports
    # it for a stamped number: the value is withheld and its words kept for the review page.
    from archive.processing.documents import classify_part
    from archive.processing.part_fields import field_evidence as part_field_evidence

    with archive.transaction() as session:
        document = session.get(Document, _process(archive, scans["png"]))
        page = document.pages[0]
        index = document.parts[0].fields["evidence"]["number"]["words"][0]
        words = [list(w) for w in page.words]
        words[index][2] = confidence
        page.words = words
        part = document.parts[0]
        classify_part(document, part, None)
        assert part.fields["number"] is None
        assert "number_unreadable" in part.fields["doubts"]
        assert part.fields["evidence"]["number"]["words"] == [index]
        # The review page boxes the withheld number's words, for a person to read.
        shown = part_field_evidence(document, part)["number"]
        assert shown == {"page": page.number, "boxes": [list(words[index][1])]}
