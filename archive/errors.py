"""The one base of every failure the archive reports: a stable code, an HTTP status, whether trying again
can help, and the Vietnamese message from the one catalogue (`archive/messages.py`).

An error is made in one of two ways: from a code (`AccountError("unknown_user")`), whose text the catalogue
holds, or from a sentence already written for people (`UnitError("không có đơn vị 'X'")`), kept as it is.
`web/` answers any `HosoError` with its status and message (one exception handler), the CLI prints the
message and exits non-zero (one wrapper); nothing else translates.

`ocr/` and `search/` import nothing of ours, so their errors are mapped at the archive's edge: OCR failures
by the pipeline (`OcrError.permanent`), search failures by `archive.retrieval.searching.from_search`.
"""

from __future__ import annotations

from typing import ClassVar

from archive.messages import MESSAGES, message

LANGUAGES = ("vi",)


class HosoError(Exception):
    """A failure a person is told about. Subclasses set `code`, `http_status` and `retryable`."""

    code: ClassVar[str] = "failed"
    http_status: ClassVar[int] = 500
    retryable: ClassVar[bool] = False
    # Codes of this family that answer with another status than the class's own.
    statuses: ClassVar[dict[str, int]] = {}

    def __init__(self, text: str = "", *, code: str | None = None, detail: str = "", logged: str = "", **values):
        """`text`: a sentence for people (else the catalogue's for `code`); `detail`: a readable detail added to
        the catalogue's text; `logged`: technical text for the log, what `str()` gives, never shown."""
        if code is not None:
            self.code = code  # type: ignore[misc]  # the instance's own code shadows the class's
            if code in self.statuses:
                self.http_status = self.statuses[code]  # type: ignore[misc]
        self.text = text
        self.detail = detail
        self.values = values
        super().__init__(logged or text or self.message())

    def message(self, lang: str = "vi") -> str:
        """What the person reads: the sentence the error was made with, or the catalogue's text for its code
        (placeholders filled from `values`, `detail` added in parentheses)."""
        if lang not in LANGUAGES:
            raise ValueError(f"no catalogue for language {lang!r}")
        if self.text:
            return self.text
        if self.code in MESSAGES and self.values:
            return MESSAGES[self.code].format(**self.values)
        return message(self.code, self.detail)


class NotFound(HosoError):
    code = "not_found"
    http_status = 404


class Forbidden(HosoError):
    code = "forbidden"
    http_status = 403


class Conflict(HosoError):
    code = "conflict"
    http_status = 409


class Invalid(HosoError, ValueError):
    code = "invalid"
    http_status = 422


class TooBig(HosoError):
    code = "file_too_big"
    http_status = 413


class Unavailable(HosoError):
    code = "store_down"
    http_status = 503
    retryable = True


class Problems(Invalid):
    """A file refused as a whole; `problems` lists each bad row in Vietnamese (the first five in the message)."""

    def __init__(self, problems: list[str]):
        more = f" (và {len(problems) - 5} lỗi khác)" if len(problems) > 5 else ""
        super().__init__("; ".join(problems[:5]) + more)
        self.problems = problems


class OriginalMissing(NotFound):
    """A document's original is not in the blob store: reading it again cannot help."""

    code = "original_missing"


class InvalidQuery(Invalid):
    """A search the index refuses to run; the message says why."""

    code = "invalid_search"


class SearchBusy(Unavailable):
    code = "search_busy"
