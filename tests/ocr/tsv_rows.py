"""Tesseract's TSV word table written by hand, read the way the engine's output is read."""

from ocr.page_text import PageText, from_tsv

COLUMNS = (
    "level",
    "page_num",
    "block_num",
    "par_num",
    "line_num",
    "word_num",
    "left",
    "top",
    "width",
    "height",
    "conf",
    "text",
)


def page_text(rows: list[dict[str, str]]) -> PageText:
    """The `PageText` of TSV rows given as dictionaries of strings."""
    lines = ["\t".join(COLUMNS)] + ["\t".join(str(row.get(c, "")) for c in COLUMNS) for row in rows]
    return from_tsv("\n".join(lines) + "\n")
