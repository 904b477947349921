"""Safe text fixes, the CER metric, reading order and the review flag."""

from __future__ import annotations

import random
import unicodedata

import numpy as np
from PIL import Image

from ocr import REVIEW_CONFIDENCE, PageResult, Word
from ocr.metrics import cer, edit_distance, normalise_for_cer
from ocr.reading_order import order_rows, split_segments
from ocr.reread import merged_regions, split_columns
from ocr.tesseract import build_text, is_noise
from ocr.text import clean_text
from tests.ocr.tsv_rows import page_text


def test_lookalikes_become_vietnamese_letters():
    assert clean_text("ÐIỀU 173, ðã xét") == "ĐIỀU 173, đã xét"
    assert clean_text("Ɖông ɖến") == "Đông đến"


def test_text_is_nfc():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hằng")
    assert clean_text(decomposed) == "Nguyễn Thị Hằng"
    assert unicodedata.is_normalized("NFC", clean_text(decomposed))


def test_spaces_collapse_but_lines_stay():
    assert clean_text("Căn  cứ\u00a0Điều 41\n\nQUYẾT  ĐỊNH") == "Căn cứ Điều 41\n\nQUYẾT ĐỊNH"


def _dp(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def test_edit_distance_matches_the_textbook_definition():
    rng = random.Random(1)
    for _ in range(300):
        a = "".join(rng.choice("aăâđ ") for _ in range(rng.randint(0, 40)))
        b = "".join(rng.choice("aăâđ ") for _ in range(rng.randint(0, 40)))
        assert edit_distance(a, b) == _dp(a, b)


def test_cer_ignores_whitespace_and_normal_form():
    reference = "Bộ luật\nHình sự"
    assert cer(unicodedata.normalize("NFD", "Bộ  luật Hình sự"), reference) == 0.0
    assert normalise_for_cer(" a \n\t b ") == "a b"
    assert cer("Bộ luật Hinh sự", reference) == 1 / len("Bộ luật Hình sự")


def _word(text, x0, y0, x1, y1, conf=0.9):
    return Word(text=text, box=(x0, y0, x1, y1), conf=conf)


def test_two_columns_on_one_baseline_are_read_as_one_row_left_to_right():
    # Tesseract gives the right-hand column first, then the left, on the same baseline.
    lines = [
        [_word("CỘNG", 800, 100, 900, 130), _word("HÒA", 910, 100, 990, 130)],
        [_word("CÔNG", 200, 101, 300, 131), _word("AN", 310, 101, 360, 131)],
        [_word("Căn", 200, 200, 260, 230), _word("cứ", 270, 200, 310, 230)],
    ]
    rows = order_rows(split_segments(lines))
    assert [" ".join(w.text for w in row) for row in rows] == ["CÔNG AN CỘNG HÒA", "Căn cứ"]


def test_a_line_joining_two_columns_is_cut_at_the_gutter():
    line = [_word("SƠN", 600, 100, 700, 130), _word("CỘNG", 800, 100, 900, 130)]
    assert len(split_segments([line])) == 2


def test_noise_marks_are_dropped_but_list_dashes_kept():
    assert is_noise("‹_", 0.7)
    assert is_noise("Xk3", 0.05)
    assert not is_noise("-", 0.9)
    assert not is_noise("Điều", 0.6)


def test_low_confidence_pages_need_review():
    def result(conf, source="ocr"):
        return PageResult(
            number=1, text="x", confidence=conf, rotation=0, skew=0.0, source=source, words=[], width=10, height=10
        )

    assert result(REVIEW_CONFIDENCE - 0.1).needs_review
    assert not result(REVIEW_CONFIDENCE + 0.05).needs_review
    assert not result(0.0, source="text-layer").needs_review
    assert result(0.1).to_json()["needs_review"] is True


def _tsv_row(level, block, line, left, top, width, height, text="", conf="-1"):
    return {
        "level": str(level),
        "page_num": "1",
        "block_num": str(block),
        "par_num": "1",
        "line_num": str(line),
        "word_num": "0",
        "left": str(left),
        "top": str(top),
        "width": str(width),
        "height": str(height),
        "conf": conf,
        "text": text,
    }


def test_a_line_twice_as_tall_as_the_others_is_read_again_with_the_lines_it_touches():
    rows = [_tsv_row(4, 1, n, 100, 100 + 30 * n, 800, 28) for n in range(5)]
    rows += [_tsv_row(4, 2, 0, 100, 500, 800, 28), _tsv_row(4, 2, 1, 100, 520, 800, 60)]
    assert merged_regions(page_text(rows)) == [(100, 500, 900, 580)]
    assert merged_regions(page_text(rows[:6])) == []


def test_a_block_is_split_at_its_column_gutter():
    page = np.full((200, 600), 255, np.uint8)
    page[20:40, 10:250] = 0  # left column
    page[20:40, 350:590] = 0  # right column
    parts = split_columns(Image.fromarray(page), (0, 0, 600, 200))
    assert [p[2] for p in parts] == [300, 600] and parts[0][0] == 0 and parts[1][0] == 300
    page[60:80, 240:360] = 0  # a line across the gutter: one column
    assert split_columns(Image.fromarray(page), (0, 0, 600, 200)) == [(0, 0, 600, 200)]


def test_an_unsure_word_shaped_like_its_line_is_kept_and_a_misshapen_one_dropped():
    rows = [_tsv_row(5, 1, 1, 100 + 100 * n, 100, 80, 28, text="Điều", conf="96") for n in range(4)]
    rows.append(_tsv_row(5, 1, 1, 520, 100, 85, 28, text="HSCV.", conf="9"))  # abbreviation, low confidence
    rows.append(_tsv_row(5, 1, 1, 700, 120, 254, 6, text="CỐ", conf="15"))  # a flat stroke read as letters
    assert build_text(page_text(rows).words).text == "Điều Điều Điều Điều HSCV."


def _rows_text(lines):
    return [" ".join(w.text for w in row) for row in order_rows(split_segments(lines))]


def test_a_signers_title_read_into_the_recipients_line_goes_back_to_its_own_row():
    # Tesseract joined "- Viện kiểm sát ...;" with the title beside it, which sits a line higher.
    lines = [
        [_word("Nơi", 198, 1315, 250, 1344), _word("nhận:", 258, 1315, 324, 1344)],
        [
            _word("-", 200, 1362, 210, 1366),
            _word("Viện", 216, 1351, 266, 1376),
            _word("kiểm", 275, 1351, 328, 1373),
            _word("sát;", 337, 1352, 380, 1376),
            _word("THẨM", 405, 1327, 511, 1351),
            _word("PHÁN", 523, 1328, 617, 1352),
        ],
        [_word("-", 200, 1398, 210, 1402), _word("Lưu:", 216, 1387, 270, 1410), _word("HS.", 280, 1387, 320, 1410)],
    ]
    assert _rows_text(lines) == ["Nơi nhận: THẨM PHÁN", "- Viện kiểm sát;", "- Lưu: HS."]


def test_a_word_box_swollen_by_a_speck_does_not_move_its_line_to_another_row():
    lines = [
        [
            _word("Bắc", 870, 296, 930, 324),
            _word("Ninh,", 940, 296, 1010, 324),
            _word("ngày", 1020, 296, 1090, 324),
            _word("27", 1100, 296, 1130, 324),
        ],
        [_word("Số:", 218, 298, 261, 324), _word("50/2025/QĐ-VKS", 270, 287, 612, 340)],  # joined with a speck
    ]
    assert _rows_text(lines) == ["Số: 50/2025/QĐ-VKS Bắc Ninh, ngày 27"]


def test_columns_of_a_leaning_page_are_paired_along_the_lean_of_its_lines():
    # A photographed page: lines fall 2 px every 100 px to the right. The left heading and
    # the right date stand on one printed row, 16 px apart in height.
    def line(words, x, y):
        out = []
        for text in words.split():
            width = 20 * len(text)
            top = y + round(0.02 * (x - 100))
            out.append(_word(text, x, top, x + width, top + 26))
            x += width + 12
        return out

    lines = [
        line("Căn cứ Điều 255 Bộ luật Tố tụng hình sự và Điều 277", 100, 100),
        line("Số: 50/QĐ-VKS", 100, 200),
        line("Bắc Ninh, ngày 27", 900, 200),
        line("Sau khi nghiên cứu hồ sơ vụ án hình sự sơ thẩm", 100, 300),
    ]
    assert _rows_text(lines)[1] == "Số: 50/QĐ-VKS Bắc Ninh, ngày 27"


def test_specks_and_strokes_read_as_letters_are_dropped_but_short_sure_words_kept():
    rows = [_tsv_row(5, 1, 1, 100 + 100 * n, 100, 80, 28, text="Điều", conf="96") for n in range(12)]
    rows.append(_tsv_row(5, 1, 2, 100, 150, 40, 16, text="ra", conf="95"))  # x-height letters only: kept
    rows.append(_tsv_row(5, 1, 2, 300, 150, 12, 6, text="Ẩ", conf="86"))  # a speck, however sure
    rows.append(_tsv_row(5, 1, 2, 500, 120, 307, 108, text="Xy", conf="40"))  # a signature stroke
    rows.append(_tsv_row(5, 1, 2, 900, 150, 72, 12, text="mw", conf="36"))  # a toner streak
    assert build_text(page_text(rows).words).text == "Điều " * 11 + "Điều\nra"
