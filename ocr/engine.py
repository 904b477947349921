"""The per-page OCR function: one page of one file in, one `PageResult` out.

Pure with respect to its inputs (a path, a page number and options), so an executor can run
pages of many documents in parallel and a re-run gives the same result.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from ocr.loader import PDF, load_page_image
from ocr.tesseract import recognise
from ocr.textlayer import read_text_layer
from ocr.types import PageResult, Word

DISPLAY_DPI = 150


@dataclass(frozen=True)
class OcrOptions:
    """How to read pages; the defaults suit Vietnamese case files."""

    languages: str = "vie+eng"
    render_dpi: int = 300
    use_text_layer: bool = True
    jpeg_quality: int = 80
    timeout: int = 300


def ocr_page(path: str | Path, media_type: str, number: int, options: OcrOptions = OcrOptions()) -> PageResult:
    """Read page `number` (1-based): the PDF text layer when it is real, Tesseract otherwise."""
    if media_type == PDF and options.use_text_layer:
        layer = read_text_layer(path, number)
        if layer is not None:
            return _from_text_layer(path, number, layer, options)
    image, dpi = load_page_image(path, media_type, number, dpi=options.render_dpi)
    recognition = recognise(image, options.languages, dpi, timeout=options.timeout)
    return PageResult(
        number=number,
        text=recognition.text,
        confidence=recognition.confidence,
        rotation=0,
        skew=0.0,
        source="ocr",
        words=recognition.words,
        width=image.width,
        height=image.height,
        dpi=dpi,
        steps=[],
        image_jpeg=encode_jpeg(image, options.jpeg_quality),
    )


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
    image.convert("L" if image.mode == "L" else "RGB").save(buffer, "JPEG", quality=quality, optimize=True)
    return buffer.getvalue()
