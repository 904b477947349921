"""Safe post-OCR text fixes: NFC and look-alike characters that are never Vietnamese."""

from __future__ import annotations

import re
import unicodedata

# Characters Tesseract emits for Vietnamese letters they resemble. Only mappings that
# can never be right in Vietnamese text are listed.
_LOOKALIKES = str.maketrans(
    {
        "Ð": "Đ",  # U+00D0 Icelandic eth
        "ð": "đ",
        "Ɖ": "Đ",  # U+0189 African D
        "ɖ": "đ",
        "\u00a0": " ",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\ufb01": "fi",
        "\ufb02": "fl",
    }
)
_SPACES = re.compile(r"[ \t]+")


def clean_text(text: str) -> str:
    """NFC-normalise and repair look-alikes; keeps line structure, collapses runs of spaces."""
    text = unicodedata.normalize("NFC", text).translate(_LOOKALIKES)
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return unicodedata.normalize("NFC", "\n".join(lines).strip())
