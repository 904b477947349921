"""Bounds on what a request may carry: record ids within SQLite's 64-bit integers, lengths of codes
and free text, sizes of lists. Routes declare their parameters with these so every bound is in the
OpenAPI schema and out-of-range input is a 422, never an overflow deep in the database."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import HTTPException, Path, Query, UploadFile
from pydantic import Field

from web.messages import t

MAX_ID = 2**63 - 1  # largest SQLite INTEGER
MAX_PAGE = 100_000  # pages of one upload
MAX_OFFSET = 10_000  # rows skipped in a list; nobody pages further, and engines allocate per offset
CODE_LENGTH = 100  # case, unit, type, kind and status codes, indicator codes
NAME_LENGTH = 500  # titles, names, search text
TEXT_LENGTH = 2_000  # captions
MAX_ITEMS = 1_000  # ids in one list (exhibits of a set, document starts, polled ids)
CSV_BYTES = 20 * 1024 * 1024  # a register or court list; far larger is not a CSV a person made
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2100, 12, 31)  # dates outside are typing mistakes

RecordId = Annotated[int, Path(ge=1, le=MAX_ID, description="Record id")]
PageNumber = Annotated[int, Path(ge=1, le=MAX_PAGE, description="1-based page number")]
CodePath = Annotated[str, Path(min_length=1, max_length=CODE_LENGTH)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]
CodeQuery = Annotated[str | None, Query(max_length=CODE_LENGTH)]
DateQuery = Annotated[dt.date | None, Query(ge=FIRST_DAY, le=LAST_DAY, description="YYYY-MM-DD")]
BodyDate = Annotated[dt.date | None, Field(ge=FIRST_DAY, le=LAST_DAY, description="YYYY-MM-DD")]
BodyId = Annotated[int, Field(ge=1, le=MAX_ID)]


async def read_csv(upload: UploadFile, limit: int = CSV_BYTES) -> str:
    """The text of an uploaded CSV (UTF-8, BOM allowed), refused with a reason when too large or not UTF-8."""
    data = await upload.read(limit + 1)
    if len(data) > limit:
        raise HTTPException(status_code=422, detail=t("invalid.csv_too_large", mb=limit // (1024 * 1024)))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise HTTPException(status_code=422, detail=t("stats.csv_utf8")) from exc
