"""Every archive failure has one base with a code, an HTTP status, a retry flag and a Vietnamese message."""

from __future__ import annotations

import pickle

from archive.errors import HosoError
from archive.evidence.exhibits import ExhibitError
from archive.runtime.blobs import StoreUnavailable
from archive.statistics.units import UnitError
from archive.trust.accounts import AccountError
from ocr import OcrError


def test_an_ocr_failure_says_whether_reading_again_could_help():
    assert OcrError("corrupt").permanent and OcrError("page_timeout").permanent
    assert not OcrError("timeout").permanent and not OcrError("ocr_failed").permanent
    travelled = pickle.loads(pickle.dumps(OcrError("encrypted", "x", page=2)))  # across the page pool
    assert (travelled.code, travelled.page, travelled.permanent) == ("encrypted", 2, True)


def test_archive_errors_carry_their_status_and_vietnamese_message():
    cases = [
        (AccountError("unknown_user", "bob"), 404, "Không tìm thấy tài khoản: bob"),
        (AccountError("username_taken"), 422, "Tên đăng nhập đã tồn tại"),
        (
            ExhibitError("duplicate_page", n=3),
            409,
            "Trang này đã có trong bộ chứng cứ (Chứng cứ số 3); không thêm lần nữa",
        ),
        (UnitError("không có đơn vị 'X'"), 404, "không có đơn vị 'X'"),
    ]
    for error, status, text in cases:
        assert isinstance(error, HosoError)
        assert (error.http_status, error.message()) == (status, text)


def test_a_store_failure_is_retryable_and_keeps_its_technical_text_out_of_the_message():
    error = StoreUnavailable("get abc: connection reset")
    assert (error.http_status, error.retryable) == (503, True)
    assert "connection reset" in str(error) and "connection reset" not in error.message()
