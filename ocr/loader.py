"""Reading page sources: sniff the real file type, check limits, count pages, load one page.

Supports JPEG, PNG, TIFF (multi-page) and PDF. Every failure is an `OcrError` with a
stable code (empty, unsupported_type, corrupt, encrypted, too_large, too_small, too_many_pages)
and a technical detail for logs; a decoder's own exception never escapes.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageOps

from ocr.types import OcrError

IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "TIFF": "image/tiff"}
PDF = "application/pdf"
SUPPORTED = (*IMAGE_TYPES.values(), PDF)

# Pillow refuses bombs itself above 2x this; we check before decoding instead.
Image.MAX_IMAGE_PIXELS = None
# The most pixels a page is read at: A2 at 300 dpi. Larger pages are read at a lower resolution.
MAX_PAGE_PIXELS = 40_000_000


@dataclass(frozen=True)
class SourceInfo:
    """What a page source file is, as far as can be told without OCR."""

    media_type: str
    page_count: int


def sniff_media_type(head: bytes) -> str | None:
    """The media type told by a file's first bytes, or None when it is not a page format."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    if b"%PDF-" in head[:1024]:
        return PDF
    return None


def inspect_file(path: str | Path, max_pixels: int = 120_000_000, max_pages: int = 2000) -> SourceInfo:
    """Check that a file is a readable page source within limits, without decoding pixels."""
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise OcrError("empty")
    with path.open("rb") as fh:
        head = fh.read(1024)
    media_type = sniff_media_type(head)
    if media_type is None:
        raise OcrError("unsupported_type")
    if media_type == PDF:
        count = _inspect_pdf(path, max_pixels)
    else:
        count = _inspect_image(path, max_pixels)
    if count == 0:
        raise OcrError("empty", "no pages")
    if count > max_pages:
        raise OcrError("too_many_pages", f"{count} > {max_pages}")
    return SourceInfo(media_type=media_type, page_count=count)


def _inspect_image(path: Path, max_pixels: int) -> int:
    try:
        with Image.open(path) as img:
            frames = getattr(img, "n_frames", 1)
            for index in range(frames):
                img.seek(index)
                width, height = img.size
                if width * height > max_pixels:
                    raise OcrError("too_large", f"{width}x{height}", page=index + 1)
                if width < 16 or height < 16:
                    raise OcrError("too_small", f"{width}x{height}", page=index + 1)
            # Decode the first frame fully so truncated files are caught at the door.
            img.seek(0)
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                img.load()
            return frames
    except OcrError:
        raise
    except MemoryError as exc:
        raise OcrError("out_of_memory", "while decoding") from exc
    except Exception as exc:  # noqa: BLE001 - a hostile file can make a decoder raise anything
        raise OcrError("corrupt", f"{type(exc).__name__}: {exc}") from exc


def _open_pdf(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise OcrError("encrypted", str(exc)) from exc
        raise OcrError("corrupt", str(exc)) from exc


def _inspect_pdf(path: Path, max_pixels: int) -> int:
    pdf = _open_pdf(path)
    try:
        count = len(pdf)
        for index in range(count):
            try:
                width, height = pdf.get_page_size(index)
            except pdfium.PdfiumError as exc:  # a broken page tree: the page cannot be found
                raise OcrError("corrupt", f"page {index + 1}: {exc}", page=index + 1) from exc
            # A page rendered at 300 dpi must stay under the pixel limit.
            if (width / 72 * 300) * (height / 72 * 300) > max_pixels:
                raise OcrError("too_large", f"page {index + 1}: {width:.0f}x{height:.0f} pt", page=index + 1)
        return count
    finally:
        pdf.close()


def load_page_image(path: str | Path, media_type: str, number: int, dpi: int = 300) -> tuple[Image.Image, int]:
    """Page `number` (1-based) as an RGB or greyscale image, and its resolution in dpi.

    A large-format page (a poster, a plan) comes at the lower resolution that keeps it within
    `MAX_PAGE_PIXELS`: its lettering is large, and cleanup and OCR of a 100-megapixel page would
    need gigabytes.
    """
    if media_type == PDF:
        pdf = _open_pdf(Path(path))
        try:
            page = pdf[number - 1]
            width, height = _visible_size(page)
            pixels = (width / 72 * dpi) * (height / 72 * dpi)
            if pixels > MAX_PAGE_PIXELS:
                dpi = max(72, int(dpi * math.sqrt(MAX_PAGE_PIXELS / pixels)))
            bitmap = page.render(scale=dpi / 72)
            image = bitmap.to_pil().convert("RGB")
            page.close()
            return image, dpi
        except MemoryError as exc:
            raise OcrError("out_of_memory", f"page {number}: while rendering", page=number) from exc
        except Exception as exc:  # noqa: BLE001 - pdfium reports a broken page in many ways
            raise OcrError("corrupt", f"page {number}: {type(exc).__name__}: {exc}", page=number) from exc
        finally:
            pdf.close()
    try:
        with Image.open(path) as img:
            img.seek(number - 1)
            resolution = _image_dpi(img)
            # Only JPEG and TIFF photos carry an orientation tag; transposing copies the image.
            turned = number == 1 and img.getexif().get(0x0112, 1) != 1
            image = ImageOps.exif_transpose(img) if turned else img
            mode = "L" if image.mode in ("1", "L", "I;16", "I") else "RGB"
            if image.mode != mode:
                image = image.convert(mode)
            else:
                image.load()  # the pixels outlive the file, closed on leaving this block
            factor = math.ceil(math.sqrt(image.width * image.height / MAX_PAGE_PIXELS))
            if factor > 1:
                image, resolution = image.reduce(factor), max(1, resolution // factor)
            return image, resolution
    except MemoryError as exc:
        raise OcrError("out_of_memory", f"page {number}: while decoding", page=number) from exc
    except Exception as exc:  # noqa: BLE001 - a hostile file can make a decoder raise anything
        raise OcrError("corrupt", f"page {number}: {type(exc).__name__}: {exc}", page=number) from exc


def _visible_size(page) -> tuple[float, float]:
    """The page's size in points; a crop box lying outside the media box (nothing visible) is
    replaced by the media box, as viewers do."""
    width, height = page.get_size()
    if width <= 0 or height <= 0:
        left, bottom, right, top = page.get_mediabox()
        if right > left and top > bottom:
            page.set_cropbox(left, bottom, right, top)
            width, height = page.get_size()
    return width, height


def _image_dpi(img: Image.Image) -> int:
    """The resolution an image declares, or one estimated from an A4 page width."""
    declared = img.info.get("dpi")
    if declared and declared[0] and 70 <= float(declared[0]) <= 1200:
        return round(float(declared[0]))
    width, height = img.size
    short_side_inches = 8.27
    return max(70, min(600, round(min(width, height) / short_side_inches)))
