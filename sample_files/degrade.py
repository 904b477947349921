"""Scan degradations: pure, seeded functions Image -> Image, and the named standard test conditions."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import partial

import cv2
import numpy as np
from PIL import Image, ImageFilter

from sample_files.seal import draw_seal, stamp

PAPER = (255, 255, 255)


def _array(img: Image.Image) -> np.ndarray:
    return np.asarray(img.convert("RGB"), dtype=np.float32)


def _image(arr: np.ndarray) -> Image.Image:
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")


def add_noise(img: Image.Image, sigma: float = 6.0, seed: int = 0) -> Image.Image:
    """Gaussian sensor noise, same noise on the three channels (scanner CCD)."""
    rng = np.random.default_rng(seed)
    arr = _array(img)
    return _image(arr + rng.normal(0.0, sigma, arr.shape[:2])[..., None])


def skew(img: Image.Image, degrees: float, noise: float = 0.0, seed: int = 0) -> Image.Image:
    """Paper placed askew on the scanner: rotate by degrees (counter-clockwise positive), same canvas size."""
    out = img.convert("RGB").rotate(degrees, resample=Image.BICUBIC, expand=False, fillcolor=PAPER)
    return add_noise(out, noise, seed) if noise else out


def rotate(img: Image.Image, angle: int) -> Image.Image:
    """Page fed sideways or upside down: exact rotation by 90, 180 or 270 degrees counter-clockwise."""
    ops = {90: Image.Transpose.ROTATE_90, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_270}
    if angle not in ops:
        raise ValueError(f"angle must be 90, 180 or 270, not {angle}")
    return img.convert("RGB").transpose(ops[angle])


def seal_over_text(
    img: Image.Image,
    seed: int = 0,
    text: str = "VIỆN KIỂM SÁT NHÂN DÂN TỈNH BẮC NINH",
    diameter_mm: float = 38.0,
    opacity: float = 0.8,
) -> Image.Image:
    """A red seal stamped across body text somewhere in the middle of the page."""
    rng = np.random.default_rng(seed)
    px_per_mm = img.width / 210.0
    mask = draw_seal(round(diameter_mm * px_per_mm), text, seed=seed)
    cx = int(img.width * rng.uniform(0.35, 0.65))
    cy = int(img.height * rng.uniform(0.35, 0.6))
    return stamp(img, mask, (cx, cy), opacity=opacity, angle=float(rng.uniform(-30, 30)))


def photocopy(
    img: Image.Image,
    seed: int = 0,
    background: float = 228.0,
    streaks: int = 3,
    speckle: float = 0.0006,
    blur_radius: float = 0.7,
) -> Image.Image:
    """Office photocopy: grey uneven background, darker toner, speckles, faint vertical toner streaks, soft focus."""
    rng = np.random.default_rng(seed)
    gray = np.asarray(img.convert("L"), dtype=np.float32) / 255.0
    h, w = gray.shape
    toner = gray**1.6  # copies darken mid-tones: red seals turn dark grey
    low = cv2.resize(rng.normal(0, 1, (6, 5)).astype(np.float32), (w, h), interpolation=cv2.INTER_CUBIC)
    paper = background + 7.0 * low
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    edge = np.minimum(np.minimum(xs, w - xs), np.minimum(ys, h - ys)) / (0.04 * w)
    paper -= 25.0 * np.exp(-edge)  # copier lid shadow at the edges
    out = 18.0 + (paper - 18.0) * toner
    for _ in range(streaks):
        x = int(rng.integers(0, w))
        width = int(rng.integers(2, 6))
        out[:, x : x + width] -= float(rng.uniform(10, 28)) * (0.6 + 0.4 * rng.random((h, 1)))
    n_specks = int(speckle * h * w)
    sy, sx = rng.integers(0, h - 2, n_specks), rng.integers(0, w - 2, n_specks)
    for dy in (0, 1):
        for dx in (0, 1):
            keep = rng.random(n_specks) < 0.6
            out[sy[keep] + dy, sx[keep] + dx] = rng.uniform(30, 120, int(keep.sum()))
    out += rng.normal(0, 4.0, out.shape)
    result = Image.fromarray(np.clip(out, 0, 255).astype(np.uint8), "L").filter(ImageFilter.GaussianBlur(blur_radius))
    return result.convert("RGB")


def low_dpi(img: Image.Image, dpi_from: int = 200, dpi_to: int = 150) -> Image.Image:
    """Re-scan at a lower resolution: optical softening then area resampling; the image gets smaller."""
    ratio = dpi_to / dpi_from
    soft = img.convert("RGB").filter(ImageFilter.GaussianBlur(0.5 / ratio))
    return soft.resize((round(img.width * ratio), round(img.height * ratio)), Image.BOX)


def jpeg(img: Image.Image, quality: int = 40) -> Image.Image:
    """Round-trip through JPEG at the given quality (blocking and ringing around glyphs)."""
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def blur(img: Image.Image, radius: float = 1.2) -> Image.Image:
    """Out-of-focus scan."""
    return img.convert("RGB").filter(ImageFilter.GaussianBlur(radius))


def photograph(img: Image.Image, seed: int = 0, tilt: float = 0.035, light: float = 0.3) -> Image.Image:
    """Phone photo of a page on a desk: slight perspective, uneven warm lighting, noise, soft focus, JPEG."""
    rng = np.random.default_rng(seed)
    src = _array(img)
    h, w = src.shape[:2]
    margin = np.array([w, h], dtype=np.float32) * 0.04
    corners = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    jitter = rng.uniform(-tilt, tilt, (4, 2)).astype(np.float32) * np.array([w, h], dtype=np.float32) * 0.5
    target = margin + corners * (1 - 2 * margin / np.array([w, h], dtype=np.float32)) + jitter
    matrix = cv2.getPerspectiveTransform(corners, target.astype(np.float32))
    desk = np.array([92, 78, 64], dtype=np.float32)
    warped = cv2.warpPerspective(
        src,
        matrix,
        (w, h),
        flags=cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=tuple(float(v) for v in desk),
    )
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    lx, ly = rng.uniform(0.2, 0.8) * w, rng.uniform(0.1, 0.5) * h
    dist = np.sqrt(((xs - lx) / w) ** 2 + ((ys - ly) / h) ** 2)
    shade = 1.0 - light * np.clip(dist, 0, 1.2) / 1.2
    shade -= 0.12 * np.clip((xs / w) * rng.uniform(0.5, 1.0), 0, 1)  # hand/phone shadow on one side
    tint = np.array([1.0, 0.96, 0.88], dtype=np.float32)
    lit = warped * shade[..., None] * tint
    lit += rng.normal(0, 5.0, lit.shape[:2])[..., None]
    out = _image(lit).filter(ImageFilter.GaussianBlur(0.9))
    return jpeg(out, 82)


CONDITIONS: dict[str, Callable[[Image.Image], Image.Image]] = {
    "clean": lambda img: img.convert("RGB"),
    "skew_2_5": partial(skew, degrees=2.5, noise=6.0, seed=1),
    "skew_neg_7": partial(skew, degrees=-7.0, noise=4.0, seed=2),
    "seal_over_text": partial(seal_over_text, seed=3),
    "upside_down": partial(rotate, angle=180),
    "rotated_90": partial(rotate, angle=90),
    "photocopy": partial(photocopy, seed=4),
    "low_dpi_150": partial(low_dpi, dpi_from=200, dpi_to=150),
    "photo": partial(photograph, seed=5),
    "combined": lambda img: photocopy(seal_over_text(skew(img, 1.8, noise=4.0, seed=6), seed=7), seed=8),
}
