"""One Tesseract pass over a page image giving text, word boxes and confidences together."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import dataclass

import pytesseract
from PIL import Image

from ocr.reading_order import order_rows, split_segments
from ocr.text import clean_text
from ocr.types import OcrError, Word


@dataclass
class Recognition:
    """Raw result of one Tesseract run, in the pixel coordinates of the image it was given."""

    text: str
    words: list[Word]
    confidence: float


def recognise(image: Image.Image, languages: str, dpi: int, psm: int = 3, timeout: int = 300) -> Recognition:
    """Run Tesseract once (TSV output) and rebuild the text line by line from the word table."""
    config = f"--psm {psm} --dpi {dpi}"
    with tempfile.TemporaryDirectory(prefix="hoso-ocr-") as folder:
        # An uncompressed file is written and read far faster than the PNG pytesseract would make.
        source = os.path.join(folder, "page.pnm")
        image.convert("L" if image.mode in ("1", "L") else "RGB").save(source, "PPM")
        try:
            tsv = pytesseract.image_to_data(source, lang=languages, config=config, timeout=timeout)
        except RuntimeError as exc:  # pytesseract raises RuntimeError on timeout
            raise OcrError("timeout", str(exc)) from exc
        except pytesseract.TesseractError as exc:
            raise OcrError("ocr_failed", str(exc)) from exc
    return parse_tsv(tsv)


# Punctuation that stands alone in real documents (list dashes, brackets, ellipses).
_LONE_PUNCTUATION = frozenset({"-", "+", "/", "(", ")", ":", ";", ",", ".", "...", "*", "“", "”", '"', "%", "&", "="})
# Below this confidence a "word" is nearly always speckle, a seal or a signature read as text.
MIN_WORD_CONFIDENCE = 0.20


def is_noise(word: str, conf: float) -> bool:
    """True for recognised marks that are not text: very unsure words, stray symbol clusters."""
    if conf < MIN_WORD_CONFIDENCE:
        return True
    if any(ch.isalnum() for ch in word):
        return False
    return word not in _LONE_PUNCTUATION or conf < 0.5


def parse_tsv(tsv: str) -> Recognition:
    """Words, line-structured text and a length-weighted mean confidence from Tesseract TSV.

    Lines are put in reading order as visual rows (`reading_order`).
    """
    reader = csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE)
    lines: list[list[Word]] = []
    current_line = None
    for row in reader:
        text = (row.get("text") or "").strip()
        try:
            conf = float(row["conf"])
        except (KeyError, TypeError, ValueError):
            continue
        if conf < 0 or not text:
            continue
        word = clean_text(text)
        if not word or is_noise(word, conf / 100):
            continue
        key = (row["page_num"], row["block_num"], row["par_num"], row["line_num"])
        if key != current_line:
            current_line = key
            lines.append([])
        left, top = int(row["left"]), int(row["top"])
        width, height = int(row["width"]), int(row["height"])
        lines[-1].append(Word(text=word, box=(left, top, left + width, top + height), conf=conf / 100))
    ordered = order_rows(split_segments(lines))
    words = [w for row in ordered for w in row]
    text = clean_text("\n".join(" ".join(w.text for w in segment) for segment in ordered))
    total = sum(len(w.text) for w in words)
    confidence = sum(w.conf * len(w.text) for w in words) / total if total else 0.0
    return Recognition(text=text, words=words, confidence=confidence)
