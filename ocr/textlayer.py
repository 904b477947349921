"""Born-digital PDF pages: take the text layer with word boxes instead of running OCR."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

from ocr.text import clean_text
from ocr.types import Word

# A page whose text layer has fewer letters than this is treated as a scan.
MIN_LETTERS = 40


@dataclass
class TextLayer:
    """The text layer of one PDF page; boxes in PDF points from the top-left corner."""

    text: str
    words: list[Word]
    width: float
    height: float


def read_text_layer(path: str | Path, number: int) -> TextLayer | None:
    """The usable text layer of page `number` (1-based), or None when the page needs OCR."""
    with pdfplumber.open(str(path)) as pdf:
        page = pdf.pages[number - 1]
        raw_words = page.extract_words(keep_blank_chars=False, use_text_flow=True)
        text = page.extract_text(layout=False) or ""
        width, height = float(page.width), float(page.height)
    text = clean_text(text)
    if not _looks_real(text):
        return None
    words = [
        Word(
            text=unicodedata.normalize("NFC", w["text"]),
            box=(round(w["x0"]), round(w["top"]), round(w["x1"]), round(w["bottom"])),
            conf=1.0,
        )
        for w in raw_words
        if w["text"].strip()
    ]
    return TextLayer(text=text, words=words, width=width, height=height)


def _looks_real(text: str) -> bool:
    """Enough letters, and mostly printable: rules out empty and garbage (unmapped-font) layers."""
    letters = sum(ch.isalpha() for ch in text)
    if letters < MIN_LETTERS:
        return False
    odd = sum(1 for ch in text if unicodedata.category(ch) in ("Co", "Cn", "Cc") and ch not in "\n\t")
    return odd / max(1, len(text)) < 0.05
