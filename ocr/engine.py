"""The per-page OCR function: one page of one file in, one `PageResult` out.

Pure with respect to its inputs (a path, a page number and options), so an executor can run
pages of many documents in parallel and a re-run gives the same result.
"""

from __future__ import annotations

import io
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import cv2
from PIL import Image

from ocr.cleanup import ALL_STEPS, CleanPage, clean_page
from ocr.loader import PDF, load_page_image
from ocr.never_worse import keep_better
from ocr.page_kind import page_kind
from ocr.tesseract import recognise
from ocr.tesseract_run import page_budget
from ocr.textlayer import read_text_layer
from ocr.types import OcrError, PageResult, Word

DISPLAY_DPI = 150
log = logging.getLogger("ocr.engine")


@dataclass(frozen=True)
class OcrOptions:
    """How to read pages; the defaults suit Vietnamese case files."""

    languages: str = "vie"
    render_dpi: int = 300
    use_text_layer: bool = True
    cleanup: bool = True  # orientation, deskew, ink, seals, signatures, background, speckles, upscaling
    cleanup_steps: frozenset[str] = ALL_STEPS
    jpeg_quality: int = 80
    timeout: float = 300  # seconds of Tesseract for one page, every run on it together


def use_one_core() -> None:
    """Keep this process's OCR on one core: one Tesseract thread, no OpenCV thread pool.

    For the worker processes of a pool that already keeps every core busy, where more
    threads only add switching.
    """
    os.environ["OMP_THREAD_LIMIT"] = "1"
    cv2.setNumThreads(1)


def ocr_page(path: str | Path, media_type: str, number: int, options: OcrOptions = OcrOptions()) -> PageResult:
    """Read page `number` (1-based): the PDF text layer when it is real, Tesseract otherwise.

    Every failure is an `OcrError` naming the page; a library's own exception never escapes.
    """
    try:
        return _read_page(path, media_type, number, options)
    except OcrError as exc:
        if exc.page is None:
            exc.page = number
        raise
    except MemoryError as exc:
        raise OcrError("out_of_memory", f"page {number}", page=number) from exc
    except Exception as exc:  # noqa: BLE001 - cleanup and recognition libraries raise many kinds
        log.exception("page %s of %s failed", number, path)
        raise OcrError("ocr_failed", f"page {number}: {type(exc).__name__}: {exc}", page=number) from exc


def _read_page(path: str | Path, media_type: str, number: int, options: OcrOptions) -> PageResult:
    if media_type == PDF and options.use_text_layer:
        layer = _text_layer_or_none(path, number)
        if layer is not None:
            return _from_text_layer(path, number, layer, options)
    image, dpi = load_page_image(path, media_type, number, dpi=options.render_dpi)
    with page_budget(options.timeout):  # one budget for every Tesseract run on this page
        return _recognise_page(image, dpi, number, options)


def _recognise_page(image: Image.Image, dpi: int, number: int, options: OcrOptions) -> PageResult:
    if options.cleanup:
        page = clean_page(image, dpi, options.languages, options.cleanup_steps)
    else:
        page = CleanPage(display=image, ocr_image=image, ocr_dpi=dpi, scale=1.0, rotation=0, skew=0.0)
    recognition = recognise(page.ocr_image, options.languages, page.ocr_dpi, timeout=options.timeout)
    if options.cleanup and page.risky:
        page, recognition = keep_better(
            image, dpi, options.languages, options.cleanup_steps, page, recognition, options.timeout
        )
    display = page.display
    kind = page_kind(image, recognition.words)
    return PageResult(
        number=number,
        text=recognition.text,
        confidence=recognition.confidence,
        rotation=page.rotation,
        skew=page.skew,
        source="ocr",
        words=_scale_words(recognition.words, 1 / page.scale, display.width, display.height),
        width=display.width,
        height=display.height,
        dpi=dpi,
        steps=[*page.steps, *recognition.steps],
        image_jpeg=encode_jpeg(display, options.jpeg_quality),
        kind=kind,
    )


def _text_layer_or_none(path, number: int):
    """The page's usable text layer; None (read the rendered page instead) when the layer cannot be parsed.

    pdfium renders many files whose structure the text-layer parser rejects (loops, odd filters).
    """
    try:
        return read_text_layer(path, number)
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged text layer is read as a scan instead
        log.warning(
            "page %s of %s: text layer unreadable (%s: %s), reading the image", number, path, type(exc).__name__, exc
        )
        return None


def _scale_words(words: list[Word], factor: float, width: int, height: int) -> list[Word]:
    """Word boxes moved from the OCR image to the display image, clipped to it."""
    if factor == 1.0:
        return words
    scaled = []
    for w in words:
        x0, y0, x1, y1 = (round(v * factor) for v in w.box)
        box = (max(0, x0), max(0, y0), min(width, max(x1, x0 + 1)), min(height, max(y1, y0 + 1)))
        scaled.append(Word(text=w.text, box=box, conf=w.conf))
    return scaled


def _from_text_layer(path, number, layer, options: OcrOptions) -> PageResult:
    image, _ = load_page_image(path, PDF, number, dpi=DISPLAY_DPI)
    scale_x = image.width / layer.width
    scale_y = image.height / layer.height
    words = [
        Word(
            text=w.text,
            box=(
                round(w.box[0] * scale_x),
                round(w.box[1] * scale_y),
                round(w.box[2] * scale_x),
                round(w.box[3] * scale_y),
            ),
            conf=1.0,
        )
        for w in layer.words
    ]
    return PageResult(
        number=number,
        text=layer.text,
        confidence=1.0,
        rotation=0,
        skew=0.0,
        source="text-layer",
        words=words,
        width=image.width,
        height=image.height,
        dpi=DISPLAY_DPI,
        steps=["text-layer"],
        image_jpeg=encode_jpeg(image, options.jpeg_quality),
    )


def encode_jpeg(image: Image.Image, quality: int) -> bytes:
    """The page image as JPEG bytes, for storage and the viewer."""
    buffer = io.BytesIO()
    (image if image.mode in ("L", "RGB") else image.convert("RGB")).save(buffer, "JPEG", quality=quality, optimize=True)
    return buffer.getvalue()
