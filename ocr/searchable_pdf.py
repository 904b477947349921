"""Searchable PDF of a document: each page image with an invisible text layer on its word boxes,
carrying the mark a digitised copy needs (Law on Electronic Transactions 2023, Art. 12).

The mark is in the document information, in XMP metadata and in a closed note on page 1
that a reader opens on demand: digitised copy of which original (SHA-256), by whom, when.
"""

from __future__ import annotations

import base64
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pikepdf
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from ocr.types import OcrError, PageResult, Word

XMP_NAMESPACE = "https://hoso.vksnd.gov.vn/ns/digitisation/1.0/"
XMP_PREFIX = "hoso"
PRODUCER = "hoso"
# Fonts with every precomposed Vietnamese letter, looked up in this order.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/arial.ttf",
)
_FONT_NAME = "HosoText"
_INVISIBLE = 3  # PDF text render mode: neither fill nor stroke


@dataclass(frozen=True)
class DigitisationMark:
    """Who turned which original into this digitised copy, and when."""

    original_sha256: str
    original_filename: str
    converted_by: str  # a user name or the system account
    converted_at: datetime
    organisation: str = ""

    def note(self) -> str:
        """The Vietnamese statement shown on demand in the PDF."""
        when = self.converted_at.strftime("%H:%M ngày %d/%m/%Y")
        by = self.converted_by + (f" ({self.organisation})" if self.organisation else "")
        return unicodedata.normalize(
            "NFC",
            f"Bản số hóa từ bản gốc “{self.original_filename}” (SHA-256: {self.original_sha256}), "
            f"chuyển đổi bởi {by} lúc {when}.",
        )


def find_font() -> Path:
    """A TrueType font with Vietnamese glyphs for the text layer."""
    for candidate in FONT_CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    raise OcrError("no_font", "no TrueType font with Vietnamese glyphs found (install fonts-dejavu-core)")


def build_searchable_pdf(
    pages: Sequence[PageResult], mark: DigitisationMark, font_path: str | Path | None = None
) -> bytes:
    """One PDF page per `PageResult`: its stored JPEG at its dpi plus invisible, selectable text."""
    if not pages:
        raise OcrError("empty", "no pages to put in the PDF")
    _register_font(Path(font_path) if font_path else find_font())
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1, pageCompression=1)
    _set_info(pdf, mark)
    for page in pages:
        _draw_page(pdf, page)
        pdf.showPage()
    pdf.save()
    return _add_mark(buffer.getvalue(), mark)


def _register_font(path: Path) -> None:
    if _FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(_FONT_NAME, str(path)))


def _set_info(pdf: canvas.Canvas, mark: DigitisationMark) -> None:
    pdf.setTitle(f"Bản số hóa: {mark.original_filename}")
    pdf.setSubject(mark.note())
    pdf.setAuthor(mark.converted_by)
    pdf.setCreator(f"{PRODUCER} (số hóa)")
    pdf.setProducer(PRODUCER)
    pdf.setKeywords(f"bản số hóa; digitised copy; sha256:{mark.original_sha256}")


def _draw_page(pdf: canvas.Canvas, page: PageResult) -> None:
    points_per_pixel = 72.0 / page.dpi
    width, height = page.width * points_per_pixel, page.height * points_per_pixel
    pdf.setPageSize((width, height))
    if page.image_jpeg:
        pdf.drawImage(ImageReader(io.BytesIO(page.image_jpeg)), 0, 0, width=width, height=height)
    for line in group_lines(page.words):
        _draw_line(pdf, line, points_per_pixel, height)


def group_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Split words in reading order into text lines: a line ends where the next word does not
    continue to its right at about the same height."""
    lines: list[list[Word]] = []
    for word in words:
        if not word.text.strip():
            continue
        if lines:
            last = lines[-1][-1]
            overlap = min(last.box[3], word.box[3]) - max(last.box[1], word.box[1])
            smaller = min(last.box[3] - last.box[1], word.box[3] - word.box[1])
            if word.box[0] >= last.box[0] and overlap > 0.4 * max(1, smaller):
                lines[-1].append(word)
                continue
        lines.append([word])
    return lines


def _draw_line(pdf: canvas.Canvas, line: list[Word], scale: float, page_height: float) -> None:
    """Invisible words on a common baseline, each stretched to the width of its box."""
    heights = sorted(w.box[3] - w.box[1] for w in line)
    size = max(1.0, heights[len(heights) // 2] * scale * 0.85)
    bottoms = sorted(w.box[3] for w in line)
    baseline = page_height - bottoms[len(bottoms) // 2] * scale + size * 0.18
    for index, word in enumerate(line):
        text = unicodedata.normalize("NFC", word.text)
        natural = pdfmetrics.stringWidth(text, _FONT_NAME, size)
        box_width = (word.box[2] - word.box[0]) * scale
        stretch = 100.0 * box_width / natural if natural > 0 else 100.0
        obj = pdf.beginText()
        obj.setTextRenderMode(_INVISIBLE)
        obj.setFont(_FONT_NAME, size)
        obj.setHorizScale(max(1.0, stretch))
        obj.setTextOrigin(word.box[0] * scale, baseline)
        # A real space after each word but the last, so text extraction splits words reliably.
        obj.textOut(text + (" " if index < len(line) - 1 else ""))
        pdf.drawText(obj)


def _add_mark(data: bytes, mark: DigitisationMark) -> bytes:
    """Stamp XMP metadata, document-information keys and the on-demand note into the PDF."""
    when = _aware(mark.converted_at)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.docinfo["/CreationDate"] = _pdf_date(when)
        pdf.docinfo["/ModDate"] = _pdf_date(when)
        pdf.docinfo["/DigitisedFromSHA256"] = mark.original_sha256
        pdf.docinfo["/DigitisedFromFile"] = mark.original_filename
        pdf.docinfo["/DigitisedBy"] = mark.converted_by
        pdf.docinfo["/DigitisedAt"] = when.isoformat()
        if mark.organisation:
            pdf.docinfo["/DigitisedOrganisation"] = mark.organisation
        pdf.Root.Lang = pikepdf.String("vi")
        _unwrap_jpegs(pdf)
        _write_xmp(pdf, mark, when)
        _add_note(pdf, mark, when)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


def _unwrap_jpegs(pdf: pikepdf.Pdf) -> None:
    """Store page JPEGs as they are: drop the ASCII85 layer the PDF writer wraps around them."""
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream) or obj.get("/Subtype") != pikepdf.Name.Image:
            continue
        filters = obj.get("/Filter")
        if isinstance(filters, pikepdf.Array) and list(filters) == [pikepdf.Name.ASCII85Decode, pikepdf.Name.DCTDecode]:
            encoded = bytes(obj.read_raw_bytes()).strip()
            encoded = encoded.removesuffix(b"~>")
            jpeg = base64.a85decode(b"".join(encoded.split()), adobe=False)
            obj.write(jpeg, filter=pikepdf.Name.DCTDecode)


def _write_xmp(pdf: pikepdf.Pdf, mark: DigitisationMark, when: datetime) -> None:
    pikepdf.models.metadata.PdfMetadata.register_xml_namespace(XMP_NAMESPACE, XMP_PREFIX)
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = f"Bản số hóa: {mark.original_filename}"
        meta["dc:description"] = mark.note()
        meta["dc:creator"] = [mark.converted_by]
        meta["dc:language"] = {"vi"}
        meta["xmp:CreateDate"] = when.isoformat()
        meta["xmp:ModifyDate"] = when.isoformat()
        meta["xmp:MetadataDate"] = when.isoformat()
        meta["xmp:CreatorTool"] = PRODUCER
        meta["pdf:Producer"] = PRODUCER
        meta["pdf:Keywords"] = f"bản số hóa; digitised copy; sha256:{mark.original_sha256}"
        meta[f"{XMP_PREFIX}:DigitisedCopy"] = "True"
        meta[f"{XMP_PREFIX}:OriginalSHA256"] = mark.original_sha256
        meta[f"{XMP_PREFIX}:OriginalFilename"] = mark.original_filename
        meta[f"{XMP_PREFIX}:ConvertedBy"] = mark.converted_by
        meta[f"{XMP_PREFIX}:ConvertedAt"] = when.isoformat()
        if mark.organisation:
            meta[f"{XMP_PREFIX}:Organisation"] = mark.organisation


def _add_note(pdf: pikepdf.Pdf, mark: DigitisationMark, when: datetime) -> None:
    """A closed text annotation (sticky note) in the top-left corner of page 1."""
    page = pdf.pages[0]
    top = float(page.mediabox[3])
    note = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Text,
            Rect=[6, top - 30, 30, top - 6],
            Contents=pikepdf.String(mark.note()),
            T=pikepdf.String(mark.converted_by),
            Subj=pikepdf.String("Bản số hóa"),
            NM=pikepdf.String(f"hoso-digitisation-{mark.original_sha256[:16]}"),
            M=pikepdf.String(_pdf_date(when)),
            Name=pikepdf.Name.Note,
            Open=False,
            F=4 | 16 | 8,  # print, no rotate, no zoom
            C=[0.85, 0.1, 0.1],
        )
    )
    if "/Annots" in page.obj:
        page.obj.Annots.append(note)
    else:
        page.obj.Annots = pikepdf.Array([note])


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _pdf_date(moment: datetime) -> str:
    offset = moment.strftime("%z") or "+0000"
    return moment.strftime("D:%Y%m%d%H%M%S") + f"{offset[:3]}'{offset[3:]}'"
