"""Families of scan conditions, each drawn from wide random ranges, for OCR benchmarks and tests.

Unlike `degrade.CONDITIONS` (one fixed setting per condition), every page of a family gets
its own parameters from the family's ranges: seal hue anywhere from red to purple, multiply
or partly opaque ink, any skew up to ±10°, any quarter turn, photocopies of photocopies,
faxes, phone photos, bound pages, typewritten pages on yellowed paper, carbon copies. `HELD_OUT` names the
families that no cleanup step was tuned on: their pages were never looked at while the steps
were changed (the benchmark draws them from seeds not used in development either).
"""

from __future__ import annotations

import colorsys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from sample_files.corpus import make_documents
from sample_files.degrade import add_noise, jpeg, low_dpi, photocopy, photograph, rotate, skew
from sample_files.render import layout_document, rasterize
from sample_files.seal import draw_seal, stamp

MM_PER_INCH = 25.4
MONO_FONT = "/usr/share/fonts/truetype/liberation2/LiberationMono-Regular.ttf"


@dataclass
class FamilyPage:
    """One page of a family: the image, its resolution, the exact text and what was drawn."""

    family: str
    image: Image.Image
    dpi: int
    text: str
    params: dict


@dataclass(frozen=True)
class Source:
    """A laid-out document page before any condition: drawn again as each family needs."""

    layout: object
    text: str
    dpi: int

    def draw(self, signature_ink=(28, 42, 125), seals: bool = True) -> Image.Image:
        return rasterize(self.layout, self.dpi, signature_ink=signature_ink, seals=seals)


def seal_colour(rng: np.random.Generator) -> tuple[int, int, int]:
    """A seal ink from scarlet through pink to purple-red, of any strength."""
    hue = rng.uniform(-0.14, 0.03) % 1.0  # 310°..11°
    saturation = rng.uniform(0.45, 0.9)
    value = rng.uniform(0.6, 0.95)
    return tuple(round(255 * c) for c in colorsys.hsv_to_rgb(hue, saturation, value))


def _stamp_seals(page: Image.Image, source: Source, rng: np.random.Generator, mode: str) -> tuple[Image.Image, dict]:
    """The signer's seal (once or twice) over the title and name, and a cross-page seal on the edge."""
    colour = seal_colour(rng)
    opacity = rng.uniform(0.55, 0.9) if mode == "opaque" else rng.uniform(0.7, 0.95)
    scale = source.dpi / 72
    marks = list(source.layout.seals)
    count = 0
    for mark in marks[: int(rng.integers(1, 3))]:
        diameter = round(mark.diameter * scale * rng.uniform(0.9, 1.1))
        mask = draw_seal(diameter, mark.text, seed=mark.seed)
        centre = (round(mark.cx * scale + rng.uniform(-0.1, 0.1) * diameter), round(mark.cy * scale))
        page = stamp(page, mask, centre, opacity=opacity, color=colour, angle=float(rng.uniform(-30, 30)), mode=mode)
        count += 1
    text = marks[0].text if marks else "VIỆN KIỂM SÁT NHÂN DÂN"
    edge = round(page.width * rng.uniform(0.15, 0.2))
    mask = draw_seal(edge, text, seed=int(rng.integers(10**6)))
    centre = (page.width + round(edge * rng.uniform(-0.1, 0.15)), round(page.height * rng.uniform(0.2, 0.7)))
    page = stamp(page, mask, centre, opacity=opacity, color=colour, mode=mode)
    return page, {"colour": colour, "opacity": round(opacity, 2), "seals": count, "mode": mode}


def _signature_ink(rng: np.random.Generator) -> tuple[int, int, int]:
    if rng.random() < 0.5:
        return tuple(int(v) for v in rng.integers([15, 30, 100], [50, 70, 170]))  # blue ballpoint
    return tuple(int(v) for v in rng.integers(20, 60, 3))  # black ballpoint


def _seal(mode: str):
    def make(source: Source, rng: np.random.Generator):
        page = source.draw(signature_ink=_signature_ink(rng), seals=False)
        page, params = _stamp_seals(page, source, rng, mode)
        return add_noise(page, float(rng.uniform(2, 6)), int(rng.integers(10**6))), source.dpi, params

    return make


def _clean(source: Source, rng: np.random.Generator):
    dpi = int(rng.choice([150, 200, 300]))
    page = source.draw()
    if dpi != source.dpi:
        page = page.resize((round(page.width * dpi / source.dpi), round(page.height * dpi / source.dpi)), Image.LANCZOS)
    return add_noise(page, float(rng.uniform(0, 4)), int(rng.integers(10**6))), dpi, {"dpi": dpi}


def _photocopy_twice(source: Source, rng: np.random.Generator):
    page = source.draw()
    params = {}
    for generation in (1, 2):
        background = float(rng.uniform(205, 238))
        page = photocopy(
            page,
            seed=int(rng.integers(10**6)),
            background=background,
            streaks=int(rng.integers(1, 7)),
            speckle=float(rng.uniform(0.0002, 0.0012)),
            blur_radius=float(rng.uniform(0.4, 0.9)),
        )
        params[f"background{generation}"] = round(background)
    return page, source.dpi, params


def _fax(source: Source, rng: np.random.Generator):
    """204 × 98 dpi, dithered to black and white, then shown at square pixels as fax software does."""
    page = source.draw().convert("L")
    fine = page.resize((round(page.width * 204 / source.dpi), round(page.height * 98 / source.dpi)), Image.BOX)
    level = float(rng.uniform(-20, 20))
    fine = fine.point(lambda v: max(0, min(255, v + level)))
    bilevel = fine.convert("1", dither=Image.Dither.FLOYDSTEINBERG)
    square = bilevel.convert("L").resize((fine.width, round(fine.height * 204 / 98)), Image.NEAREST)
    return square.convert("RGB"), 204, {"level": round(level)}


def _phone(source: Source, rng: np.random.Generator):
    lean = float(rng.uniform(-3, 3))
    page = skew(source.draw(), lean)
    tilt, light = float(rng.uniform(0.01, 0.05)), float(rng.uniform(0.15, 0.5))
    return (
        photograph(page, seed=int(rng.integers(10**6)), tilt=tilt, light=light),
        source.dpi,
        {"lean": round(lean, 2), "tilt": round(tilt, 3), "light": round(light, 2)},
    )


def _skew(source: Source, rng: np.random.Generator):
    angle = float(rng.uniform(-10, 10))
    return (
        skew(source.draw(), angle, noise=float(rng.uniform(0, 6)), seed=int(rng.integers(10**6))),
        source.dpi,
        {"angle": round(angle, 2)},
    )


def _quarter(source: Source, rng: np.random.Generator):
    angle = int(rng.choice([90, 180, 270]))
    return rotate(source.draw(), angle), source.dpi, {"angle": angle}


def _jpeg_150(source: Source, rng: np.random.Generator):
    quality = int(rng.integers(20, 61))
    return jpeg(low_dpi(source.draw(), source.dpi, 150), quality), 150, {"quality": quality}


def binding(page: Image.Image, rng: np.random.Generator, dpi: int) -> tuple[Image.Image, dict]:
    """A binding shadow along one long edge, punch holes, a staple and a few margin marks."""
    arr = np.asarray(page.convert("RGB"), dtype=np.float32)
    h, w = arr.shape[:2]
    px_per_mm = dpi / MM_PER_INCH
    side = str(rng.choice(["left", "right"]))
    width = float(rng.uniform(0.03, 0.09)) * w
    depth = float(rng.uniform(0.35, 0.8))
    xs = np.arange(w, dtype=np.float32)
    distance = xs if side == "left" else (w - 1 - xs)
    arr *= (1.0 - depth * np.exp(-distance / width))[None, :, None]
    out = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(out)
    hole_x = 10 * px_per_mm if side == "left" else w - 10 * px_per_mm
    radius = 3 * px_per_mm
    grey = int(rng.integers(20, 90))
    for fraction in (0.35, 0.65):
        y = h * fraction + rng.uniform(-5, 5) * px_per_mm
        draw.ellipse([hole_x - radius, y - radius, hole_x + radius, y + radius], fill=(grey, grey, grey))
    sx, sy = rng.uniform(6, 14) * px_per_mm, rng.uniform(6, 14) * px_per_mm
    length = 12 * px_per_mm
    slant = np.deg2rad(rng.uniform(20, 70))
    draw.line(
        [(sx, sy), (sx + length * np.cos(slant), sy + length * np.sin(slant))],
        fill=(70, 70, 75),
        width=max(2, round(0.8 * px_per_mm)),
    )
    pen = _signature_ink(rng)
    for _ in range(int(rng.integers(1, 4))):  # a tick or a short stroke in the outer margin
        x = (w - rng.uniform(4, 12) * px_per_mm) if side == "left" else rng.uniform(4, 12) * px_per_mm
        y = rng.uniform(0.15, 0.85) * h
        points = [(x + rng.uniform(-4, 4) * px_per_mm, y + rng.uniform(-6, 6) * px_per_mm) for _ in range(4)]
        draw.line(points, fill=pen, width=max(1, round(0.4 * px_per_mm)), joint="curve")
    return out, {"side": side, "shadow": round(width / w, 3), "depth": round(depth, 2)}


def _binding(source: Source, rng: np.random.Generator):
    page, params = binding(source.draw(), rng, source.dpi)
    return add_noise(page, float(rng.uniform(2, 5)), int(rng.integers(10**6))), source.dpi, params


def typewritten(
    text: str, rng: np.random.Generator, dpi: int = 200, ink: tuple | None = None, blur: float = 0.5
) -> tuple[Image.Image, str]:
    """A typewriter-era page: the text typed in a monospace face, uneven strikes, yellowed paper.

    `ink` is the ribbon's colour (a dark grey when None). Returns the image and the text as
    typed (lines wrapped at 60 characters)."""
    px_per_pt = dpi / 72
    width, height = round(210 / MM_PER_INCH * dpi), round(297 / MM_PER_INCH * dpi)
    paper = tuple(int(v) for v in (rng.uniform(228, 248), rng.uniform(215, 238), rng.uniform(170, 210)))
    size = float(rng.uniform(11, 13))
    face = ImageFont.truetype(MONO_FONT, round(size * px_per_pt))
    lines = [wrapped for line in text.splitlines() for wrapped in (textwrap.wrap(line, 60) or [""])]
    step = size * px_per_pt * float(rng.uniform(1.35, 1.7))
    lines = lines[: int((height - 50 * dpi / MM_PER_INCH) // step)]
    strikes = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(strikes)
    x0, y = 30 / MM_PER_INCH * dpi, 25 / MM_PER_INCH * dpi
    for line in lines:
        # Every key strikes with its own force.
        x = x0
        for ch in line:
            draw.text((x, y), ch, font=face, fill=int(rng.uniform(150, 255)), anchor="ls")
            x += face.getlength(ch)
        y += step
    coverage = np.asarray(strikes.filter(ImageFilter.GaussianBlur(blur)), dtype=np.float32) / 255.0
    # A worn ribbon: ink missing in small patches.
    holes = cv2.resize(rng.random((height // 6, width // 6)).astype(np.float32), (width, height))
    coverage *= np.where(holes < float(rng.uniform(0.05, 0.2)), 0.35, 1.0)
    tone = np.array(ink, np.float32) if ink is not None else np.full(3, rng.uniform(25, 80), np.float32)
    base = np.array(paper, dtype=np.float32)
    arr = base * (1 - coverage[..., None]) + tone * coverage[..., None]
    arr += rng.normal(0, 4, (height, width))[..., None]
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8)), "\n".join(lines)


def _typewriter(source: Source, rng: np.random.Generator):
    image, text = typewritten(source.text, rng, source.dpi)
    return image, source.dpi, {"text": text}


def _carbon(source: Source, rng: np.random.Generator):
    """A carbon copy: typed through blue-to-violet carbon paper, fuzzy strokes, thin paper."""
    hue = float(rng.uniform(215, 275)) / 360
    ink = tuple(255 * c for c in colorsys.hsv_to_rgb(hue, rng.uniform(0.35, 0.8), rng.uniform(0.3, 0.6)))
    blur = float(rng.uniform(0.7, 1.3))
    image, text = typewritten(source.text, rng, source.dpi, ink=ink, blur=blur)
    return image, source.dpi, {"text": text, "hue": round(hue * 360), "blur": round(blur, 2)}


@dataclass(frozen=True)
class Family:
    make: Callable
    held_out: bool
    what: str
    last_page: bool = False  # seal families use the page that carries the signature block


FAMILIES: dict[str, Family] = {
    "clean": Family(_clean, False, "clean scan at 150, 200 or 300 dpi"),
    "seal_multiply": Family(
        _seal("multiply"), False, "1-2 seals red to purple, multiply ink, edge seal, blue or black signature", True
    ),
    "seal_opaque": Family(
        _seal("opaque"), False, "1-2 seals red to purple, partly opaque ink, edge seal, blue or black signature", True
    ),
    "photocopy_2nd": Family(_photocopy_twice, False, "photocopy of a photocopy"),
    "fax": Family(_fax, False, "fax, 204×98 dpi, dithered"),
    "phone": Family(_phone, False, "phone photo on a desk, perspective, lean ≤3°, uneven light"),
    "skew": Family(_skew, False, "skew anywhere in ±10°"),
    "quarter": Family(_quarter, False, "turned 90°, 180° or 270°"),
    "jpeg_150": Family(_jpeg_150, True, "150 dpi JPEG, quality 20-60"),
    "binding": Family(_binding, False, "binding shadow, punch holes, staple, margin marks"),
    "typewriter": Family(_typewriter, True, "typewritten, monospace, yellowed paper, worn ribbon"),
    "carbon": Family(_carbon, True, "carbon copy, typed in blue to violet, fuzzy, thin paper"),
}
HELD_OUT = frozenset(name for name, family in FAMILIES.items() if family.held_out)


def family_pages(docs: int, seed: int, families: list[str] | None = None, dpi: int = 200) -> list[FamilyPage]:
    """One page of each of `docs` sample documents under every family, each with its own draw."""
    names = list(FAMILIES) if families is None else families
    rng = np.random.default_rng(seed)
    pages = []
    for doc in make_documents(docs, seed=seed):
        layouts = layout_document(doc, seal=True)
        for name in names:
            family = FAMILIES[name]
            layout = layouts[-1] if family.last_page else layouts[0]
            source = Source(layout, layout.text, dpi)
            image, page_dpi, params = family.make(source, rng)
            text = params.pop("text", source.text)
            pages.append(FamilyPage(name, image, page_dpi, text, params))
    return pages
