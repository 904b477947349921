"""Font files for document rendering: Liberation Serif (Times metrics) with DejaVu Serif as fallback."""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

from PIL import ImageFont

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/dejavu"),
)
FONT_FILES = {
    "regular": ("LiberationSerif-Regular.ttf", "DejaVuSerif.ttf"),
    "bold": ("LiberationSerif-Bold.ttf", "DejaVuSerif-Bold.ttf"),
    "italic": ("LiberationSerif-Italic.ttf", "DejaVuSerif-Italic.ttf"),
    "bolditalic": ("LiberationSerif-BoldItalic.ttf", "DejaVuSerif-BoldItalic.ttf"),
}


@cache
def font_path(style: str) -> Path:
    """Path of the TTF for a style (regular, bold, italic, bolditalic)."""
    for name in FONT_FILES[style]:
        for folder in FONT_DIRS:
            if (folder / name).exists():
                return folder / name
    raise FileNotFoundError(f"no serif font for style {style!r} in {FONT_DIRS}")


@lru_cache(maxsize=256)
def font(style: str, size_px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_path(style)), size_px)


def text_width_pt(text: str, style: str, size_pt: float) -> float:
    """Advance width of a string in points at the given size."""
    return font(style, 1000).getlength(text) * size_pt / 1000.0
