"""Rule-based document-type scoring: the title line under the national motto is the strongest cue,
body wording ("Hỏi:/Trả lời:", "QUYẾT ĐỊNH:", "Căn cứ...") the next; all matching on folded text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .extract import AUTHORITY, HEADER_LINES, TITLE_HEADS, motto_spans
from .taxonomy import DOCUMENT_TYPES, FALLBACK_TYPE
from .textnorm import fold_aligned, repair_ocr, uppercase_ratio

_QD = r"quyet\s*dinh\s*(?:ve\s*viec\s*|v\s*/\s*v\s*)?"
_BB = r"bien\s*ban\s*(?:ve\s*viec\s*|v\s*/\s*v\s*)?"

# Title patterns per type (folded). A pattern matching at the start of the title decides the type;
# one matching later in the title ("PHÊ CHUẨN QUYẾT ĐỊNH KHỞI TỐ BỊ CAN") is only a weak hint.
TITLE_PATTERNS: dict[str, list[str]] = {
    "to_giac": [
        r"(?:don\s*|phieu\s*tiep\s*nhan\s*|bien\s*ban\s*tiep\s*nhan\s*)?(?:to\s*giac|tin\s*bao)",
        r"don\s*trinh\s*bao",
        r"don\s*to\s*cao",
    ],
    "qd_khoi_to_vu_an": [_QD + r"khoi\s*to\s*vu\s*an"],
    "qd_khoi_to_bi_can": [_QD + r"khoi\s*to\s*bi\s*can"],
    "qd_phe_chuan": [_QD + r"phe\s*chuan", r"phe\s*chuan"],
    "lenh_bat_tam_giam": [
        r"lenh\s*(?:bat|tam\s*giam|tam\s*giu)",
        _QD + r"tam\s*giu",
        _QD + r"gia\s*han\s*(?:thoi\s*han\s*)?tam\s*(?:giam|giu)",
    ],
    "lenh_kham_xet": [r"lenh\s*kham\s*xet"],
    "bb_hoi_cung": [_BB + r"hoi\s*cung"],
    "bb_lay_loi_khai": [_BB + r"(?:lay|ghi)\s*loi\s*khai"],
    "bb_kham_nghiem": [_BB + r"kham\s*nghiem"],
    "bb_thu_giu": [
        _BB + r"(?:thu\s*giu|niem\s*phong|tam\s*giu\s*(?:do\s*vat|tai\s*lieu|vat\s*chung)|"
        r"kham\s*xet\s*(?:va\s*)?thu\s*giu)"
    ],
    "qd_trung_cau_giam_dinh": [_QD + r"trung\s*cau\s*giam\s*dinh", r"trung\s*cau\s*giam\s*dinh"],
    "kl_giam_dinh": [r"(?:ban\s*)?ket\s*luan\s*giam\s*dinh"],
    "kl_dieu_tra": [r"(?:ban\s*)?ket\s*luan\s*dieu\s*tra"],
    "cao_trang": [r"(?:ban\s*)?cao\s*trang"],
    "qd_dua_ra_xet_xu": [_QD + r"dua\s*vu\s*an\s*ra\s*xet\s*xu"],
    "qd_dinh_chi": [_QD + r"dinh\s*chi"],
    "khang_nghi": [r"(?:quyet\s*dinh\s*)?khang\s*nghi"],
    "ban_an": [r"ban\s*an\b"],
    "don_khoi_kien": [r"don\s*khoi\s*kien"],
    "thong_bao_thu_ly": [r"thong\s*bao\s*(?:ve\s*viec\s*|v\s*/\s*v\s*)?(?:thu\s*ly|\S+\s*){0,3}thu\s*ly"],
    "bb_hoa_giai": [_BB + r"(?:\S+\s*){0,14}hoa\s*giai", r"bien\s*ban\s*hoa\s*giai"],
    "qd_cong_nhan_thoa_thuan": [_QD + r"cong\s*nhan\s*(?:su\s*)?(?:thoa\s*thuan|thuan\s*tinh)"],
    "tai_lieu_chung_cu": [
        r"hop\s*dong",
        r"hoa\s*don",
        r"giay\s*chung\s*nhan",
        r"giay\s*xac\s*nhan",
        r"sao\s*ke",
        r"bien\s*lai",
        r"phieu\s*(?:thu|chi|xuat\s*kho|nhap\s*kho)",
        r"bang\s*ke",
        r"giay\s*vay\s*(?:tien|no)",
        r"giay\s*bien\s*nhan",
        r"ban\s*anh",
        r"anh\s*chup",
        r"giay\s*to\s*(?:nha|dat)",
        r"so\s*do",
    ],
    "khac": [
        r"cong\s*van",
        r"bao\s*cao",
        r"to\s*trinh",
        r"giay\s*trieu\s*tap",
        r"giay\s*moi",
        r"phieu\s*chuyen",
        r"ban\s*tu\s*khai",
        r"ly\s*lich",
        r"danh\s*ban",
        r"thong\s*bao",
    ],
}

# Body cues per type: (folded pattern, weight). Weights of distinct cues add up to the body score.
BODY_CUES: dict[str, list[tuple[str, float]]] = {
    "to_giac": [
        (r"\bto\s*giac\b", 0.3),
        (r"tin\s*bao", 0.2),
        (r"kinh\s*gui\s*:?\s*co\s*quan", 0.2),
        (r"toi\s*(?:xin\s*)?(?:trinh\s*bao|to\s*giac)", 0.2),
        (r"de\s*nghi\s*co\s*quan", 0.1),
    ],
    "qd_khoi_to_vu_an": [
        (r"khoi\s*to\s*vu\s*an\s*hinh\s*su", 0.35),
        (r"quyet\s*dinh\s*:", 0.1),
        (r"dau\s*hieu\s*toi\s*pham", 0.2),
    ],
    "qd_khoi_to_bi_can": [
        (r"khoi\s*to\s*bi\s*can\s*(?:doi\s*voi\s*)?:?\s*[^\s]", 0.35),
        (r"quyet\s*dinh\s*:", 0.1),
        (r"bi\s*khoi\s*to\s*ve\s*toi", 0.2),
    ],
    "qd_phe_chuan": [(r"phe\s*chuan", 0.4), (r"quyet\s*dinh\s*:", 0.1)],
    "lenh_bat_tam_giam": [
        (r"\bbat\s*(?:bi\s*can|nguoi)", 0.25),
        (r"tam\s*giam", 0.2),
        (r"tam\s*giu", 0.15),
        (r"thoi\s*han\s*tam", 0.15),
        (r"trai\s*tam\s*giam|nha\s*tam\s*giu", 0.15),
    ],
    "lenh_kham_xet": [(r"kham\s*xet", 0.35), (r"cho\s*o|noi\s*lam\s*viec|phuong\s*tien", 0.15)],
    "bb_hoi_cung": [
        (r"hoi\s*cung", 0.35),
        (r"(?:^|\n)\s*hoi\s*[:.]", 0.15),
        (r"tra\s*loi\s*[:.]", 0.15),
        (r"\bbi\s*can\b", 0.1),
    ],
    "bb_lay_loi_khai": [
        (r"lay\s*loi\s*khai|ghi\s*loi\s*khai", 0.35),
        (r"(?:^|\n)\s*hoi\s*[:.]", 0.1),
        (r"tra\s*loi\s*[:.]", 0.1),
        (r"nguoi\s*(?:lam\s*chung|bi\s*hai|duoc\s*lay)", 0.15),
    ],
    "bb_kham_nghiem": [
        (r"kham\s*nghiem", 0.35),
        (r"hien\s*truong", 0.2),
        (r"tu\s*thi", 0.2),
        (r"so\s*do|do\s*dac|kich\s*thuoc", 0.1),
    ],
    "bb_thu_giu": [
        (r"thu\s*giu", 0.3),
        (r"niem\s*phong", 0.25),
        (r"vat\s*chung", 0.15),
        (r"do\s*vat|tai\s*san\s*thu\s*giu", 0.1),
    ],
    "qd_trung_cau_giam_dinh": [
        (r"trung\s*cau", 0.4),
        (r"noi\s*dung\s*(?:can|yeu\s*cau)\s*giam\s*dinh", 0.2),
        (r"quyet\s*dinh\s*:", 0.05),
    ],
    "kl_giam_dinh": [
        (r"ket\s*luan\s*giam\s*dinh", 0.3),
        (r"giam\s*dinh\s*vien", 0.15),
        (r"mau\s*(?:vat|giam\s*dinh)|doi\s*tuong\s*giam\s*dinh", 0.15),
        (r"phuong\s*phap\s*giam\s*dinh", 0.15),
        (r"(?:^|\n)\s*ket\s*luan\s*[:.]", 0.1),
    ],
    "kl_dieu_tra": [
        (r"ket\s*luan\s*dieu\s*tra", 0.3),
        (r"de\s*nghi\s*truy\s*to", 0.3),
        (r"ket\s*qua\s*dieu\s*tra", 0.15),
    ],
    "cao_trang": [
        (r"\btruy\s*to\b", 0.25),
        (r"cao\s*trang", 0.25),
        (r"ra\s*quyet\s*dinh\s*truy\s*to", 0.1),
        (r"chuyen\s*ho\s*so.*toa\s*an", 0.1),
    ],
    "qd_dua_ra_xet_xu": [
        (r"dua\s*vu\s*an\s*ra\s*xet\s*xu", 0.4),
        (r"mo\s*phien\s*toa|thoi\s*gian\s*mo", 0.15),
        (r"xet\s*xu\s*(?:cong\s*khai|kin)", 0.15),
    ],
    "qd_dinh_chi": [(r"dinh\s*chi", 0.4), (r"quyet\s*dinh\s*:", 0.05)],
    "khang_nghi": [(r"khang\s*nghi", 0.4), (r"xet\s*xu\s*phuc\s*tham|cap\s*phuc\s*tham", 0.15)],
    "ban_an": [
        (r"nhan\s*danh\s*nuoc", 0.35),
        (r"hoi\s*dong\s*xet\s*xu", 0.15),
        (r"tuyen\s*xu|xu\s*phat", 0.15),
        (r"nhan\s*dinh\s*cua\s*toa\s*an|xet\s*thay", 0.15),
        (r"\bban\s*an\b", 0.05),
    ],
    "don_khoi_kien": [
        (r"khoi\s*kien", 0.3),
        (r"kinh\s*gui\s*:?\s*toa\s*an", 0.2),
        (r"yeu\s*cau\s*toa\s*an", 0.15),
        (r"nguoi\s*bi\s*kien", 0.15),
    ],
    "thong_bao_thu_ly": [(r"thu\s*ly", 0.3), (r"thong\s*bao", 0.1), (r"da\s*thu\s*ly|so\s*thu\s*ly", 0.2)],
    "bb_hoa_giai": [(r"hoa\s*giai", 0.35), (r"cac\s*duong\s*su", 0.15), (r"thoa\s*thuan", 0.1)],
    "qd_cong_nhan_thoa_thuan": [(r"cong\s*nhan\s*(?:su\s*)?thoa\s*thuan", 0.45), (r"thoa\s*thuan", 0.1)],
    "tai_lieu_chung_cu": [
        (r"\bben\s*a\b", 0.2),
        (r"\bben\s*b\b", 0.2),
        (r"thanh\s*tien|tong\s*cong", 0.15),
        (r"so\s*du|so\s*tai\s*khoan", 0.15),
        (r"hop\s*dong", 0.1),
        (r"hoa\s*don", 0.1),
    ],
    "khac": [],
}

_TITLE_RE = {code: [re.compile(p) for p in patterns] for code, patterns in TITLE_PATTERNS.items()}
_BODY_RE = {code: [(re.compile(p), w) for p, w in cues] for code, cues in BODY_CUES.items()}

TITLE_SCORE = 0.9  # a title naming the type at its start
UNKNOWN_TITLE_SCORE = 0.6  # for ``khac``: a clear title that names no taxonomy type
TITLE_HINT_SCORE = 0.35  # the type is named later in the title
BODY_WEIGHT_WITH_TITLE = 0.1
BODY_MAX_WITHOUT_TITLE = 0.65
FALLBACK_SCORE = 0.3


@dataclass
class RuleResult:
    """Scores per type in [0, 1] and the title the rules read (folded), if any."""

    scores: dict[str, float]
    title: str | None = None
    title_type: str | None = None
    cues: dict[str, list[str]] = field(default_factory=dict)

    def best(self) -> tuple[str, float]:
        code = max(self.scores, key=lambda c: self.scores[c])
        return code, self.scores[code]


# Judgments print their type in the number line ("Bản án số: 86/2023/HS-ST"), in mixed case.
_COURT_NUMBER_LINE = re.compile(r"ban\s*an\s*(?:so\s*)?[:.]?\s*\d")
_TITLE_START = re.compile(r"(?<![a-z0-9])" + TITLE_HEADS.pattern.lstrip("^"))


def find_title(text: str) -> str | None:
    """The document title (folded): the capitalised line(s) after issuer, motto, number and date."""
    lines = [line.strip() for line in repair_ocr(text).split("\n") if line.strip()]
    window = lines[: HEADER_LINES + 8]
    for index, line in enumerate(window):
        folded = fold_aligned(line)
        spans = motto_spans(folded)
        if spans:
            folded, line = _blank(folded, spans), _blank(line, spans)
        for match in _TITLE_START.finditer(folded):
            start = match.start()
            if re.search(r"[^\W\d_]", folded[:start]):
                continue  # a title starts its line; a type word mid-line is running text or an organ
            if re.match(r"[^:\n]{0,12}:\s*$", folded[match.end() :]) and len(folded[start:].split()) <= 3:
                continue  # "QUYẾT ĐỊNH:" / "KẾT LUẬN:" open a section of the body
            capitals = uppercase_ratio(line[start : start + 40]) >= 0.6
            if not capitals and not _COURT_NUMBER_LINE.match(folded[start:]):
                continue
            parts = [folded[start:].strip()]
            for follower in window[index + 1 : index + 4]:
                follower_folded = fold_aligned(follower)
                if AUTHORITY.match(follower_folded):
                    break  # "VIỆN TRƯỞNG VIỆN KIỂM SÁT ..." under the title opens the preamble
                if uppercase_ratio(follower) >= 0.6 or re.match(r"(ve\s*viec|v\s*/\s*v)\b", follower_folded):
                    parts.append(follower_folded.strip())
                else:
                    break
            return re.sub(r"\s+", " ", " ".join(parts))
    return None


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            chars[i] = " "
    return "".join(chars)


def title_scores(title: str) -> dict[str, float]:
    """Score per type from the title alone (specks and rules OCR read as ``_ | ' .`` are ignored)."""
    title = re.sub(r"\s+", " ", re.sub(r"[^\w/]|_", " ", title)).strip()
    scores: dict[str, float] = {}
    best_start = None
    for code, patterns in _TITLE_RE.items():
        for pattern in patterns:
            match = pattern.search(title)
            if not match:
                continue
            start = match.start()
            if (
                best_start is None
                or start < best_start[0]
                or (start == best_start[0] and match.end() - start > best_start[2])
            ):
                best_start = (start, code, match.end() - start)
            scores[code] = max(scores.get(code, 0.0), TITLE_HINT_SCORE)
    if best_start is not None and best_start[0] <= 3:
        scores[best_start[1]] = TITLE_SCORE
    return scores


def body_scores(folded: str) -> tuple[dict[str, float], dict[str, list[str]]]:
    """Score per type from body wording: the sum of the weights of the distinct cues present."""
    scores: dict[str, float] = {}
    cues: dict[str, list[str]] = {}
    for code, patterns in _BODY_RE.items():
        total = 0.0
        for pattern, weight in patterns:
            if pattern.search(folded):
                total += weight
                cues.setdefault(code, []).append(pattern.pattern)
        if total:
            scores[code] = min(1.0, total)
    return scores, cues


def score(text: str) -> RuleResult:
    """Rule scores for every taxonomy type (absent cues give 0; ``khac`` gets a floor)."""
    folded = fold_aligned(repair_ocr(text))
    title = find_title(text)
    from_title = title_scores(title) if title else {}
    from_body, cues = body_scores(folded)
    title_type = next((c for c, s in from_title.items() if s >= TITLE_SCORE), None)
    scores: dict[str, float] = {}
    for code in DOCUMENT_TYPES:
        body = from_body.get(code, 0.0)
        if title_type:
            value = from_title.get(code, 0.0) + BODY_WEIGHT_WITH_TITLE * body
        else:
            value = max(from_title.get(code, 0.0), min(BODY_MAX_WITHOUT_TITLE, body))
        scores[code] = round(min(1.0, value), 4)
    floor = UNKNOWN_TITLE_SCORE if title and not from_title else FALLBACK_SCORE
    scores[FALLBACK_TYPE] = max(scores[FALLBACK_TYPE], floor)
    return RuleResult(scores=scores, title=title, title_type=title_type, cues=cues)
