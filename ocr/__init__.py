"""Turning one page image or PDF page into text: loading, cleanup, Tesseract, PDF text layers.

Knows nothing about cases or databases; takes paths and options, returns plain dataclasses.
"""

from ocr.engine import OcrOptions, ocr_page, use_one_core
from ocr.loader import SourceInfo, inspect_file, load_page_image
from ocr.types import REVIEW_CONFIDENCE, OcrError, PageResult, Word

__all__ = [
    "OcrError",
    "OcrOptions",
    "PageResult",
    "REVIEW_CONFIDENCE",
    "SourceInfo",
    "Word",
    "inspect_file",
    "load_page_image",
    "ocr_page",
    "use_one_core",
]
