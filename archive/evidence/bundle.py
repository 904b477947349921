"""The PDF bundle of an exhibit set: cover page, index, each exhibit page stamped with its number and
its source (document, page, SHA-256 of the original), with PDF bookmarks. Text in Liberation Serif."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from PIL import Image
from reportlab.lib.colors import Color, black, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from archive import errors
from archive.evidence.exhibits import numbered
from archive.records.models import Document, ExhibitSet

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
    Path(__file__).resolve().parents[2] / "web" / "static" / "fonts",
)
SERIF, SERIF_BOLD = "HosoSerif", "HosoSerif-Bold"
MARGIN = 42
INDEX_ROWS_PER_PAGE = 24
STAMP_RED = Color(0.75, 0.05, 0.05)
HIGHLIGHT = Color(1.0, 0.85, 0.0, alpha=0.35)

# Texts the bundle prints, by key; the caller passes them from the interface's message catalogue.
TEXT_KEYS = (
    "bundle.cover_title",
    "bundle.case",
    "bundle.hearing",
    "bundle.prosecutor",
    "bundle.unit",
    "bundle.count",
    "bundle.created",
    "bundle.index",
    "bundle.index_cover",
    "bundle.index_list",
    "bundle.source",
    "bundle.sha256",
    "bundle.col_number",
    "bundle.col_caption",
    "bundle.col_source",
    "bundle.col_page",
    "bundle.digital_mark",
    "exhibits.number",
)


class BundleError(errors.HosoError, RuntimeError):
    """The bundle cannot be made (no fonts, no items, a page image missing); `str()` says why, for the log."""

    code = "bundle_failed"

    def __init__(self, logged: str):
        super().__init__(logged=logged)


@dataclass
class BundleItem:
    number: int
    caption: str
    filename: str
    page: int
    sha256: str
    image: bytes
    region: list[int] | None
    highlights: list[list[int]]


def _find_font(name: str) -> Path:
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return folder / name
    raise BundleError(f"font {name} not found")


def _register_fonts() -> None:
    if SERIF in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(SERIF, str(_find_font("LiberationSerif-Regular.ttf"))))
    pdfmetrics.registerFont(TTFont(SERIF_BOLD, str(_find_font("LiberationSerif-Bold.ttf"))))


def _nfc(text) -> str:
    return unicodedata.normalize("NFC", str(text or ""))


def collect_items(archive, exhibit_set: ExhibitSet, session) -> list[BundleItem]:
    """Each exhibit's page image (cropped to its region) and where it comes from."""
    items = []
    for number, item in numbered(exhibit_set):
        document: Document = session.get(Document, item.document_id)
        image = archive.blobs.read_page_image(document.sha256, item.page)
        if image is None:
            raise BundleError(f"page image missing: document {document.id} page {item.page}")
        filename = document.filename.rsplit("/", 1)[-1]
        items.append(
            BundleItem(
                number=number,
                caption=item.caption or "",
                filename=filename,
                page=item.page,
                sha256=document.sha256,
                image=image,
                region=list(item.region) if item.region else None,
                highlights=[list(h) for h in (item.highlights or [])],
            )
        )
    return items


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines, current = [], ""
    for word in _nfc(text).split():
        candidate = f"{current} {word}".strip()
        if pdfmetrics.stringWidth(candidate, font, size) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def _fit(text: str, font: str, size: float, width: float) -> str:
    """The text cut (with an ellipsis) to fit the width on one line."""
    text = _nfc(text)
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


class _Writer:
    def __init__(self, texts: Mapping[str, str]):
        missing = [k for k in TEXT_KEYS if k not in texts]
        if missing:
            raise BundleError(f"missing texts: {missing}")
        self.texts = texts
        self.buffer = io.BytesIO()
        self.canvas = canvas.Canvas(self.buffer, pagesize=A4, pageCompression=1)
        self.width, self.height = A4

    def t(self, key: str, **values) -> str:
        return _nfc(self.texts[key].format(**values) if values else self.texts[key])

    def text(self, x, y, text, size=12, bold=False, center=False, color=black):
        c = self.canvas
        c.setFillColor(color)
        c.setFont(SERIF_BOLD if bold else SERIF, size)
        if center:
            c.drawCentredString(x, y, _nfc(text))
        else:
            c.drawString(x, y, _nfc(text))

    def cover(self, info: Mapping[str, str]) -> None:
        w, h = self.width, self.height
        self.text(w / 2, h - 120, info.get("org", ""), 13, bold=True, center=True)
        self.text(w / 2, h - 220, self.t("bundle.cover_title"), 18, bold=True, center=True)
        y = h - 300
        rows = [
            ("bundle.case", info["case"]),
            ("bundle.hearing", info["hearing"]),
            ("bundle.prosecutor", info["prosecutor"]),
            ("bundle.unit", info["unit"]),
            ("bundle.count", info["count"]),
            ("bundle.created", info["created"]),
        ]
        for key, value in rows:
            self.text(MARGIN + 40, y, f"{self.t(key)}:", 13, bold=True)
            lines = _wrap(value, SERIF, 13, w - MARGIN * 2 - 200) or [""]
            for line in lines:
                self.text(MARGIN + 190, y, line, 13)
                y -= 20
            y -= 8
        self.text(w / 2, 60, self.t("bundle.digital_mark"), 9, center=True)
        self.canvas.showPage()

    def index(self, items: list[BundleItem], first_item_page: int) -> int:
        pages = 0
        for start in range(0, max(1, len(items)), INDEX_ROWS_PER_PAGE):
            chunk = items[start : start + INDEX_ROWS_PER_PAGE]
            y = self.height - 80
            self.text(self.width / 2, y, self.t("bundle.index"), 15, bold=True, center=True)
            y -= 40
            columns = [
                (MARGIN, "bundle.col_number"),
                (MARGIN + 110, "bundle.col_caption"),
                (MARGIN + 330, "bundle.col_source"),
                (self.width - MARGIN - 50, "bundle.col_page"),
            ]
            for x, key in columns:
                self.text(x, y, self.t(key), 11, bold=True)
            y -= 6
            self.canvas.line(MARGIN, y, self.width - MARGIN, y)
            y -= 16
            for item in chunk:
                self.text(MARGIN, y, self.t("exhibits.number", n=item.number), 10.5)
                self.text(MARGIN + 110, y, _fit(item.caption, SERIF, 10.5, 210), 10.5)
                source_width = self.width - 2 * MARGIN - 330 - 60
                self.text(MARGIN + 330, y, _fit(f"{item.filename}, tr. {item.page}", SERIF, 10.5, source_width), 10.5)
                self.text(self.width - MARGIN - 50, y, str(first_item_page + item.number - 1), 10.5)
                y -= 24
            self.canvas.showPage()
            pages += 1
        return pages

    def exhibit(self, item: BundleItem) -> None:
        c, w, h = self.canvas, self.width, self.height
        label = self.t("exhibits.number", n=item.number)
        # Stamp: the exhibit number in a red box, top right.
        size = 16
        box_w = pdfmetrics.stringWidth(label, SERIF_BOLD, size) + 24
        c.setStrokeColor(STAMP_RED)
        c.setLineWidth(2)
        c.rect(w - MARGIN - box_w, h - MARGIN - 30, box_w, 30, stroke=1, fill=0)
        self.text(w - MARGIN - box_w / 2, h - MARGIN - 21, label, size, bold=True, center=True, color=STAMP_RED)
        caption_lines = _wrap(item.caption, SERIF, 12, w - 2 * MARGIN - box_w - 10)[:2]
        y = h - MARGIN - 14
        for line in caption_lines:
            self.text(MARGIN, y, line, 12)
            y -= 15
        top = h - MARGIN - 42
        bottom = MARGIN + 40
        image = Image.open(io.BytesIO(item.image))
        image.load()
        x_off = y_off = 0
        if item.region:
            x0, y0, x1, y1 = item.region
            image = image.crop((x0, y0, x1, y1))
            x_off, y_off = x0, y0
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        iw, ih = image.size
        scale = min((w - 2 * MARGIN) / iw, (top - bottom) / ih)
        dw, dh = iw * scale, ih * scale
        dx, dy = (w - dw) / 2, bottom + (top - bottom - dh) / 2
        c.drawImage(ImageReader(image), dx, dy, dw, dh)
        c.setStrokeColor(black)
        c.setLineWidth(0.5)
        c.rect(dx, dy, dw, dh, stroke=1, fill=0)
        c.saveState()
        c.setFillColor(HIGHLIGHT)
        for x0, y0, x1, y1 in item.highlights:
            x0, x1 = max(0, x0 - x_off), min(iw, x1 - x_off)
            y0, y1 = max(0, y0 - y_off), min(ih, y1 - y_off)
            if x1 > x0 and y1 > y0:
                c.rect(dx + x0 * scale, dy + dh - y1 * scale, (x1 - x0) * scale, (y1 - y0) * scale, stroke=0, fill=1)
        c.restoreState()
        self.text(MARGIN, MARGIN + 20, self.t("bundle.source", filename=item.filename, page=item.page), 9)
        self.text(MARGIN, MARGIN + 8, self.t("bundle.sha256", sha256=item.sha256), 9)
        c.setFillColor(white)
        c.showPage()

    def finish(self) -> bytes:
        self.canvas.save()
        return self.buffer.getvalue()


def build_bundle(items: list[BundleItem], info: Mapping[str, str], texts: Mapping[str, str], title: str = "") -> bytes:
    """The bundle PDF: cover, index page(s), one page per exhibit; bookmarks to each part."""
    if not items:
        raise BundleError("no items")
    _register_fonts()
    writer = _Writer(texts)
    index_pages = -(-len(items) // INDEX_ROWS_PER_PAGE)
    writer.cover(info)
    writer.index(items, first_item_page=2 + index_pages)
    for item in items:
        writer.exhibit(item)
    raw = writer.finish()
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        with pdf.open_outline() as outline:
            outline.root.append(pikepdf.OutlineItem(_nfc(texts["bundle.index_cover"]), 0))
            outline.root.append(pikepdf.OutlineItem(_nfc(texts["bundle.index_list"]), 1))
            for item in items:
                label = _nfc(texts["exhibits.number"].format(n=item.number))
                if item.caption:
                    label = f"{label}: {_nfc(item.caption)[:120]}"
                outline.root.append(pikepdf.OutlineItem(label, 1 + index_pages + item.number - 1))
        pdf.Root.PageMode = pikepdf.Name.UseOutlines
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:title"] = _nfc(title or texts["bundle.cover_title"])
        pdf.docinfo["/Title"] = _nfc(title or texts["bundle.cover_title"])
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()


def export_set(archive, set_id: int, texts: Mapping[str, str], prosecutor: str, org: str = "") -> bytes:
    """Load an exhibit set from the archive and build its bundle."""
    with archive.session() as session:
        exhibit_set = session.get(ExhibitSet, set_id)
        if exhibit_set is None:
            raise BundleError("no such set")
        case = exhibit_set.case
        items = collect_items(archive, exhibit_set, session)
        unit = case.unit.name if case.unit else ""
        info = {
            "org": unit.upper() if unit else org,
            "case": f"{case.code} — {case.title}" if case.title else case.code,
            "hearing": exhibit_set.hearing_on.strftime("%d/%m/%Y") if exhibit_set.hearing_on else "",
            "prosecutor": prosecutor,
            "unit": unit,
            "count": str(len(items)),
            "created": dt.date.today().strftime("%d/%m/%Y"),
        }
        title = exhibit_set.title
    return build_bundle(items, info, texts, title=title)
