"""Red round official seals (con dấu) and multiply-blended stamping onto page images."""

from __future__ import annotations

import math
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from sample_files.fonts import font

SEAL_RED = (196, 32, 44)


def draw_seal(diameter_px: int, ring_text: str, seed: int = 0) -> Image.Image:
    """A seal as an 'L' ink-coverage mask (255 = full ink): two rings, text around, a star in the centre."""
    rng = random.Random(seed)
    size = diameter_px
    scale = 2  # draw large, downsample for smooth edges
    big = size * scale
    mask = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(mask)
    c = big / 2
    outer_w = max(2, round(big * 0.028))
    draw.ellipse([outer_w / 2, outer_w / 2, big - outer_w / 2, big - outer_w / 2], outline=255, width=outer_w)
    inner_r = big * 0.335
    draw.ellipse([c - inner_r, c - inner_r, c + inner_r, c + inner_r], outline=255, width=max(1, outer_w // 2))
    _draw_star(draw, c, c, big * 0.2)

    text = " ".join(ring_text.split())
    glyph_px = round(big * 0.085)
    fnt = font("bold", glyph_px)
    text_r = big / 2 - outer_w - glyph_px * 0.95
    span = min(330.0, 11.5 * len(text) * 0.95 + 20)
    start = -90 - span / 2  # centred on top
    widths = [fnt.getlength(ch) for ch in text]
    total = sum(widths)
    angle = start
    for ch, w in zip(text, widths, strict=True):
        step = span * w / total
        mid = math.radians(angle + step / 2)
        if ch.strip():
            tile = Image.new("L", (glyph_px * 2, glyph_px * 2), 0)
            ImageDraw.Draw(tile).text((glyph_px, glyph_px), ch, font=fnt, fill=255, anchor="mm")
            tile = tile.rotate(-(angle + step / 2 + 90), resample=Image.BICUBIC)
            x = c + text_r * math.cos(mid) - glyph_px
            y = c + text_r * math.sin(mid) - glyph_px
            mask.paste(255, (round(x), round(y)), tile)
        angle += step

    mask = mask.resize((size, size), Image.LANCZOS)
    # uneven ink: random low-frequency density field and small gaps
    noise = np.random.default_rng(rng.randrange(2**32))
    field = noise.normal(0.0, 1.0, (8, 8)).astype(np.float32)
    field = np.array(Image.fromarray(field).resize((size, size), Image.BICUBIC))
    density = np.clip(0.78 + 0.12 * field + noise.normal(0, 0.08, (size, size)), 0.35, 1.0)
    ink = np.asarray(mask, dtype=np.float32) * density
    return Image.fromarray(ink.clip(0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6))


def _draw_star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.4
        a = math.radians(-90 + i * 36)
        points.append((cx + radius * math.cos(a), cy + radius * math.sin(a)))
    draw.polygon(points, fill=255)


def stamp(
    page: Image.Image,
    mask: Image.Image,
    center: tuple[int, int],
    opacity: float = 0.85,
    color: tuple[int, int, int] = SEAL_RED,
    angle: float = 0.0,
    mode: str = "multiply",
) -> Image.Image:
    """Blend ink of the given colour through the mask onto an RGB page; returns a new image.

    `multiply`: the ink darkens what lies under it (print under the seal stays black);
    `opaque`: the ink partly covers it (print under the seal turns the ink's dark shade)."""
    if angle:
        mask = mask.rotate(angle, resample=Image.BICUBIC, expand=True)
    base = np.asarray(page.convert("RGB"), dtype=np.float32)
    h, w = base.shape[:2]
    mh, mw = mask.height, mask.width
    x0, y0 = center[0] - mw // 2, center[1] - mh // 2
    sx0, sy0 = max(0, -x0), max(0, -y0)
    dx0, dy0 = max(0, x0), max(0, y0)
    dx1, dy1 = min(w, x0 + mw), min(h, y0 + mh)
    if dx1 <= dx0 or dy1 <= dy0:
        return page.convert("RGB")
    alpha = np.asarray(mask, dtype=np.float32)[sy0 : sy0 + dy1 - dy0, sx0 : sx0 + dx1 - dx0, None] / 255.0 * opacity
    ink = np.array(color, dtype=np.float32) / 255.0
    region = base[dy0:dy1, dx0:dx1]
    if mode == "opaque":
        base[dy0:dy1, dx0:dx1] = region * (1.0 - alpha) + alpha * ink * 255.0
    else:
        base[dy0:dy1, dx0:dx1] = region * (1.0 - alpha * (1.0 - ink))
    return Image.fromarray(base.clip(0, 255).astype(np.uint8), "RGB")
