"""Plain data exchanged by the OCR package: words, page results and the error it raises."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

# A page whose recognition confidence is below this should be checked by a person.
REVIEW_CONFIDENCE = 0.80


@dataclass(frozen=True)
class Word:
    """One recognised word with its box in page-image pixels and a confidence in 0..1."""

    text: str
    box: tuple[int, int, int, int]
    conf: float


@dataclass
class PageResult:
    """What one page gives: its text, words, geometry corrections and the image they refer to.

    `image_jpeg` is the page as the viewer should show it (rotation and skew already
    corrected, original colours kept); every word box is in its pixel coordinates.
    """

    number: int
    text: str
    confidence: float
    rotation: int
    skew: float
    source: str  # "ocr" | "text-layer"
    words: list[Word]
    width: int
    height: int
    dpi: int = 300
    steps: list[str] = field(default_factory=list)
    image_jpeg: bytes = b""
    kind: str = "text"  # text | blank | photo | handwritten (ocr.page_kind); a text layer is text

    @property
    def readable(self) -> bool:
        """Whether the page holds print worth indexing (not a blank page, a photograph or handwriting)."""
        return self.kind == "text"

    @property
    def needs_review(self) -> bool:
        """True when OCR was unsure enough of this page that a person should check it."""
        return self.source == "ocr" and (self.confidence < REVIEW_CONFIDENCE or not self.readable)

    def to_json(self) -> dict:
        """The `hoso ocr --json` shape of one page (DESIGN.md)."""
        return {
            "number": self.number,
            "text": self.text,
            "confidence": round(self.confidence, 4),
            "rotation": self.rotation,
            "skew": round(self.skew, 2),
            "source": self.source,
            "needs_review": self.needs_review,
            "steps": list(self.steps),
            "kind": self.kind,
            "width": self.width,
            "height": self.height,
            "dpi": self.dpi,
            "words": [{"text": w.text, "box": list(w.box), "conf": round(w.conf, 3)} for w in self.words],
        }


class OcrError(Exception):
    """A file or page that cannot be read. `code` is stable; callers map it to a user message.

    `detail` is technical (for logs); `page` is the 1-based page concerned, when known. `OcrError(code)` is an
    instance of the subclass that declares the code, so `permanent` says whether reading again could help.
    """

    codes: ClassVar[frozenset[str]] = frozenset()
    permanent: ClassVar[bool] = False  # True: the same input fails the same way however often it is read

    def __new__(cls, code: str, detail: str = "", page: int | None = None):
        if cls is OcrError:
            cls = _CLASS_OF_CODE.get(code, OcrError)
        return super().__new__(cls)

    def __init__(self, code: str, detail: str = "", page: int | None = None):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
        self.page = page

    def __reduce__(self):  # keep code, detail and page across the process pool
        return (type(self), (self.code, self.detail, self.page))


class UnreadableInput(OcrError):
    """The file itself: empty, of a kind not taken, broken, locked, or outside the limits."""

    codes = frozenset({"empty", "unsupported_type", "corrupt", "encrypted", "too_large", "too_small", "too_many_pages"})
    permanent = True


class PageOverLimit(OcrError):
    """A page that needs more time or memory than a page may take: it would need as much again."""

    codes = frozenset({"page_timeout", "out_of_memory"})
    permanent = True


class RecognitionFailed(OcrError):
    """Tesseract timed out or failed on one run (a busy machine, a killed process): worth another try."""

    codes = frozenset({"timeout", "ocr_failed", "no_font"})
    permanent = False


_CLASS_OF_CODE: dict[str, type[OcrError]] = {
    code: kind for kind in (UnreadableInput, PageOverLimit, RecognitionFailed) for code in kind.codes
}
