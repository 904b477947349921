"""Page layout of a SampleDocument (Decree 30/2020 style, A4) and rasterisation with exact ground-truth text.

Ground-truth text of a page: the printed lines in visual rows, top to bottom; runs sharing a baseline
(the two header columns, "Nơi nhận:" beside the signer's title) form one row read left to right, which is
what a line-oriented OCR engine returns. Seal ring text and handwritten signatures are not part of the text.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from PIL import Image, ImageDraw

from sample_files.corpus import MOTTO, NATION, SampleDocument
from sample_files.fonts import font, text_width_pt
from sample_files.seal import draw_seal, stamp

PT_PER_MM = 72 / 25.4
PAGE_W = 210 * PT_PER_MM
PAGE_H = 297 * PT_PER_MM
MARGIN_LEFT = 30 * PT_PER_MM
MARGIN_RIGHT = 15 * PT_PER_MM
MARGIN_TOP = 20 * PT_PER_MM
MARGIN_BOTTOM = 20 * PT_PER_MM
CONTENT_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT
BODY_SIZE = 14.0
HEADER_SIZE = 12.5
LINE_FACTOR = 1.3
INK = (24, 24, 28)
SIGNATURE_INK = (28, 42, 125)


@dataclass(frozen=True)
class TextRun:
    x: float  # left edge, points from the page's left
    y: float  # baseline, points from the page's top
    text: str
    style: str
    size: float


@dataclass(frozen=True)
class Rule:
    x0: float
    y0: float
    x1: float
    width: float = 0.6


@dataclass(frozen=True)
class SealMark:
    cx: float
    cy: float
    diameter: float
    text: str
    seed: int
    angle: float


@dataclass(frozen=True)
class Scribble:
    points: tuple[tuple[float, float], ...]  # handwritten signature stroke, points


@dataclass
class PageLayout:
    runs: list[TextRun] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    seals: list[SealMark] = field(default_factory=list)
    scribbles: list[Scribble] = field(default_factory=list)

    @property
    def lines(self) -> list[str]:
        """Printed text in visual rows: runs whose baselines align form one row, read left to right."""
        rows: list[list[TextRun]] = []
        for run in sorted(self.runs, key=lambda r: (r.y, r.x)):
            if rows and run.y - rows[-1][0].y < 0.45 * min(run.size, rows[-1][0].size):
                rows[-1].append(run)
            else:
                rows.append([run])
        return [" ".join(r.text for r in sorted(row, key=lambda r: r.x)) for row in rows]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class RenderedPage:
    image: Image.Image
    text: str


# --------------------------------------------------------------------------- layout


def wrap_words(text: str, style: str, size: float, width: float) -> list[list[str]]:
    """Greedy word wrap to a width in points; returns the words of each line."""
    lines: list[list[str]] = []
    current: list[str] = []
    space = text_width_pt(" ", style, size)
    used = 0.0
    for word in text.split():
        w = text_width_pt(word, style, size)
        if current and used + space + w > width:
            lines.append(current)
            current, used = [word], w
        else:
            used = used + space + w if current else w
            current.append(word)
    if current:
        lines.append(current)
    return lines


def balanced_wrap(text: str, style: str, size: float, width: float) -> list[list[str]]:
    """Wrap like a typist centring a header: as few lines as greedy wrapping, but with even lengths."""
    greedy = wrap_words(text, style, size, width)
    words = text.split()
    if len(greedy) != 2:
        return greedy
    best = min(
        range(1, len(words)),
        key=lambda k: max(
            text_width_pt(" ".join(words[:k]), style, size), text_width_pt(" ".join(words[k:]), style, size)
        ),
    )
    return [words[:best], words[best:]]


def _centered(page: PageLayout, text: str, cx: float, y: float, style: str, size: float) -> float:
    w = text_width_pt(text, style, size)
    page.runs.append(TextRun(cx - w / 2, y, text, style, size))
    return w


HEADER_PITCH = 16.0


def _column(
    page: PageLayout,
    items: list[tuple[str, str, float]],
    cx: float,
    width: float,
    y: float,
    underline_after: int | None = None,
    underline_frac: float = 0.4,
) -> float:
    """Centred column of (text, style, size) items on the header's baseline grid; returns the last baseline.

    Both header columns use the same grid so that their lines share baselines, as in a two-column table.
    """
    for i, (text, style, size) in enumerate(items):
        for words in balanced_wrap(text, style, size, width):
            y += HEADER_PITCH
            w = _centered(page, " ".join(words), cx, y, style, size)
        if underline_after == i:
            line_w = max(w * underline_frac, 60.0)
            page.rules.append(Rule(cx - line_w / 2, y + 4.0, cx + line_w / 2))
    return y


def _fit_size(text: str, style: str, size: float, width: float, floor: float = 9.0) -> float:
    while text_width_pt(text, style, size) > width and size > floor:
        size -= 0.25
    return size


def _header(page: PageLayout, doc: SampleDocument) -> float:
    top = MARGIN_TOP - 4
    if doc.layout == "citizen" or not doc.issuer:
        y = _column(
            page,
            [(NATION, "bold", 13.0), (MOTTO, "bold", 14.0)],
            PAGE_W / 2 + 8,
            CONTENT_W,
            top,
            underline_after=1,
            underline_frac=1.0,
        )
        if doc.date_line:
            y += 12
            size = 13.5
            w = text_width_pt(doc.date_line, "italic", size)
            page.runs.append(TextRun(PAGE_W - MARGIN_RIGHT - w, y + size, doc.date_line, "italic", size))
            y += size * 1.2
        return y
    left_x0, left_x1 = MARGIN_LEFT - 17 * PT_PER_MM, MARGIN_LEFT + 61 * PT_PER_MM
    right_x0, right_x1 = MARGIN_LEFT + 66 * PT_PER_MM, PAGE_W - MARGIN_RIGHT + 6 * PT_PER_MM
    left_items: list[tuple[str, str, float]] = []
    if doc.parent_issuer:
        left_items.append(
            (
                doc.parent_issuer,
                "regular",
                _fit_size(doc.parent_issuer, "regular", HEADER_SIZE, left_x1 - left_x0, floor=10.5),
            )
        )
    left_items.append((doc.issuer, "bold", HEADER_SIZE))
    tail: list[tuple[str, str, float]] = []
    if doc.number_line:
        tail.append((doc.number_line, "regular", 13.0))
    if doc.layout == "judgment" and doc.date_line:
        tail.append((doc.date_line, "regular", 13.0))
    lcx, lw = (left_x0 + left_x1) / 2, left_x1 - left_x0
    y_left = _column(page, left_items, lcx, lw, top, underline_after=len(left_items) - 1)
    y_left = _column(page, tail, lcx, lw, y_left)
    rcx, rw = (right_x0 + right_x1) / 2, right_x1 - right_x0
    right_items = [(NATION, "bold", _fit_size(NATION, "bold", 13.0, rw)), (MOTTO, "bold", 14.0)]
    y_right = _column(page, right_items, rcx, rw, top, underline_after=1, underline_frac=1.0)
    if doc.layout != "judgment" and doc.date_line:
        y_right = _column(page, [(doc.date_line, "italic", 14.0)], rcx, rw, y_right + HEADER_PITCH)
    return max(y_left, y_right)


def _is_heading(paragraph: str) -> bool:
    letters = [ch for ch in paragraph if ch.isalpha()]
    return bool(letters) and paragraph == paragraph.upper() and len(paragraph) <= 110


class _Flow:
    """Places lines top to bottom, opening new pages when the bottom margin is reached."""

    def __init__(self) -> None:
        self.pages: list[PageLayout] = []
        self.y = 0.0
        self.new_page()

    @property
    def page(self) -> PageLayout:
        return self.pages[-1]

    def new_page(self) -> None:
        page = PageLayout()
        self.pages.append(page)
        self.y = MARGIN_TOP
        if len(self.pages) > 1:
            _centered(page, str(len(self.pages)), PAGE_W / 2, MARGIN_TOP - 16, "regular", 13.0)
            self.y = MARGIN_TOP + 6

    def room(self, height: float) -> None:
        if self.y + height > PAGE_H - MARGIN_BOTTOM:
            self.new_page()

    def centered_line(self, text: str, style: str, size: float, gap: float = 0.0) -> None:
        for words in wrap_words(text, style, size, CONTENT_W - 20):
            self.room(size * LINE_FACTOR)
            self.y += size * LINE_FACTOR + gap
            gap = 0.0
            _centered(self.page, " ".join(words), MARGIN_LEFT + CONTENT_W / 2, self.y, style, size)

    def paragraph(self, text: str, size: float = BODY_SIZE, indent: float = 10 * PT_PER_MM) -> None:
        space = text_width_pt(" ", "regular", size)
        first = True
        lines = _wrap_first_indent(text, size, indent)
        for i, words in enumerate(lines):
            self.room(size * LINE_FACTOR)
            self.y += size * LINE_FACTOR
            x0 = MARGIN_LEFT + (indent if first else 0.0)
            width = CONTENT_W - (indent if first else 0.0)
            widths = [text_width_pt(w, "regular", size) for w in words]
            natural = sum(widths) + space * (len(words) - 1)
            last = i == len(lines) - 1
            gap = space if last or len(words) < 2 else space + (width - natural) / (len(words) - 1)
            x = x0
            for word, w in zip(words, widths, strict=True):
                self.page.runs.append(TextRun(x, self.y, word, "regular", size))
                x += w + gap
            first = False
        self.y += 3.0


def _wrap_first_indent(text: str, size: float, indent: float) -> list[list[str]]:
    first = wrap_words(text, "regular", size, CONTENT_W - indent)
    if len(first) <= 1:
        return first
    rest = wrap_words(" ".join(" ".join(w) for w in first[1:]), "regular", size, CONTENT_W)
    return [first[0], *rest]


def _scribble(cx: float, cy: float, width: float, height: float, rng: random.Random) -> Scribble:
    points = []
    loops = rng.randint(3, 5)
    phase = rng.uniform(0, math.pi)
    for i in range(120):
        t = i / 119
        x = cx - width / 2 + width * t + math.cos(t * loops * 2 * math.pi + phase) * width * 0.06
        y = cy + math.sin(t * loops * 2 * math.pi + phase) * height * 0.45 * (1 - 0.5 * t) - height * 0.2 * t
        points.append((x, y))
    return Scribble(tuple(points))


def _signature_block(flow: _Flow, doc: SampleDocument, seal: bool, rng: random.Random) -> None:
    title_size, name_size = 13.5, 14.0
    sign_gap = 68.0
    right_cx = MARGIN_LEFT + CONTENT_W * 0.72
    left_cx = MARGIN_LEFT + CONTENT_W * 0.2
    recipients = [] if doc.cosigner_name else doc.recipients
    left_h = (
        (len(doc.cosigner_titles) * title_size * 1.2 + sign_gap + name_size * 1.3)
        if doc.cosigner_name
        else ((len(recipients) + 1) * 13.5 if recipients else 0)
    )
    right_h = len(doc.signer_titles) * title_size * 1.2 + sign_gap + name_size * 1.3
    flow.room(max(left_h, right_h) + 14)
    top = flow.y + 10
    page = flow.page

    def signer(cx: float, titles: list[str], name: str | None) -> float:
        y = top
        for t in titles:
            y += title_size * 1.2
            _centered(page, t, cx, y, "bold", title_size)
        title_bottom = y
        page.scribbles.append(_scribble(cx + rng.uniform(-15, 15), title_bottom + sign_gap / 2 + 4, 85, 34, rng))
        y += sign_gap
        if name:
            y += name_size * 0.3
            _centered(page, name, cx, y, "bold", name_size)
        return title_bottom

    if doc.cosigner_name:
        bottom_left = signer(left_cx, doc.cosigner_titles, doc.cosigner_name) + sign_gap + name_size * 1.3
    elif recipients:
        y = top + 12
        page.runs.append(TextRun(MARGIN_LEFT, y, "Nơi nhận:", "bolditalic", 12.0))
        for r in recipients:
            y += 13.5
            page.runs.append(TextRun(MARGIN_LEFT, y, r, "regular", 11.0))
        bottom_left = y
    else:
        bottom_left = top
    title_bottom = signer(right_cx, doc.signer_titles, doc.signer_name)
    if seal and doc.seal_text:
        diameter = rng.uniform(36, 40) * PT_PER_MM
        page.seals.append(
            SealMark(
                right_cx - rng.uniform(40, 58),
                title_bottom + rng.uniform(26, 40),
                diameter,
                doc.seal_text,
                rng.randrange(10**6),
                rng.uniform(-25, 25),
            )
        )
    flow.y = max(bottom_left, title_bottom + sign_gap + name_size * 1.3)


def layout_document(doc: SampleDocument, seal: bool = True) -> list[PageLayout]:
    """Positions of every text run, rule, seal and signature stroke, page by page, in points."""
    rng = random.Random(f"{doc.doc_type}|{doc.number}|{doc.date}|{doc.title}")
    flow = _Flow()
    flow.y = _header(flow.page, doc) + 16
    for i, line in enumerate(doc.title.split("\n")):
        flow.centered_line(line, "bold", 14.0 if i == 0 or doc.layout == "judgment" else 13.5)
    flow.y += 8
    for paragraph in doc.body:
        if _is_heading(paragraph):
            flow.y += 2
            flow.centered_line(paragraph, "bold", BODY_SIZE)
            flow.y += 2
        elif paragraph.startswith("Kính gửi:"):
            flow.centered_line(paragraph, "regular", BODY_SIZE)
            flow.y += 4
        else:
            flow.paragraph(paragraph)
    _signature_block(flow, doc, seal, rng)
    return flow.pages


# --------------------------------------------------------------------------- raster


def rasterize(
    page: PageLayout, dpi: int = 200, signature_ink: tuple[int, int, int] = SIGNATURE_INK, seals: bool = True
) -> Image.Image:
    """Draw one laid-out page as an RGB image at the given resolution (its seals left off
    when `seals` is false, for a caller that stamps its own)."""
    s = dpi / 72.0
    img = Image.new("RGB", (round(PAGE_W * s), round(PAGE_H * s)), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    for run in page.runs:
        draw.text((run.x * s, run.y * s), run.text, font=font(run.style, round(run.size * s)), fill=INK, anchor="ls")
    for rule in page.rules:
        draw.line(
            [(rule.x0 * s, rule.y0 * s), (rule.x1 * s, rule.y0 * s)], fill=INK, width=max(1, round(rule.width * s))
        )
    for sc in page.scribbles:
        draw.line(
            [(x * s, y * s) for x, y in sc.points], fill=signature_ink, width=max(1, round(0.9 * s)), joint="curve"
        )
    for mark in page.seals if seals else []:
        mask = draw_seal(round(mark.diameter * s), mark.text, seed=mark.seed)
        img = stamp(img, mask, (round(mark.cx * s), round(mark.cy * s)), opacity=0.82, angle=mark.angle)
    return img


def render_document(doc: SampleDocument, dpi: int = 200, seal: bool = True) -> list[RenderedPage]:
    """Page images (RGB, A4 at dpi) and the exact text drawn on each page."""
    return [RenderedPage(rasterize(page, dpi), page.text) for page in layout_document(doc, seal=seal)]
