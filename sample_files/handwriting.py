"""Pages a person wrote by hand: lines of joined cursive strokes in ballpoint ink on paper, with
the loops, slant and uneven baseline of real handwriting. For the tests and the benchmark of
page kinds; nothing here is read as text."""

from __future__ import annotations

import math
import random

from PIL import Image, ImageDraw

INKS = [(25, 35, 150), (20, 20, 30), (40, 60, 170)]


def _word(draw: ImageDraw.ImageDraw, rnd: random.Random, x: float, y: float, size: float, ink, width: int) -> float:
    """One cursive word of loops and humps from (x, y) on the baseline; returns where it ends."""
    letters = rnd.randint(2, 7)
    points = []
    slant = rnd.uniform(0.15, 0.35)
    for k in range(letters):
        tall = rnd.random() < 0.3
        height = size * (1.8 if tall else 1.0) * rnd.uniform(0.8, 1.2)
        step = size * rnd.uniform(0.6, 0.9)
        for t in range(9):
            phase = t / 8 * 2 * math.pi
            dy = -height * (0.5 - 0.5 * math.cos(phase))
            points.append((x + k * step + t / 8 * step + slant * -dy, y + dy + rnd.uniform(-0.6, 0.6)))
    draw.line(points, fill=ink, width=width, joint="curve")
    return x + letters * size * 0.8


def handwritten_page(seed: int, dpi: int = 200) -> Image.Image:
    """An A4 page of handwriting at ``dpi``: a short heading, then lines of words to the margin."""
    rnd = random.Random(seed)
    width, height = round(8.27 * dpi), round(11.69 * dpi)
    paper = tuple(rnd.randint(235, 252) for _ in range(3))
    image = Image.new("RGB", (width, height), paper)
    draw = ImageDraw.Draw(image)
    ink = rnd.choice(INKS)
    pen = max(2, round(dpi / 100))
    size = dpi * rnd.uniform(0.07, 0.11)
    margin = dpi * 0.9
    y = dpi * 1.2
    lines = rnd.randint(8, 24)
    for _line in range(lines):
        x = margin + rnd.uniform(0, dpi * 0.4)
        baseline_drift = rnd.uniform(-0.03, 0.03)
        while x < width - margin - size * 4:
            end = _word(draw, rnd, x, y + (x - margin) * baseline_drift, size, ink, pen)
            x = end + size * rnd.uniform(0.8, 1.6)
        y += size * rnd.uniform(2.6, 3.4)
        if y > height - dpi:
            break
    return image
