"""File writers for rendered pages: PNG, JPEG, multi-page TIFF, image-only PDF, born-digital text PDF.

All writers are deterministic: the same pages give the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import img2pdf
import numpy as np
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from sample_files.corpus import SampleDocument
from sample_files.fonts import font_path
from sample_files.render import PAGE_H, PAGE_W, SIGNATURE_INK, RenderedPage, layout_document
from sample_files.seal import SEAL_RED, draw_seal

PageLike = Image.Image | RenderedPage


def _img(page: PageLike) -> Image.Image:
    return page.image if isinstance(page, RenderedPage) else page


def is_colourful(img: Image.Image, threshold: int = 24) -> bool:
    """True when some pixels carry real colour (a red seal), so grayscale would lose information."""
    arr = np.asarray(img.convert("RGB").reduce(4), dtype=np.int16)
    return int((arr.max(axis=2) - arr.min(axis=2)).max()) > threshold


def _compact(img: Image.Image, mode: str) -> Image.Image:
    if mode == "auto":
        mode = "P" if is_colourful(img) else "L"
    if mode == "P":
        return img.convert("RGB").quantize(colors=24, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    return img.convert(mode)


def write_png(page: PageLike, path: str | Path, mode: str = "auto", dpi: int = 200) -> Path:
    """PNG, grayscale or a small palette when colour matters (mode auto|L|P|RGB)."""
    path = Path(path)
    _compact(_img(page), mode).save(path, "PNG", optimize=True, dpi=(dpi, dpi))
    return path


def write_jpeg(page: PageLike, path: str | Path, quality: int = 75, grayscale: bool = False, dpi: int = 200) -> Path:
    path = Path(path)
    img = _img(page).convert("L" if grayscale else "RGB")
    img.save(path, "JPEG", quality=quality, optimize=True, dpi=(dpi, dpi))
    return path


def write_tiff(
    pages: Sequence[PageLike], path: str | Path, dpi: int = 200, compression: str = "group4", threshold: int = 165
) -> Path:
    """Multi-page TIFF. group4 gives bilevel pages as archival scanners produce; or tiff_deflate / jpeg."""
    path = Path(path)
    images = [_img(p) for p in pages]
    if compression == "group4":
        images = [im.convert("L").point(lambda v: 255 if v > threshold else 0).convert("1") for im in images]
    elif compression == "jpeg":
        images = [im.convert("RGB") for im in images]
    else:
        images = [_compact(im, "auto") for im in images]
    images[0].save(path, "TIFF", save_all=True, append_images=images[1:], compression=compression, dpi=(dpi, dpi))
    return path


def write_scanned_pdf(pages: Sequence[PageLike], path: str | Path, dpi: int = 200, quality: int = 70) -> Path:
    """Image-only PDF (no text layer), one JPEG per page, via img2pdf."""
    path = Path(path)
    blobs = []
    for page in pages:
        img = _img(page)
        buf = io.BytesIO()
        img.convert("RGB" if is_colourful(img) else "L").save(buf, "JPEG", quality=quality, dpi=(dpi, dpi))
        blobs.append(buf.getvalue())
    layout = img2pdf.get_fixed_dpi_layout_fun((dpi, dpi))
    # the internal engine writes a content-derived /ID, so equal pages give equal bytes
    path.write_bytes(img2pdf.convert(blobs, layout_fun=layout, nodate=True, engine=img2pdf.Engine.internal))
    return path


_PDF_FONTS = {
    "regular": "HosoSerif",
    "bold": "HosoSerif-Bold",
    "italic": "HosoSerif-Italic",
    "bolditalic": "HosoSerif-BoldItalic",
}


def _register_fonts() -> None:
    for style, name in _PDF_FONTS.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(font_path(style))))


def write_born_digital_pdf(doc: SampleDocument, path: str | Path, seal: bool = True) -> Path:
    """A real text PDF (embedded TrueType subset with ToUnicode), same layout and text as the rendered pages."""
    path = Path(path)
    _register_fonts()
    pdf = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1)
    pdf.setTitle(doc.title.replace("\n", " "))
    pdf.setAuthor(doc.issuer or "")
    for page in layout_document(doc, seal=seal):
        pdf.setFillColorRGB(24 / 255, 24 / 255, 28 / 255)
        for run, following in zip(page.runs, [*page.runs[1:], None], strict=True):
            # words of a justified line are separate runs: give each its trailing space so text extractors
            # see a real space character rather than guessing one from the gap
            same_line = following is not None and following.y == run.y and following.x > run.x
            pdf.setFont(_PDF_FONTS[run.style], run.size)
            pdf.drawString(run.x, PAGE_H - run.y, run.text + (" " if same_line else ""))
        for rule in page.rules:
            pdf.setLineWidth(rule.width)
            pdf.line(rule.x0, PAGE_H - rule.y0, rule.x1, PAGE_H - rule.y0)
        pdf.setStrokeColorRGB(*(v / 255 for v in SIGNATURE_INK))
        pdf.setLineWidth(0.9)
        for sc in page.scribbles:
            stroke = pdf.beginPath()
            stroke.moveTo(sc.points[0][0], PAGE_H - sc.points[0][1])
            for x, y in sc.points[1:]:
                stroke.lineTo(x, PAGE_H - y)
            pdf.drawPath(stroke, stroke=1, fill=0)
        pdf.setStrokeColorRGB(0, 0, 0)
        for mark in page.seals:
            mask = draw_seal(round(mark.diameter / 72 * 300), mark.text, seed=mark.seed).rotate(
                mark.angle, resample=Image.BICUBIC, expand=True
            )
            alpha = mask.point(lambda v: round(v * 0.82))
            rgba = Image.new("RGBA", mask.size, SEAL_RED + (0,))
            rgba.putalpha(alpha)
            size = mark.diameter * mask.width / round(mark.diameter / 72 * 300)
            pdf.drawImage(ImageReader(rgba), mark.cx - size / 2, PAGE_H - mark.cy - size / 2, size, size, mask="auto")
        pdf.showPage()
    pdf.save()
    return path
