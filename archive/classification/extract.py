"""Identifier extraction from OCR text: document number/symbol, own date, issuing organ, court case
numbers, law articles, people with roles and citizen IDs; tolerant of OCR noise, results in NFC."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from vntext import syllables

from .textnorm import fold_aligned, repair_ocr, uppercase_ratio


@dataclass(frozen=True)
class Person:
    """A person named in a document with the procedural role they appear in (e.g. ``bị can``)."""

    name: str
    role: str

    @property
    def is_official(self) -> bool:
        """Whether the role is one of the procedure's officials rather than a party or witness."""
        return self.role in OFFICIAL_ROLES


# Roles held by officials conducting the procedure (not parties to the case).
OFFICIAL_ROLES = frozenset(
    {"kiểm sát viên", "điều tra viên", "cán bộ điều tra", "thẩm phán", "hội thẩm nhân dân", "thư ký", "giám định viên"}
)


@dataclass
class Fields:
    """Everything extracted from one document's text."""

    number: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    case_numbers: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    citizen_ids: list[str] = field(default_factory=list)
    # Fields left empty because what the page holds there cannot be trusted, as codes
    # ("number_unreadable", "date_unreadable", "date_implausible", "issuer_unreadable").
    doubts: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Layout helpers

HEADER_LINES = 18  # non-empty lines at the top that hold issuer, motto, number, date and title

_MOTTO_PATTERNS = [
    # OCR takes a capital C for a G ("GỘNG HÒA") and loses the end of a line at the margin ("VIỆT NA").
    re.compile(
        r"[cg]\s?[o0]ng\s*h\s?[o0]a\s*x\s?a\s*h\s?[o0]i\s*ch\s?u\s*ngh\s?[il1]a(?:\s*v\s?i\s?e\s?t(?:\s*n\s?a?m?)?)?"
    ),
    re.compile(
        r"d\s?[o0]c\s*l\s?a\s?p\s*[-–.,:~_ ]*\s*t\s?u\s*d\s?[o0](?:\s*[-–.,:~_ ]*\s*h\s?a\s?n\s?h(?:\s*ph\s?u?\s?c?)?)?"
    ),
]

# Words that start a document title line (folded form).
TITLE_HEADS = re.compile(
    r"^(quyet\s*dinh|bien\s*ban|lenh|cao\s*trang|ban\s*cao\s*trang|ban\s*an|ban\s*ket\s*luan|ket\s*luan|thong\s*bao|"
    r"don\s*(?:khoi|to|trinh|de|xin|yeu)|khang\s*nghi|to\s*giac|tin\s*bao|hop\s*dong|hoa\s*don|giay\s*(?:chung|xac|moi|trieu|bien|vay|to|uy|phep|khai|de\s*nghi|nop)|phieu|bang\s*ke|sao\s*ke|"
    r"van\s*ban|bao\s*cao|to\s*trinh|cong\s*van|ban\s*tu\s*khai|ban\s*tuong\s*trinh|bien\s*lai|"
    r"yeu\s*cau|de\s*nghi)"
)


@dataclass
class _Line:
    text: str  # repaired original
    folded: str  # aligned fold, lower case
    start: int  # offset in the repaired document text


def _lines(text: str, limit: int | None = None) -> list[_Line]:
    """Non-empty lines (at most ``limit``) with their folded form and offset."""
    out: list[_Line] = []
    offset = 0
    for raw in text.split("\n"):
        if limit is not None and len(out) >= limit:
            break
        if raw.strip():
            out.append(_Line(raw, fold_aligned(raw), offset))
        offset += len(raw) + 1
    return out


def _remove_spans(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            chars[i] = " "
    return re.sub(r"\s+", " ", "".join(chars)).strip()


def motto_spans(folded_line: str) -> list[tuple[int, int]]:
    """Character spans of the national motto (both lines) inside a folded line."""
    return [m.span() for pattern in _MOTTO_PATTERNS for m in pattern.finditer(folded_line)]


def has_motto(folded: str) -> bool:
    """Whether folded text contains the national motto or its second line."""
    return any(pattern.search(folded) for pattern in _MOTTO_PATTERNS)


# ---------------------------------------------------------------------------------------------
# Document number and symbol (Decree 30/2020: number / [year /] TYPE-AGENCY-UNIT)

# Symbol groups are upper case, rarely with a lower-case letter inside (1635/TgT). A unit code
# read with a letter for its digit ("P l" for P1) is kept whole so the digit can be restored.
_GROUP_TAIL = r"[A-ZĐ0-9.]*(?:[a-zđ][A-ZĐ0-9]+)*"
_UNIT_CODE = r"P[0-9lI|O]{1,2}(?![\w])"
_GROUP = rf"(?:{_UNIT_CODE}|[A-ZĐ0-9]{_GROUP_TAIL})"
# Digits OCR reads as letters: O for 0, l/I/| for 1. A number must still hold one real digit.
_OCR_DIGIT = r"[0-9OIl|]"
_NUMBER_SYMBOL = re.compile(
    rf"(?P<num>(?:{_OCR_DIGIT}{{0,5}}\d{_OCR_DIGIT}{{0,5}}))\s*/\s*"
    rf"(?:(?P<year>(?:19|2[0O]){_OCR_DIGIT}{{2}})\s*/\s*)?"
    rf"(?P<sym>[A-ZĐ]{_GROUP_TAIL}(?:\s*-\s*{_GROUP})*)"
)
_NUMBER_PREFIX = re.compile(r"(?<![a-z])s\s?[o0ô6]\s*(?:[:;.,]\s*|\s+|(?=\d))")
_OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1"})

# Abbreviations whose Đ OCR often reads as D: a symbol group equal to, or starting with, one of these
# is restored (QD-, QDKNPT, KLDT, CSDT ...). Only letters that stand for a word starting with Đ are listed.
_STROKE_RESTORE = {
    "QD": "QĐ",
    "ND": "NĐ",
    "LD": "LĐ",
    "HNGD": "HNGĐ",
    "GDT": "GĐT",
    "CSDT": "CSĐT",
    "KLDT": "KLĐT",
    "DCSHS": "ĐCSHS",
    "PCSDT": "PCSĐT",
    "DTTH": "ĐTTH",
    "TTLT": "TTLT",
}
_STROKE_PREFIXES = ("QD", "KLDT")
# What follows "QĐ" in a decision's symbol: trial level, "xét xử", "kháng nghị", "công nhận". None of
# them starts with Đ, so "QĐĐST" can only be "QĐST" with its Đ read twice.
_DECISION_MODIFIERS = ("ST", "PT", "GĐT", "TT", "XX", "KN", "CN", "TA")


def _restore_stroke(group: str) -> str:
    if group in _STROKE_RESTORE:
        return _STROKE_RESTORE[group]
    for prefix in _STROKE_PREFIXES:
        if group.startswith(prefix) and len(group) > len(prefix):
            return _STROKE_RESTORE[prefix] + group[len(prefix) :]
    if group.endswith("CSDT"):
        return group[:-4] + "CSĐT"
    return group


def repair_group(group: str) -> str:
    """One symbol group repaired by the symbol grammar: ``Đ`` restored, a doubled ``Đ`` after ``QĐ``
    dropped where a decision's modifier follows, a unit code's digits restored (``Pl`` → ``P1``)."""
    group = re.sub(r"Đ{3,}", "Đ", _restore_stroke(group))
    if group.startswith("QĐĐ") and group[3:].startswith(_DECISION_MODIFIERS):
        group = "QĐ" + group[3:]
    if re.fullmatch(_UNIT_CODE, group):
        group = "P" + group[1:].translate(_OCR_DIGITS)
    return group


def _clean_symbol(symbol: str) -> str:
    groups = [g.strip(".") for g in re.split(r"\s*-\s*", symbol.strip())]
    return "-".join(repair_group(g) for g in groups if g)


def format_number(num: str, year: str | None, symbol: str) -> str:
    """Canonical number/symbol: no spaces, OCR letters in digits restored, ``Đ`` by the symbol grammar."""
    parts = [num.translate(_OCR_DIGITS)]
    if year:
        parts.append(year.translate(_OCR_DIGITS))
    parts.append(_clean_symbol(symbol))
    return "/".join(parts)


def _own_number_at(line: _Line) -> tuple[str | None, bool]:
    """The number on a header line, and whether the line carries a "Số:" whose number cannot be read."""
    for prefix in _NUMBER_PREFIX.finditer(line.folded):
        before = line.text[: prefix.start()].strip()
        has_colon = ":" in line.text[prefix.start() : prefix.end()]
        # A number cited in running text ("theo Quyết định số 12/QĐ...") follows a lower-case word.
        if before and not has_colon and uppercase_ratio(before.split()[-1]) < 0.5:
            continue
        match = _NUMBER_SYMBOL.match(line.text, prefix.end())
        if match:
            return format_number(match["num"], match["year"], match["sym"]), False
        if has_colon and _UNREADABLE_NUMBER.match(line.text, prefix.end()):
            return None, True
    return None, False


# "Số:" followed by something that is not a number, then a symbol: the number was written in by hand
# or stamped, and OCR did not read it ("Sáz:ö8/QĐ-VKSTC", "Số: 'QĐ-CSĐT").
_UNREADABLE_NUMBER = re.compile(r"[^\s/]{0,8}\s*/?\s*(?:[\w]{4}\s*/\s*)?[A-ZĐ]{1,8}\s*-")
_LOOSE_NUMBER_PREFIX = re.compile(r"^\W{0,2}s\w{0,2}\s*:")


def _number_with_doubt(text: str) -> tuple[str | None, str | None]:
    lines = _lines(repair_ocr(text), HEADER_LINES)
    unreadable = False
    for line in lines:
        number, doubtful = _own_number_at(line)
        if number:
            return number, None
        unreadable = unreadable or doubtful
        loose = _LOOSE_NUMBER_PREFIX.match(line.folded)
        if loose and _UNREADABLE_NUMBER.match(line.text, loose.end()):
            unreadable = True
    # Court documents may print the number beside the title without "Số" ("BẢN ÁN 86/2023/HS-ST").
    for line in lines:
        if TITLE_HEADS.match(line.folded):
            match = _NUMBER_SYMBOL.search(line.text)
            if match:
                return format_number(match["num"], match["year"], match["sym"]), None
    return None, "number_unreadable" if unreadable else None


def extract_number(text: str) -> str | None:
    """The document's own number and symbol from the header (``Số: 45/CT-VKS-P2``), else None."""
    return _number_with_doubt(text)[0]


# ---------------------------------------------------------------------------------------------
# Dates

_DIGIT = r"[0-9OoIl|]"
# "ngày … tháng … năm …" on folded text; the vowel of each word may be misread ("ndm" for "năm").
_WORD_DATE = re.compile(
    rf"ng\s?[a-z]\s?y\s*(?P<d>{_DIGIT}{{1,2}})\s*[,.]?\s*th\s?[a-z]\s?n\s?g\s*(?P<m>{_DIGIT}{{1,2}})\s*[,.]?\s*"
    rf"n\s?[a-z]\s?m\s*(?P<y>{_DIGIT}{{4}})"
)
_NUMERIC_DATE = re.compile(
    r"(?<![\d/])(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>(?:19|20)\d{2})(?![\d/])"
)


# A document's own date lies between the founding of the state and shortly after it was scanned.
EARLIEST_YEAR = 1945
FUTURE_TOLERANCE = dt.timedelta(days=31)


def _make_date(day: str, month: str, year: str) -> dt.date | None:
    try:
        value = dt.date(
            int(year.translate(_OCR_DIGITS)), int(month.translate(_OCR_DIGITS)), int(day.translate(_OCR_DIGITS))
        )
    except ValueError:
        return None
    return value if EARLIEST_YEAR <= value.year <= 2100 else None


def plausible_date(value: dt.date, today: dt.date | None = None) -> bool:
    """Whether a document can carry this date: not before 1945, not after the coming month."""
    return EARLIEST_YEAR <= value.year and value <= (today or dt.date.today()) + FUTURE_TOLERANCE


@dataclass
class _DateMention:
    value: dt.date
    line_index: int
    prefix: str  # text of the line before the date
    folded_prefix: str
    suffix: str  # text of the line after the date


def _date_mentions(lines: list[_Line]) -> list[_DateMention]:
    found: list[tuple[int, int, _DateMention]] = []
    for index, line in enumerate(lines):
        for pattern in (_WORD_DATE, _NUMERIC_DATE):
            for match in pattern.finditer(line.folded):
                value = _make_date(match["d"], match["m"], match["y"])
                if value:
                    mention = _DateMention(
                        value, index, line.text[: match.start()], line.folded[: match.start()], line.text[match.end() :]
                    )
                    found.append((index, match.start(), mention))
    found.sort(key=lambda item: (item[0], item[1]))
    return [mention for _, _, mention in found]


_CITED_BEFORE = re.compile(
    r"(\bso\b\s*[:.]?\s*\d|\d\s*/\s*[a-z]|\bsinh\b|\bcap\b|\btu\b\s*$|\bden\b\s*$|"
    r"\bcua\b|\btheo\b|\bkhoi\s*to\b)"
)
_PLACE_HEADER = re.compile(r"[^\W\d_][\w .'-]*,\s*$")
_TODAY = re.compile(r"(hom\s*nay|vao\s*(hoi|luc)|hoi\s*\d|luc\s*\d)")


def _is_header_date(mention: _DateMention) -> bool:
    prefix = mention.prefix
    # Drop a number/symbol printed before the place on a merged header line, and leading bullets or specks.
    tail = re.split(r"\d\s*/\s*[A-ZĐ0-9\-/ ]+?(?=\s[A-ZĐ][a-zà-ỹđ])", prefix)[-1]
    tail = re.sub(r"^[\W_]+", "", tail).strip()
    # A numeric date follows its own "ngày" ("Bắc Ninh, ngày 25/8/2023", "Ngày: 25-10-2023").
    day_word = re.search(r"ng\s?a\s?y\s*:?\s*$", fold_aligned(tail))
    if day_word:
        word = tail[day_word.start() :]
        tail = tail[: day_word.start()].strip()
        if not tail:
            # A judgment's "Ngày: 25-10-2023" header field stands alone; "Ngày 5/4/2023, Cơ quan ..." is narrative.
            return word[:1] == "N" and not re.search(r"\w", mention.suffix)
    if not tail:
        return False
    if _PLACE_HEADER.search(tail) and not _CITED_BEFORE.search(fold_aligned(tail)):
        return True
    # "Hà Nội ngày ..." with the comma lost: a short run of capitalised words only.
    words = tail.split()
    return 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


# The header's "Place, ngày … tháng … năm …" line whose day or month OCR could not read (written in by
# hand, or under a stamp): "Hà Nội, ngày (Ö tháng 5 năm 2025".
_HEADER_DATE_LINE = re.compile(r"[^\W\d_][\w .'-]*,\s*ng\s?a\s?y\b.{0,12}?th\s?a\s?n\s?g\b")


def _date_with_doubt(text: str, today: dt.date | None = None) -> tuple[dt.date | None, str | None]:
    lines = _lines(repair_ocr(text))
    mentions = _date_mentions(lines)
    header_zone = [m for m in mentions if m.line_index < HEADER_LINES]
    for mention in header_zone:
        if _is_header_date(mention):
            return _checked(mention.value, today)
    header_lines = {m.line_index for m in header_zone}
    if any(
        _HEADER_DATE_LINE.match(line.folded) and index not in header_lines
        for index, line in enumerate(lines[:HEADER_LINES])
    ):
        return None, "date_unreadable"  # never a date of the body in place of the header's own
    for mention in mentions:
        if _TODAY.search(mention.folded_prefix[-80:]) and mention.line_index < 3 * HEADER_LINES:
            return _checked(mention.value, today)
    for mention in mentions:
        if _is_header_date(mention):
            return _checked(mention.value, today)
    return None, None


def _checked(value: dt.date, today: dt.date | None) -> tuple[dt.date | None, str | None]:
    return (value, None) if plausible_date(value, today) else (None, "date_implausible")


def extract_date(text: str, today: dt.date | None = None) -> dt.date | None:
    """The document's own date: the "Place, ngày … tháng … năm …" header line, not cited dates.

    Records without a header date ("Hôm nay, ngày …" in a biên bản) fall back to the date the record
    was made; a date that only appears after a citation ("Quyết định số … ngày …") is never used, nor
    is any other when the header's date line is there but unreadable, nor a date after the coming month.
    """
    return _date_with_doubt(text, today)[0]


# ---------------------------------------------------------------------------------------------
# Issuing organ


def _organ_lines(text: str) -> list[str]:
    """Capitalised lines of the top-left block (motto, number and date cut out), in order."""
    parts: list[str] = []
    for line in _lines(repair_ocr(text), HEADER_LINES):
        spans = motto_spans(line.folded)
        for match in _WORD_DATE.finditer(line.folded):
            spans.append((match.start(), match.end()))
        for match in _NUMBER_PREFIX.finditer(line.folded):
            if _NUMBER_SYMBOL.match(line.text, match.end()) or ":" in line.text[match.start() : match.end()]:
                spans.append((match.start(), len(line.text)))
        remainder = _remove_spans(line.text, spans)
        if not remainder:
            continue
        words = remainder.split()
        # Keep the capitalised run: a merged line goes on with the right column ("Bắc Ninh, ngày ...").
        capitals = list(itertools.takewhile(lambda w: not any(c.islower() for c in w), words))
        if capitals and len(capitals) < len(words):
            remainder = " ".join(capitals)
        remainder = re.sub(r"^[\W_]+|[\W_]+$", "", remainder)
        authority = AUTHORITY.match(fold_aligned(remainder))
        if authority:
            remainder = remainder[authority.end() :].strip()  # the head's title above the organ's name
        if not remainder:
            continue
        folded_remainder = fold_aligned(remainder)
        if TITLE_HEADS.match(folded_remainder) and not _ORGAN_WORDS.match(folded_remainder):
            break
        letters = sum(1 for c in remainder if c.isalpha())
        if letters >= 2 and uppercase_ratio(remainder) >= 0.8:
            parts.append(remainder)
        elif letters > 40:
            break  # running text: the header is over
        if len(parts) >= 6:
            break
    return parts


# The title of an organ's head printed before its name ("VIỆN TRƯỞNG VIỆN KIỂM SÁT ...", "KT. CHÁNH ÁN").
AUTHORITY = re.compile(
    r"^(?:(?:kt|tm|tl|q|ttl)\s*\.\s*)?(?:pho\s*)?(?:vien\s*truong|chanh\s*an|thu\s*truong|"
    r"giam\s*doc|truong\s*phong|chu\s*tich)\b\s*"
)
# Words that open an organ's name; a capitalised line starting otherwise continues the previous name.
_ORGAN_WORDS = re.compile(
    r"^(vien|cong\s*an|toa\s*an|co\s*quan|uy\s*ban|bo\b|phong|cuc|chi\s*cuc|doi|so\b|trung\s*tam|"
    r"van\s*phong|hoi\s*dong|cong\s*ty|ngan\s*hang|benh\s*vien)"
)
# A territorial designation makes an organ's name complete; without one the parent organ is added.
_TERRITORY = re.compile(
    r"\b(tinh|thanh\s*pho|(?<!co )quan|huyen|thi\s*xa|khu\s*vuc|toi\s*cao|cap\s*cao|"
    r"(?<!thi )xa(?!\s*hoi)|phuong|trung\s*uong)\b"
)


def extract_issuer(text: str) -> str | None:
    """The issuing organ from the capitalised block top-left, without the national motto.

    The block lists the parent organ, then the issuing one; the issuing organ's name is returned, followed by
    its parent's when the name alone names no territory ("CƠ QUAN CẢNH SÁT ĐIỀU TRA CÔNG AN TỈNH BẮC NINH").
    """
    organs: list[str] = []
    for part in _organ_lines(text):
        if organs and not _ORGAN_WORDS.match(fold_aligned(part)):
            organs[-1] = f"{organs[-1]} {part}"  # a wrapped name: "VIỆN KIỂM SÁT NHÂN DÂN" / "TỈNH BẮC NINH"
        else:
            organs.append(part)
    if not organs:
        return None
    issuer = compose_issuer(organs[-1], organs[-2] if len(organs) > 1 else None)
    return restore_organ_accents(issuer) or None


def _issuer_with_doubt(text: str) -> tuple[str | None, str | None]:
    issuer = extract_issuer(text)
    if issuer and not plausible_organ(issuer):
        return None, "issuer_unreadable"
    return issuer, None


@cache
def _folded_syllables() -> frozenset[str]:
    names = {t for name in _PROVINCES + _SURNAMES + _MIDDLE_NAMES for t in name.lower().split()}
    return frozenset(fold_aligned(s) for s in syllables() | names)


def plausible_organ(name: str) -> bool:
    """Whether an organ's name reads as words: Vietnamese syllables, numbers (``KHU VỰC 2``) and
    accent-free abbreviations (``UBND``, ``TNHH``); OCR noise ("SCƠNG, 9A SÀ 1W XÃ L9") does not."""
    tokens = re.findall(r"\w+", name)
    bad = 0
    for token in tokens:
        if token.isdigit() or (token.isascii() and token.isalpha() and token.isupper() and len(token) >= 2):
            continue
        if not token.isalpha() or fold_aligned(token) not in _folded_syllables():
            bad += 1
    return bool(tokens) and bad <= len(tokens) // 10


# Organ-name vocabulary, to restore accents OCR dropped from the capitalised header ("VIEN KIEM SAT").
_ORGAN_PHRASES = [
    "VIỆN KIỂM SÁT NHÂN DÂN",
    "TÒA ÁN NHÂN DÂN",
    "ỦY BAN NHÂN DÂN",
    "CÔNG AN",
    "CƠ QUAN CẢNH SÁT ĐIỀU TRA",
    "CƠ QUAN AN NINH ĐIỀU TRA",
    "CƠ QUAN ĐIỀU TRA",
    "PHÒNG KỸ THUẬT HÌNH SỰ",
    "VIỆN KHOA HỌC HÌNH SỰ",
    "TRUNG TÂM PHÁP Y",
    "SỞ Y TẾ",
    "BỘ CÔNG AN",
    "TỐI CAO",
    "CẤP CAO",
    "TỈNH",
    "THÀNH PHỐ",
    "KHU VỰC",
    "HUYỆN",
    "THỊ XÃ",
    "QUẬN",
    "PHƯỜNG",
    "XÃ",
]
# Provinces (the 63 before the 2025 merger, whose names the 34 after it reuse).
_PROVINCES = [
    "AN GIANG",
    "BÀ RỊA - VŨNG TÀU",
    "BẮC GIANG",
    "BẮC KẠN",
    "BẠC LIÊU",
    "BẮC NINH",
    "BẾN TRE",
    "BÌNH ĐỊNH",
    "BÌNH DƯƠNG",
    "BÌNH PHƯỚC",
    "BÌNH THUẬN",
    "CÀ MAU",
    "CAO BẰNG",
    "CẦN THƠ",
    "ĐÀ NẴNG",
    "ĐẮK LẮK",
    "ĐẮK NÔNG",
    "ĐIỆN BIÊN",
    "ĐỒNG NAI",
    "ĐỒNG THÁP",
    "GIA LAI",
    "HÀ GIANG",
    "HÀ NAM",
    "HÀ NỘI",
    "HÀ TĨNH",
    "HẢI DƯƠNG",
    "HẢI PHÒNG",
    "HẬU GIANG",
    "HÒA BÌNH",
    "HƯNG YÊN",
    "KHÁNH HÒA",
    "KIÊN GIANG",
    "KON TUM",
    "LAI CHÂU",
    "LÂM ĐỒNG",
    "LẠNG SƠN",
    "LÀO CAI",
    "LONG AN",
    "NAM ĐỊNH",
    "NGHỆ AN",
    "NINH BÌNH",
    "NINH THUẬN",
    "PHÚ THỌ",
    "PHÚ YÊN",
    "QUẢNG BÌNH",
    "QUẢNG NAM",
    "QUẢNG NGÃI",
    "QUẢNG NINH",
    "QUẢNG TRỊ",
    "SÓC TRĂNG",
    "SƠN LA",
    "TÂY NINH",
    "THÁI BÌNH",
    "THÁI NGUYÊN",
    "THANH HÓA",
    "THỪA THIÊN HUẾ",
    "HUẾ",
    "TIỀN GIANG",
    "HỒ CHÍ MINH",
    "TRÀ VINH",
    "TUYÊN QUANG",
    "VĨNH LONG",
    "VĨNH PHÚC",
    "YÊN BÁI",
]
_CANONICAL_WORDS = sorted(_ORGAN_PHRASES + _PROVINCES, key=len, reverse=True)


def _word_pattern(folded_word: str) -> str:
    # A capital C read as G ("GÔNG AN") still names the organ.
    return ("[cg]" + re.escape(folded_word[1:])) if folded_word.startswith("c") else re.escape(folded_word)


# One group per canonical phrase: the group that matched names the phrase.
_CANONICAL_PATTERN = re.compile(
    "|".join(
        "("
        + (r"(?<!co )" if phrase == "QUẬN" else "")
        + r"(?<![\w])"
        + r"\s*".join(_word_pattern(w) for w in fold_aligned(phrase).split())
        + r"(?![\w])"
        + ")"
        for phrase in _CANONICAL_WORDS
    )
)
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _spelling_key(word: str) -> tuple[str, tuple[str, ...]]:
    """A word without its tone mark, and the tone mark: equal for "TOÀ" and "TÒA" (two tone conventions)."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = tuple(sorted(c for c in decomposed if c in _TONE_MARKS))
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS)), tones


def _split_like(original: str, canonical: str) -> list[str] | None:
    """``original`` cut into the words of ``canonical`` where their letters line up (spaces ignored)."""
    letters = original.replace(" ", "")
    sizes = [len(word) for word in canonical.split()]
    if sum(sizes) != len(letters):
        return None
    words, start = [], 0
    for size in sizes:
        words.append(letters[start : start + size])
        start += size
    return words


def restore_organ_accents(text: str) -> str:
    """Upper-case organ and province words with accents OCR lost put back ("VIEN KIEM SAT" → "VIỆN KIỂM SÁT").

    Words already spelled right, in either tone-mark convention, are left as they are.
    """
    folded = fold_aligned(text)
    out, last = [], 0
    for match in _CANONICAL_PATTERN.finditer(folded):
        original = text[match.start() : match.end()]
        canonical = _CANONICAL_WORDS[match.lastindex - 1]
        words = original.split()
        if not original.isupper():
            continue
        if len(words) != len(canonical.split()):
            words = _split_like(original, canonical)  # "QUẢNGNINH": the space between words lost
        if words is None:
            continue
        fixed = [
            word if _spelling_key(word) == _spelling_key(right) else right
            for word, right in zip(words, canonical.split(), strict=True)
        ]
        out.append(text[last : match.start()])
        out.append(" ".join(fixed))
        last = match.end()
    out.append(text[last:])
    return "".join(out)


def compose_issuer(name: str, parent: str | None) -> str:
    """An organ's name, followed by its parent organ's when the name alone names no territory."""
    issuer = name if not parent or _TERRITORY.search(fold_aligned(name)) else f"{name} {parent}"
    return re.sub(r"\s+", " ", issuer).strip()


# ---------------------------------------------------------------------------------------------
# Court case numbers: 86/2023/HS-ST, 79/2023/TLST-HS, 91/2023/QĐXXST-HS, 1797/2025/QĐST-DS

_KIND = r"(?:hngd|kdtm|hs|ds|hc|ld)"
_LEVEL = r"(?:gdt|st|pt|tt)"
_CASE_NUMBER = re.compile(
    r"(?<![\d/])(?P<num>\d{1,6})\s*/\s*(?P<year>(?:19|20)\d{2})\s*/\s*"
    rf"(?:(?P<kind1>{_KIND})\s*-\s*(?P<level1>{_LEVEL})|(?P<prefix>(?:tl|qd[a-z]{{0,4}}?)?{_LEVEL})\s*-\s*(?P<kind2>{_KIND}))"
    r"(?![a-z0-9])"
)
_CASE_CODE_FIX = {"HNGD": "HNGĐ", "LD": "LĐ", "GDT": "GĐT"}


def _case_code(folded: str) -> str:
    code = folded.upper()
    if code.startswith("QDD") and code[3:].startswith(("ST", "PT", "GDT", "TT", "XX", "KN", "CN")):
        code = code[:2] + code[3:]  # "QĐĐST": the Đ read twice (see _DECISION_MODIFIERS)
    if code in _CASE_CODE_FIX:
        return _CASE_CODE_FIX[code]
    if code.startswith("QD"):
        code = "QĐ" + code[2:]
    if code.endswith("GDT"):
        code = code[:-3] + "GĐT"
    return code


def extract_case_numbers(text: str) -> list[str]:
    """Court numbers in order of first appearance, canonical (``86/2023/HS-ST``), without duplicates."""
    folded = fold_aligned(repair_ocr(text))
    found: list[str] = []
    for match in _CASE_NUMBER.finditer(folded):
        if match["kind1"]:
            tail = f"{_case_code(match['kind1'])}-{_case_code(match['level1'])}"
        else:
            tail = f"{_case_code(match['prefix'])}-{_case_code(match['kind2'])}"
        value = f"{match['num']}/{match['year']}/{tail}"
        if value not in found:
            found.append(value)
    return found


# ---------------------------------------------------------------------------------------------
# Law references: điểm a khoản 3 Điều 174 Bộ luật Hình sự

_CODES: list[tuple[str, str]] = [
    (r"bo\s*luat\s*to\s*tung\s*hinh\s*su|blttHS", "Bộ luật Tố tụng hình sự"),
    (r"bo\s*luat\s*to\s*tung\s*dan\s*su|blttds", "Bộ luật Tố tụng dân sự"),
    (r"luat\s*to\s*tung\s*hanh\s*chinh|ltthc", "Luật Tố tụng hành chính"),
    (r"luat\s*thi\s*hanh\s*an\s*hinh\s*su", "Luật Thi hành án hình sự"),
    (r"bo\s*luat\s*hinh\s*su|blhs", "Bộ luật Hình sự"),
    (r"bo\s*luat\s*dan\s*su|blds", "Bộ luật Dân sự"),
    (r"bo\s*luat\s*lao\s*dong|blld", "Bộ luật Lao động"),
    (r"luat\s*hon\s*nhan\s*va\s*gia\s*dinh", "Luật Hôn nhân và gia đình"),
    (r"luat\s*dat\s*dai", "Luật Đất đai"),
    (r"luat\s*xu\s*ly\s*vi\s*pham\s*hanh\s*chinh", "Luật Xử lý vi phạm hành chính"),
]
_CODE_PATTERN = re.compile("|".join(f"(?P<c{i}>{p.lower()})" for i, (p, _) in enumerate(_CODES)))
_LIST_SEP = r"\s*(?:,|;|va|\s)\s*"
_ARTICLE = re.compile(
    rf"(?:\bdiem\s+(?P<points>[a-z](?![a-z])(?:{_LIST_SEP}[a-z](?![a-z]))*)\s*,?\s*)?"
    rf"(?:\bkhoan\s+(?P<clauses>\d{{1,2}}(?:{_LIST_SEP}\d{{1,2}}(?!\d))*)\s*,?\s*)?"
    r"\bdieu\s+(?P<articles>\d{1,3}[a-z]?(?![\d])(?:\s*(?:,|va)\s*\d{1,3}[a-z]?(?![\d]))*)"
)


def _code_after(folded: str, start: int) -> str | None:
    """The code named right after an article (``Điều 174 Bộ luật Hình sự``), possibly after a list."""
    window = folded[start : start + 160]
    stop = re.search(r"[.;:]|\bdieu\b|\bkhoan\b|\bdiem\b", window)  # line breaks are only wrapping
    limit = stop.start() if stop else len(window)
    for match in _CODE_PATTERN.finditer(window):
        between = window[: match.start()]
        if match.start() <= limit and re.fullmatch(r"[\s,\d]*(?:(?:cua|thuoc|tai)\s*)?", between):
            for i, (_, name) in enumerate(_CODES):
                if match[f"c{i}"]:
                    return name
        break
    return None


def extract_articles(text: str) -> list[str]:
    """Law references, one per point/clause/article, canonical ``điểm a khoản 3 Điều 174 Bộ luật Hình sự``."""
    repaired = repair_ocr(text)
    folded = fold_aligned(repaired)
    found: list[str] = []
    last_end = 0
    pending: list[str] = []  # references waiting for the code named later in the list
    for match in _ARTICLE.finditer(folded):
        points: list[str] = []
        if match["points"]:
            start = match.start("points")
            points = [repaired[start + m.start()].lower() for m in re.finditer(r"\b[a-z]\b", match["points"])]
        clauses = re.findall(r"\d+", match["clauses"] or "")
        code = _code_after(folded, match.end())
        heads = []
        articles = re.findall(r"\d+[a-z]?", match["articles"])
        for article in articles:
            for clause in clauses or [None]:
                for point in points or [None]:
                    words = []
                    if point:
                        words.append(f"điểm {point}")
                    if clause:
                        words.append(f"khoản {clause}")
                    words.append(f"Điều {article}")
                    heads.append(" ".join(words))
        # A code named later in the same enumeration applies to all of it ("Điều 174; điểm s khoản 1
        # Điều 51 BLHS"); a sentence in between ("Điều 1. Bên A cho Bên B vay ...") ends the enumeration.
        if not re.fullmatch(r"[\s,;]*(?:va\s*)?(?:cac\s*)?", folded[last_end : match.start()]):
            pending = []
        if code:
            for head in pending + heads:
                reference = f"{head} {code}"
                if reference not in found:
                    found.append(reference)
            pending = []
        else:
            pending += heads
        last_end = match.end()
    # References never tied to a code ("Điều 1." of an operative part) are left out.
    return found


# ---------------------------------------------------------------------------------------------
# People with roles

# (folded pattern, canonical role); longer phrases first so "người bị hại" is not read as "bị hại".
_ROLES: list[tuple[str, str]] = [
    (r"nguoi\s*lam\s*chung", "người làm chứng"),
    (r"nguoi\s*bao\s*chua", "người bào chữa"),
    (r"nguoi\s*bi\s*hai", "bị hại"),
    (r"nguoi\s*bi\s*tam\s*giu", "người bị tạm giữ"),
    # In a civil case the petitioner and the respondent are the plaintiff and the defendant.
    (r"nguoi\s*bi\s*kien", "bị đơn"),
    (r"nguoi\s*khoi\s*kien", "nguyên đơn"),
    (r"nguoi\s*bi\s*to\s*giac", "người bị tố giác"),
    (r"nguoi\s*bi\s*thu\s*giu", "người bị thu giữ"),
    (r"nguoi\s*chung\s*kien|su\s*chung\s*kien\s*cua", "người chứng kiến"),
    (r"nguoi\s*to\s*giac", "người tố giác"),
    (r"nguoi\s*bao\s*tin", "người tố giác"),
    (r"nguoi\s*phien\s*dich", "người phiên dịch"),
    (r"nguoi\s*dai\s*dien\s*theo\s*phap\s*luat", "người đại diện"),
    (r"nguoi\s*dai\s*dien", "người đại diện"),
    (r"nguoi\s*co\s*quyen\s*loi\s*,?\s*nghia\s*vu\s*lien\s*quan", "người có quyền lợi, nghĩa vụ liên quan"),
    (r"kiem\s*sat\s*vien", "kiểm sát viên"),
    (r"dieu\s*tra\s*vien", "điều tra viên"),
    (r"can\s*bo\s*dieu\s*tra", "cán bộ điều tra"),
    (r"tham\s*phan", "thẩm phán"),
    (r"hoi\s*tham\s*nhan\s*dan", "hội thẩm nhân dân"),
    (r"thu\s*ky\s*(?:toa\s*an|phien\s*toa)?", "thư ký"),
    (r"giam\s*dinh\s*vien", "giám định viên"),
    (r"luat\s*su", "luật sư"),
    (r"ben\s*cho\s*vay", "bên cho vay"),
    (r"ben\s*vay", "bên vay"),
    (r"nguyen\s*don", "nguyên đơn"),
    (r"bi\s*don", "bị đơn"),
    (r"bi\s*can", "bị can"),
    (r"bi\s*cao", "bị cáo"),
    (r"bi\s*hai", "bị hại"),
]
_ROLE_PATTERN = re.compile(
    r"(?<![a-z])(?:" + "|".join(f"(?P<r{i}>{p})" for i, (p, _) in enumerate(_ROLES)) + r")(?![a-z])"
)
# Between a role word and the name: "(Bên A)", "đối với", a colon or dash, an honorific.
_NAME_LEAD = re.compile(
    r"[ \t]*(?:\([^)\n]{0,20}\)[ \t]*)?(?:đối[ \t]+với[ \t]*)?[:\-–,]?\s*"
    r"(?:\(?[ \t]*(?:ông|bà|anh|chị|cháu|em|đồng chí|đ/c)[ \t]*\)?[ \t]*:?\s+)?",
    re.IGNORECASE,
)
_NAME_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
# Capitalised words that follow a role word but do not start a name ("Bị hại Công ty ...").
_NOT_NAME_START = {
    "về",
    "tội",
    "số",
    "ngày",
    "sinh",
    "trú",
    "tại",
    "là",
    "do",
    "theo",
    "và",
    "của",
    "khai",
    "bị",
    "can",
    "cáo",
    "hại",
    "đã",
    "có",
    "không",
    "trong",
    "vụ",
    "án",
    "được",
    "quyết",
    "định",
    "lệnh",
    "cơ",
    "quan",
    "viện",
    "tòa",
    "công",
    "các",
    "những",
    "với",
    "hỏi",
    "trả",
    "nơi",
    "họ",
    "tên",
    "giới",
    "tính",
    "nghề",
    "nghiệp",
    "dân",
    "tộc",
    "ông",
    "bà",
    "anh",
    "chị",
}
# Words that end a name even when capitalised; syllables that are also given names are not listed.
_NAME_STOP = {
    "về",
    "tội",
    "sinh",
    "trú",
    "tại",
    "là",
    "do",
    "theo",
    "và",
    "của",
    "số",
    "ngày",
    "khai",
    "đã",
    "bị",
    "có",
    "không",
    "được",
}


MAX_NAME_SYLLABLES = 4

# Common surnames and middle names, to restore accents OCR dropped from a name ("Tran Van" → "Trần Văn").
# Only unaccented syllables with one usual spelling are listed; given names are too varied to guess.
_SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Trịnh",
    "Đào",
    "Đoàn",
    "Trương",
    "Nghiêm",
    "Chu",
    "Mai",
    "Lương",
    "Tạ",
]
_MIDDLE_NAMES = [
    "Văn",
    "Thị",
    "Đức",
    "Hữu",
    "Ngọc",
    "Xuân",
    "Mạnh",
    "Tiến",
    "Công",
    "Thành",
    "Quang",
    "Minh",
    "Thanh",
    "Hồng",
    "Thu",
]
_SURNAME_BY_FOLD = {fold_aligned(name): name for name in _SURNAMES}
_MIDDLE_BY_FOLD = {fold_aligned(name): name for name in _MIDDLE_NAMES}


def restore_name_accents(name: str) -> str:
    """A name with the accents of a common surname or middle name put back when OCR lost all of them."""
    tokens = name.split()
    for index, token in enumerate(tokens[:-1]):
        if fold_aligned(token, lower=False) != token:
            continue  # it has diacritics: trust the reading
        table = _SURNAME_BY_FOLD if index == 0 else _MIDDLE_BY_FOLD
        tokens[index] = table.get(token.lower(), token)
    return " ".join(tokens)


def _name_after(text: str, pos: int, role_in_capitals: bool) -> tuple[str, int] | None:
    """The name that starts at ``pos`` (after the role word) and where it ends."""
    lead = _NAME_LEAD.match(text, pos)
    if lead and role_in_capitals and "\n" in lead.group():
        return None  # a signature title ("ĐIỀU TRA VIÊN") with the signer's name below it
    pos = lead.end() if lead else pos
    return _name_at(text, pos, allow_all_caps=not role_in_capitals)


def _name_at(text: str, pos: int, allow_all_caps: bool) -> tuple[str, int] | None:
    tokens: list[str] = []
    while len(tokens) < MAX_NAME_SYLLABLES:
        if tokens:
            # Syllables are separated by spaces; a line break may split a name only before its third syllable.
            gap = re.match(r"[ \t]+" if len(tokens) >= 3 else r"[ \t]*\n?[ \t]*", text[pos:])
            if not gap or not gap.group():
                break
            pos += gap.end()
        match = _NAME_TOKEN.match(text, pos)
        if not match:
            break
        token = match.group()
        title_case = token[0].isupper() and (len(token) == 1 or token[1:].islower())
        all_caps = allow_all_caps and token.isupper()
        stop_words = _NAME_STOP if tokens else _NOT_NAME_START
        if not (title_case or all_caps) or token.lower() in stop_words:
            break
        tokens.append(token)
        pos = match.end()
    if len(tokens) < 2:
        return None
    name = " ".join(t if not t.isupper() or len(t) == 1 else t[0] + t[1:].lower() for t in tokens)
    return restore_name_accents(name), pos


# A second person of the same role: "ông Nguyễn Văn An và bà Trần Thị Bình". The honorific is required,
# so "bị cáo Nguyễn Văn An và Công ty X" does not make a person of the company.
_NEXT_PERSON = re.compile(r"[ \t]*(?:,|và|cùng)[ \t]*(?:ông|bà|anh|chị)[ \t]+", re.IGNORECASE)


def extract_people(text: str) -> list[Person]:
    """People named right after a role word, with the role normalised (``Bị cáo:`` → ``bị cáo``)."""
    repaired = repair_ocr(text)
    folded = fold_aligned(repaired)
    people: list[Person] = []
    for match in _ROLE_PATTERN.finditer(folded):
        role = next(name for i, (_, name) in enumerate(_ROLES) if match[f"r{i}"])
        role_text = repaired[match.start() : match.end()]
        found = _name_after(repaired, match.end(), role_in_capitals=role_text.isupper())
        while found:
            person = Person(found[0], role)
            if person not in people:
                people.append(person)
            following = _NEXT_PERSON.match(repaired, found[1])
            found = _name_at(repaired, following.end(), allow_all_caps=False) if following else None
    return people


# ---------------------------------------------------------------------------------------------
# Citizen identity numbers (12 digits)

_CITIZEN_ID = re.compile(r"(?<![\d])(\d{12})(?![\d])")


def extract_citizen_ids(text: str) -> list[str]:
    """12-digit citizen identity numbers, in order, without duplicates."""
    found: list[str] = []
    for match in _CITIZEN_ID.finditer(repair_ocr(text)):
        if match.group(1) not in found:
            found.append(match.group(1))
    return found


def extract_fields(text: str, today: dt.date | None = None) -> Fields:
    """All identifiers of one document's text; a field that cannot be trusted is empty, with its doubt."""
    number, number_doubt = _number_with_doubt(text)
    date, date_doubt = _date_with_doubt(text, today)
    issuer, issuer_doubt = _issuer_with_doubt(text)
    return Fields(
        number=number,
        date=date,
        issuer=issuer,
        case_numbers=extract_case_numbers(text),
        articles=extract_articles(text),
        people=extract_people(text),
        citizen_ids=extract_citizen_ids(text),
        doubts=[d for d in (number_doubt, date_doubt, issuer_doubt) if d],
    )
