"""Safe post-OCR text fixes: NFC and the look-alike characters of the shared Vietnamese rules."""

from __future__ import annotations

import re

from vntext import nfc, repair

_SPACES = re.compile(r"[ \t]+")


def clean_text(text: str) -> str:
    """NFC-normalise and repair look-alikes; keeps line structure, collapses runs of spaces."""
    lines = [_SPACES.sub(" ", line).strip() for line in repair(text).splitlines()]
    return nfc("\n".join(lines).strip())
