"""Hook tone marks read as acute accents are restored where the dictionary says so, and
correct text is never changed."""

from __future__ import annotations

from ocr import Word
from ocr.tesseract import build_text
from ocr.tone_marks import restore_hooks
from sample_files.corpus import make_documents
from sample_files.render import layout_document
from tests.ocr.tsv_rows import page_text


def _restore(text: str) -> str:
    rows = [
        [Word(text=t, box=(10 * i, 0, 10 * i + 8, 10), conf=0.9) for i, t in enumerate(line.split())]
        for line in text.split("\n")
    ]
    return "\n".join(" ".join(w.text for w in row) for row in restore_hooks(rows))


def test_hooks_read_as_acutes_are_restored_in_any_letter_case_and_beside_punctuation():
    assert _restore("VIỆN KIẾM SÁT NHÂN DÂN") == "VIỆN KIỂM SÁT NHÂN DÂN"
    assert _restore("xét xử phúc thấm vụ án") == "xét xử phúc thẩm vụ án"
    assert _restore("Thấm phán chủ tọa") == "Thẩm phán chủ tọa"
    assert _restore("theo thủ tục phúc thấm.") == "theo thủ tục phúc thẩm."
    assert _restore("theo bán án số 12") == "theo bản án số 12"
    assert _restore("sửa bản án sơ\nthấm, tăng hình phạt") == "sửa bản án sơ\nthẩm, tăng hình phạt"


def test_the_restored_word_keeps_its_box_and_confidence():
    word = Word(text="KIẾM", box=(5, 6, 7, 8), conf=0.61)
    row = restore_hooks([[Word(text="VIỆN", box=(0, 0, 4, 8), conf=0.9), word, Word("SÁT", (9, 0, 12, 8), 0.9)]])[0]
    assert row[1] == Word(text="KIỂM", box=(5, 6, 7, 8), conf=0.61)


def test_common_words_names_and_words_already_in_the_dictionary_stay_as_read():
    assert _restore("trong sân có dựng 01 lều") == "trong sân có dựng 01 lều"  # "sân cỏ" is a word, "có" common
    assert _restore("tỉnh Thanh Hoá bán") == "tỉnh Thanh Hoá bán"  # a name inside the line
    assert _restore("tìm kiếm tra") == "tìm kiếm tra"  # "tìm kiếm" is a word as read, whatever "kiểm tra" is
    assert _restore("KIẾM") == "KIẾM"  # nothing beside it to tell


def test_correct_document_text_is_never_changed():
    pages = [page.text for doc in make_documents(200, seed=101) for page in layout_document(doc)]
    changed = [(text, _restore(text)) for text in pages if _restore(text) != text]
    assert sum(len(text) for text in pages) > 200_000
    assert changed == []


def test_a_page_read_in_vietnamese_gets_its_hooks_back_and_records_it():
    rows = [
        {
            "level": "5",
            "page_num": "1",
            "block_num": "1",
            "par_num": "1",
            "line_num": "1",
            "word_num": str(n),
            "left": str(100 + 120 * n),
            "top": "100",
            "width": "100",
            "height": "28",
            "conf": "91",
            "text": text,
        }
        for n, text in enumerate(["VIỆN", "KIẾM", "SÁT", "NHÂN", "DÂN"])
    ]
    read = build_text(page_text(rows).words, vietnamese=True)
    assert read.text == "VIỆN KIỂM SÁT NHÂN DÂN" and read.steps == ["tone-marks"]
    assert [w.text for w in read.words][1] == "KIỂM"
    other = build_text(page_text(rows).words)  # languages without Vietnamese
    assert other.text == "VIỆN KIẾM SÁT NHÂN DÂN" and other.steps == []
