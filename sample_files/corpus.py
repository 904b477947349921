"""Generated content of Vietnamese procuracy, police and court documents with exact ground truth.

Everything is seeded: the same seed gives the same documents. Rendering lives in sample_files.render.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re
import unicodedata
from dataclasses import dataclass, field

TAXONOMY: tuple[str, ...] = (
    "to_giac",
    "qd_khoi_to_vu_an",
    "qd_khoi_to_bi_can",
    "qd_phe_chuan",
    "lenh_bat_tam_giam",
    "lenh_kham_xet",
    "bb_hoi_cung",
    "bb_lay_loi_khai",
    "bb_kham_nghiem",
    "bb_thu_giu",
    "qd_trung_cau_giam_dinh",
    "kl_giam_dinh",
    "kl_dieu_tra",
    "cao_trang",
    "qd_dua_ra_xet_xu",
    "qd_dinh_chi",
    "khang_nghi",
    "ban_an",
    "don_khoi_kien",
    "thong_bao_thu_ly",
    "bb_hoa_giai",
    "qd_cong_nhan_thoa_thuan",
    "tai_lieu_chung_cu",
    "khac",
)

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

HINH_SU = "Bộ luật Hình sự"
TTHS = "Bộ luật Tố tụng hình sự"
TTDS = "Bộ luật Tố tụng dân sự"
DAN_SU = "Bộ luật Dân sự"
HNGD = "Luật Hôn nhân và gia đình"


@dataclass
class SampleDocument:
    """One document: ground-truth fields first, then the printed presentation details."""

    doc_type: str
    issuer: str
    parent_issuer: str | None
    number: str | None
    date: dt.date | None
    place: str | None
    title: str
    case_numbers: list[str]
    articles: list[str]
    people: list[tuple[str, str]]
    case_code: str | None
    unit: str | None
    body: list[str]
    layout: str = "official"  # official | judgment | citizen
    number_line: str | None = None  # printed under the issuer, e.g. "Số: 45/QĐ-VKS-P2"
    date_line: str | None = None  # printed header date, e.g. "Bắc Ninh, ngày 05 tháng 02 năm 2024"
    signer_titles: list[str] = field(default_factory=list)
    signer_name: str | None = None
    cosigner_titles: list[str] = field(default_factory=list)  # left signature column (minutes, contracts)
    cosigner_name: str | None = None
    recipients: list[str] = field(default_factory=list)
    seal_text: str | None = None  # text around the seal ring; None means the document carries no seal
    case_kind: str | None = None  # HS, DS, HNGĐ ...


# --------------------------------------------------------------------------- people and places

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Phan",
    "Vũ",
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
    "Mai",
    "Nghiêm",
    "Chu",
]
MALE_MIDDLE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thành", "Xuân", "Mạnh", "Tiến", "Ngọc"]
FEMALE_MIDDLE = ["Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Thùy", "Phương", "Minh"]
MALE_GIVEN = [
    "Hùng",
    "Dũng",
    "Tuấn",
    "Long",
    "Hải",
    "Nam",
    "Thắng",
    "Cường",
    "Quân",
    "Sơn",
    "Việt",
    "Trung",
    "Phong",
    "Khánh",
    "Toàn",
    "Hòa",
    "Huy",
    "Đạt",
    "Kiên",
    "Thủy",
    "Lực",
    "Quyết",
]
FEMALE_GIVEN = [
    "Lan",
    "Hương",
    "Mai",
    "Hoa",
    "Thủy",
    "Hằng",
    "Linh",
    "Trang",
    "Nga",
    "Yến",
    "Thảo",
    "Oanh",
    "Loan",
    "Hòa",
    "Duyên",
    "Huệ",
    "Nhung",
    "Quý",
]
OCCUPATIONS = [
    "lao động tự do",
    "làm ruộng",
    "công nhân",
    "kinh doanh",
    "lái xe",
    "thợ xây",
    "nhân viên văn phòng",
    "không nghề nghiệp",
]
TS_WARDS = [
    "phường Đông Ngàn",
    "phường Đình Bảng",
    "phường Tân Hồng",
    "phường Châu Khê",
    "phường Đồng Nguyên",
    "phường Hương Mạc",
    "xã Tam Sơn",
    "phường Phù Chẩn",
    "phường Trang Hạ",
    "xã Tương Giang",
]
NEW_WARDS = [
    "phường Từ Sơn",
    "phường Đồng Nguyên",
    "phường Tam Sơn",
    "phường Phù Khê",
    "phường Kinh Bắc",
    "phường Võ Cường",
    "phường Vũ Ninh",
    "xã Tiên Du",
    "xã Đại Đồng",
    "phường Hạp Lĩnh",
]
VILLAGES = [
    "thôn Đông",
    "thôn Trung",
    "khu phố Dương Lôi",
    "khu phố Tiêu Sơn",
    "khu phố Đa Hội",
    "thôn Cẩm Giang",
    "khu phố Mai Động",
    "thôn Tam Lư",
    "khu phố Trịnh Nguyễn",
    "thôn Thủy Tú",
]
SHOPS = ["quán bia Hoàng Long", "quán karaoke Thùy Dương", "quán ăn Đức Thịnh", "tiệm cầm đồ Minh Phát"]
COMPANIES = [
    "Công ty TNHH Thương mại Phú Cường",
    "Công ty cổ phần Xây dựng Kinh Bắc",
    "Hợp tác xã Nông nghiệp Tương Giang",
    "Công ty TNHH Điện tử Hòa Phát Từ Sơn",
]


@dataclass(frozen=True)
class Person:
    name: str
    male: bool
    born: dt.date
    address: str
    id_number: str
    occupation: str
    phone: str
    father: str
    mother: str

    @property
    def title(self) -> str:
        return "ông" if self.male else "bà"


def _name(rng: random.Random, male: bool, surname: str | None = None) -> str:
    surname = surname or rng.choice(SURNAMES)
    if male:
        return f"{surname} {rng.choice(MALE_MIDDLE)} {rng.choice(MALE_GIVEN)}"
    return f"{surname} {rng.choice(FEMALE_MIDDLE)} {rng.choice(FEMALE_GIVEN)}"


def _address(rng: random.Random, modern: bool, province: str = "Bắc Ninh") -> str:
    if modern:
        return f"{rng.choice(VILLAGES)}, {rng.choice(NEW_WARDS)}, tỉnh {province}"
    return f"{rng.choice(VILLAGES)}, {rng.choice(TS_WARDS)}, thành phố Từ Sơn, tỉnh {province}"


def _person(
    rng: random.Random, modern: bool, male: bool | None = None, age: tuple[int, int] = (19, 60), year: int = 2024
) -> Person:
    male = rng.random() < 0.75 if male is None else male
    born = dt.date(year - rng.randint(*age), rng.randint(1, 12), rng.randint(1, 28))
    surname = rng.choice(SURNAMES)
    century_gender = (0 if born.year < 2000 else 2) + (0 if male else 1)
    id_number = f"027{century_gender}{born.year % 100:02d}{rng.randint(0, 999999):06d}"
    phone = f"0{rng.choice(['912', '983', '868', '977', '345', '904'])} {rng.randint(100, 999)} {rng.randint(100, 999)}"
    return Person(
        name=_name(rng, male, surname),
        male=male,
        born=born,
        address=_address(rng, modern),
        id_number=id_number,
        occupation=rng.choice(OCCUPATIONS),
        phone=phone,
        father=_name(rng, True, surname),
        mother=_name(rng, False),
    )


def _official(rng: random.Random) -> str:
    return _name(rng, rng.random() < 0.7)


# --------------------------------------------------------------------------- formatting helpers

_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def number_words(n: int) -> str:
    """Vietnamese words for 0..999, as written in sentences: 24 -> "hai mươi bốn"."""
    if n < 10:
        return _DIGITS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        head = "mười" if tens == 1 else f"{_DIGITS[tens]} mươi"
        if unit == 0:
            return head
        tail = {1: "mốt" if tens > 1 else "một", 4: "tư" if tens > 1 else "bốn", 5: "lăm"}.get(unit, _DIGITS[unit])
        return f"{head} {tail}"
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        return f"{_DIGITS[hundreds]} trăm"
    if rest < 10:
        return f"{_DIGITS[hundreds]} trăm linh {_DIGITS[rest]}"
    return f"{_DIGITS[hundreds]} trăm {number_words(rest)}"


def money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đồng"


def header_date(d: dt.date, rng: random.Random) -> str:
    """'ngày 05 tháng 02 năm 2024': day < 10 and months 1-2 are zero-padded only sometimes."""
    day = f"{d.day:02d}" if d.day < 10 and rng.random() < 0.6 else str(d.day)
    month = f"{d.month:02d}" if d.month < 3 and rng.random() < 0.6 else str(d.month)
    return f"ngày {day} tháng {month} năm {d.year}"


def cited_date(d: dt.date, rng: random.Random) -> str:
    """A date of another document as cited in a body, in one of the usual spellings."""
    style = rng.randrange(3)
    if style == 0:
        return f"ngày {d.day}/{d.month}/{d.year}"
    if style == 1:
        return f"ngày {d.day:02d}/{d.month:02d}/{d.year}"
    return f"ngày {d.day} tháng {d.month} năm {d.year}"


def dob(d: dt.date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


_OLD_TONE_VOWEL = {
    "ò": "oà",
    "ó": "oá",
    "ỏ": "oả",
    "õ": "oã",
    "ọ": "oạ",
    "Ò": "OÀ",
    "Ó": "OÁ",
    "Ỏ": "OẢ",
    "Õ": "OÃ",
    "Ọ": "OẠ",
}
_OLD_TONE_E = {"ò": "oè", "ó": "oé", "ỏ": "oẻ", "õ": "oẽ", "ọ": "oẹ"}
_OLD_TONE_Y = {
    "ù": "uỳ",
    "ú": "uý",
    "ủ": "uỷ",
    "ũ": "uỹ",
    "ụ": "uỵ",
    "Ù": "UỲ",
    "Ú": "UÝ",
    "Ủ": "UỶ",
    "Ũ": "UỸ",
    "Ụ": "UỴ",
}


def old_style_tones(text: str) -> str:
    """Move tone marks to the old convention in open syllables: hòa -> hoà, thủy -> thuỷ, HÒA -> HOÀ."""

    def vowel_a(m: re.Match) -> str:
        moved = _OLD_TONE_VOWEL[m[1]]
        return moved if m[2].islower() else moved.upper()

    text = re.sub(r"([òóỏõọÒÓỎÕỌ])([aA])(?!\w)", vowel_a, text)
    text = re.sub(r"([òóỏõọ])e(?!\w)", lambda m: _OLD_TONE_E[m[1]], text)
    return re.sub(r"(?<![qQ])([ùúủũụÙÚỦŨỤ])([yY])(?!\w)", lambda m: _OLD_TONE_Y[m[1]], text)


def _map_strings(value, fn):
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, list):
        return [_map_strings(v, fn) for v in value]
    if isinstance(value, tuple):
        return tuple(_map_strings(v, fn) for v in value)
    return value


def map_document_text(doc: SampleDocument, fn) -> SampleDocument:
    """Apply a str -> str function to every text field of a document (codes and identifiers kept)."""
    keep = {"doc_type", "case_code", "unit", "case_kind", "number"}
    changes = {f.name: _map_strings(getattr(doc, f.name), fn) for f in dataclasses.fields(doc) if f.name not in keep}
    return dataclasses.replace(doc, **changes)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --------------------------------------------------------------------------- organs and cases


@dataclass(frozen=True)
class Organ:
    parent: str | None
    name: str  # printed capitals
    short: str  # in running text
    symbol: str  # agency group in document numbers
    place: str  # place on the header date line
    seal: str  # text around the seal


@dataclass(frozen=True)
class Jurisdiction:
    unit: str
    province: str
    procuracy: Organ
    police: Organ
    court: Organ
    forensic: Organ
    drug_lab: Organ
    modern: bool  # after the 1 July 2025 reorganisation (regional units, two-level addresses)


def jurisdiction(unit: str) -> Jurisdiction:
    """The procuracy, police, court and expert organs working with a given unit code."""
    tsc = "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO"
    bn_vks = "VIỆN KIỂM SÁT NHÂN DÂN TỈNH BẮC NINH"
    bn_police = "CÔNG AN TỈNH BẮC NINH"
    bn_court = "TÒA ÁN NHÂN DÂN TỈNH BẮC NINH"
    forensic = Organ(
        "SỞ Y TẾ TỈNH BẮC NINH",
        "TRUNG TÂM PHÁP Y",
        "Trung tâm Pháp y tỉnh Bắc Ninh",
        "TgT",
        "Bắc Ninh",
        "SỞ Y TẾ TỈNH BẮC NINH * TRUNG TÂM PHÁP Y",
    )
    lab = Organ(
        bn_police,
        "PHÒNG KỸ THUẬT HÌNH SỰ",
        "Phòng Kỹ thuật hình sự Công an tỉnh Bắc Ninh",
        "KL-KTHS",
        "Bắc Ninh",
        "CÔNG AN TỈNH BẮC NINH * PHÒNG KỸ THUẬT HÌNH SỰ",
    )
    csdt_bn = Organ(
        bn_police,
        "CƠ QUAN CẢNH SÁT ĐIỀU TRA",
        "Cơ quan Cảnh sát điều tra Công an tỉnh Bắc Ninh",
        "CSĐT",
        "Bắc Ninh",
        "CÔNG AN TỈNH BẮC NINH * CƠ QUAN CẢNH SÁT ĐIỀU TRA",
    )
    if unit == "BN":
        return Jurisdiction(
            unit,
            "Bắc Ninh",
            Organ(tsc, bn_vks, "Viện kiểm sát nhân dân tỉnh Bắc Ninh", "VKS-P2", "Bắc Ninh", bn_vks),
            csdt_bn,
            Organ(None, bn_court, "Tòa án nhân dân tỉnh Bắc Ninh", "TA", "Bắc Ninh", bn_court),
            forensic,
            lab,
            modern=False,
        )
    if unit == "BN-TS":
        return Jurisdiction(
            unit,
            "Bắc Ninh",
            Organ(
                bn_vks,
                "VIỆN KIỂM SÁT NHÂN DÂN THÀNH PHỐ TỪ SƠN",
                "Viện kiểm sát nhân dân thành phố Từ Sơn",
                "VKSTS",
                "Từ Sơn",
                "VIỆN KIỂM SÁT NHÂN DÂN THÀNH PHỐ TỪ SƠN * TỈNH BẮC NINH",
            ),
            Organ(
                "CÔNG AN THÀNH PHỐ TỪ SƠN",
                "CƠ QUAN CẢNH SÁT ĐIỀU TRA",
                "Cơ quan Cảnh sát điều tra Công an thành phố Từ Sơn",
                "CSĐT",
                "Từ Sơn",
                "CÔNG AN THÀNH PHỐ TỪ SƠN * CƠ QUAN CẢNH SÁT ĐIỀU TRA",
            ),
            Organ(
                bn_court,
                "TÒA ÁN NHÂN DÂN THÀNH PHỐ TỪ SƠN",
                "Tòa án nhân dân thành phố Từ Sơn",
                "TA",
                "Từ Sơn",
                "TÒA ÁN NHÂN DÂN THÀNH PHỐ TỪ SƠN * TỈNH BẮC NINH",
            ),
            forensic,
            lab,
            modern=False,
        )
    if unit in ("BN-KV1", "BN-KV2"):
        k = unit[-1]
        place = "Từ Sơn" if k == "1" else "Bắc Ninh"
        return Jurisdiction(
            unit,
            "Bắc Ninh",
            Organ(
                bn_vks,
                f"VIỆN KIỂM SÁT NHÂN DÂN KHU VỰC {k} - BẮC NINH",
                f"Viện kiểm sát nhân dân khu vực {k} - Bắc Ninh",
                f"VKSKV{k}",
                place,
                f"VIỆN KIỂM SÁT NHÂN DÂN KHU VỰC {k} * TỈNH BẮC NINH",
            ),
            dataclasses.replace(csdt_bn, symbol="CSĐT-ĐCSHS"),
            Organ(
                bn_court,
                f"TÒA ÁN NHÂN DÂN KHU VỰC {k} - BẮC NINH",
                f"Tòa án nhân dân khu vực {k} - Bắc Ninh",
                "TA",
                place,
                f"TÒA ÁN NHÂN DÂN KHU VỰC {k} * TỈNH BẮC NINH",
            ),
            forensic,
            lab,
            modern=True,
        )
    other = {
        "HN": ("THÀNH PHỐ HÀ NỘI", "thành phố Hà Nội", "Hà Nội"),
        "TH": ("TỈNH THANH HÓA", "tỉnh Thanh Hóa", "Thanh Hóa"),
        "HP": ("THÀNH PHỐ HẢI PHÒNG", "thành phố Hải Phòng", "Hải Phòng"),
    }
    caps, low, place = other[unit]
    return Jurisdiction(
        unit,
        place,
        Organ(
            tsc,
            f"VIỆN KIỂM SÁT NHÂN DÂN {caps}",
            f"Viện kiểm sát nhân dân {low}",
            "VKS-P1",
            place,
            f"VIỆN KIỂM SÁT NHÂN DÂN {caps}",
        ),
        Organ(
            f"CÔNG AN {caps}",
            "CƠ QUAN CẢNH SÁT ĐIỀU TRA",
            f"Cơ quan Cảnh sát điều tra Công an {low}",
            "CSĐT",
            place,
            f"CÔNG AN {caps} * CƠ QUAN CẢNH SÁT ĐIỀU TRA",
        ),
        Organ(None, f"TÒA ÁN NHÂN DÂN {caps}", f"Tòa án nhân dân {low}", "TA", place, f"TÒA ÁN NHÂN DÂN {caps}"),
        Organ(
            f"SỞ Y TẾ {caps}",
            "TRUNG TÂM PHÁP Y",
            f"Trung tâm Pháp y {low}",
            "TgT",
            place,
            f"SỞ Y TẾ {caps} * TRUNG TÂM PHÁP Y",
        ),
        Organ(
            f"CÔNG AN {caps}",
            "PHÒNG KỸ THUẬT HÌNH SỰ",
            f"Phòng Kỹ thuật hình sự Công an {low}",
            "KL-KTHS",
            place,
            f"CÔNG AN {caps} * PHÒNG KỸ THUẬT HÌNH SỰ",
        ),
        modern=False,
    )


@dataclass(frozen=True)
class Crime:
    name: str  # as quoted in documents
    article: int
    clause: int
    point: str | None
    corruption: bool
    expertise: str  # injury | drug | valuation


CRIMES = [
    Crime("Trộm cắp tài sản", 173, 1, None, False, "valuation"),
    Crime("Trộm cắp tài sản", 173, 2, "c", False, "valuation"),
    Crime("Lừa đảo chiếm đoạt tài sản", 174, 3, "a", False, "valuation"),
    Crime("Cố ý gây thương tích", 134, 2, "đ", False, "injury"),
    Crime("Tàng trữ trái phép chất ma túy", 249, 1, "c", False, "drug"),
    Crime("Đánh bạc", 321, 1, None, False, "valuation"),
    Crime("Tham ô tài sản", 353, 2, "d", True, "valuation"),
    Crime("Cướp giật tài sản", 171, 2, "d", False, "valuation"),
]


@dataclass
class CriminalCase:
    code: str
    j: Jurisdiction
    crime: Crime
    accused: list[Person]
    victim: Person | None
    witness: Person
    reporter: Person
    officials: dict[str, str]
    dates: dict[str, dt.date]
    numbers: dict[str, str]
    facts: dict[str, object]
    year: int


@dataclass
class CivilCase:
    code: str
    j: Jurisdiction
    kind: str  # DS | HNGĐ | HC | KDTM | LĐ (the last three argued like a civil claim for money)
    plaintiff: Person
    defendant: Person
    officials: dict[str, str]
    dates: dict[str, dt.date]
    numbers: dict[str, str]
    facts: dict[str, object]
    year: int


def _start_date(rng: random.Random, modern: bool) -> dt.date:
    if modern:
        return dt.date(2025, 7, 3) + dt.timedelta(days=rng.randint(0, 45))
    return dt.date(2022, 3, 1) + dt.timedelta(days=rng.randint(0, 960))


def _case_code(kind: str, unit: str, year: int, rng: random.Random) -> str:
    ascii_kind = kind.replace("Đ", "D")  # codes travel in filenames and URLs
    return f"{ascii_kind}-{year}-{unit}-{rng.randint(1, 450):04d}"


def _officials(rng: random.Random) -> dict[str, str]:
    keys = [
        "investigator",
        "police_head",
        "police_deputy",
        "prosecutor",
        "procuracy_head",
        "procuracy_deputy",
        "judge",
        "clerk",
        "juror1",
        "juror2",
        "expert1",
        "expert2",
        "lab_head",
        "court_head",
        "officer",
    ]
    names: dict[str, str] = {}
    for key in keys:
        name = _official(rng)
        while name in names.values():
            name = _official(rng)
        names[key] = name
    return names


def new_criminal_case(
    rng: random.Random, unit: str | None = None, crime: Crime | None = None, start: dt.date | None = None
) -> CriminalCase:
    """A criminal case with its timeline, document numbers, people and facts, all consistent.

    `start` (the report's date) replaces the drawn one without changing any other draw.
    """
    unit = unit or rng.choice(["BN", "BN-TS", "BN-TS", "BN-KV1", "BN-KV2", "HN", "TH"])
    j = jurisdiction(unit)
    crime = crime or rng.choice(CRIMES)
    drawn = _start_date(rng, j.modern)
    start = start or drawn
    year = start.year
    n_accused = 2 if crime.article == 321 else 1
    accused = [_person(rng, j.modern, year=year) for _ in range(n_accused)]
    victim = None if crime.article in (249, 321, 353) else _person(rng, j.modern, year=year)
    d: dict[str, dt.date] = {}
    t = start
    for key, lo, hi in [
        ("to_giac", 0, 0),
        ("bb_kham_nghiem", 0, 1),
        ("bb_thu_giu", 0, 2),
        ("qd_trung_cau_giam_dinh", 1, 4),
        ("bb_lay_loi_khai", 0, 3),
        ("kl_giam_dinh", 3, 12),
        ("qd_khoi_to_vu_an", 1, 6),
        ("qd_khoi_to_bi_can", 0, 6),
        ("lenh_kham_xet", 0, 1),
        ("lenh_bat_tam_giam", 0, 1),
        ("qd_phe_chuan", 1, 3),
        ("bb_hoi_cung", 2, 20),
        ("kl_dieu_tra", 30, 75),
        ("cao_trang", 8, 25),
        ("thu_ly", 2, 8),
        ("qd_dua_ra_xet_xu", 15, 30),
        ("ban_an", 10, 16),
        ("khang_nghi", 3, 14),
        ("qd_dinh_chi", 0, 0),
    ]:
        t = t + dt.timedelta(days=rng.randint(lo, hi))
        d[key] = t
    d["qd_dinh_chi"] = d["cao_trang"]
    n = rng.randint
    trial_year = d["thu_ly"].year
    police, vks = j.police.symbol, j.procuracy.symbol
    court_level = "ST"
    numbers = {
        "qd_khoi_to_vu_an": f"{n(3, 420)}/QĐ-{police}",
        "qd_khoi_to_bi_can": f"{n(3, 420)}/QĐ-{police}",
        "qd_phe_chuan": f"{n(3, 300)}/QĐ-{vks}",
        "lenh_bat_tam_giam": f"{n(2, 250)}/LBTG-{police}",
        "lenh_kham_xet": f"{n(2, 150)}/LKX-{police}",
        "qd_trung_cau_giam_dinh": f"{n(3, 420)}/QĐ-{police}",
        "kl_giam_dinh": f"{n(10, 2900)}/{j.forensic.symbol if crime.expertise == 'injury' else j.drug_lab.symbol}",
        "valuation": f"{n(5, 180)}/KL-HĐĐGTS",
        "kl_dieu_tra": f"{n(3, 200)}/KLĐT-{police}",
        "cao_trang": f"{n(3, 260)}/CT-{vks}",
        "thu_ly": f"{n(5, 190)}/{trial_year}/TLST-HS",
        "qd_dua_ra_xet_xu": f"{n(5, 190)}/{trial_year}/QĐXX{court_level}-HS",
        "ban_an": f"{n(5, 190)}/{d['ban_an'].year}/HS-{court_level}",
        "khang_nghi": f"{n(2, 40)}/QĐ-{vks}",
        "qd_dinh_chi": f"{n(2, 60)}/QĐ-{vks}",
    }
    value = rng.choice([8, 12, 18, 27, 35, 46, 64, 85, 120, 160, 245, 310, 480]) * 1_000_000 + n(0, 9) * 100_000
    if crime.point == "c" and crime.article == 173:
        value = n(52, 190) * 1_000_000
    if crime.point == "a" and crime.article == 174:
        value = n(205, 490) * 1_000_000
    if crime.article == 353:
        value = n(110, 480) * 1_000_000
    facts: dict[str, object] = {
        "hour": n(0, 23),
        "minute": rng.choice([0, 5, 10, 15, 20, 30, 40, 45, 50]),
        "value": value,
        "plate": f"99{rng.choice('ABCDEFGHK')}{n(1, 9)}-{n(100, 999)}.{n(10, 99)}",
        "weight": f"{n(0, 4)},{n(100, 999)}",
        "injury": n(11, 29),
        "shop": rng.choice(SHOPS),
        "company": rng.choice(COMPANIES),
        "scene": _address(rng, j.modern),
        "months": n(6, 36),
        "detention_days": rng.choice([60, 90, 120]),
        "stake": n(3, 25) * 1_000_000 + n(0, 9) * 100_000,
    }
    officials = _officials(rng)
    return CriminalCase(
        code=_case_code("HS", unit, year, rng),
        j=j,
        crime=crime,
        accused=accused,
        victim=victim,
        witness=_person(rng, j.modern, year=year),
        reporter=victim or _person(rng, j.modern, year=year),
        officials=officials,
        dates=d,
        numbers=numbers,
        facts=facts,
        year=year,
    )


def new_civil_case(
    rng: random.Random, unit: str | None = None, kind: str | None = None, start: dt.date | None = None
) -> CivilCase:
    """A civil, family, administrative, commercial or labour case with plaintiff, defendant, timeline and court
    numbers; `start` (the claim's date) replaces the drawn one without changing any other draw."""
    unit = unit or rng.choice(["BN", "BN-TS", "BN-KV1", "BN-KV2", "HN"])
    j = jurisdiction(unit)
    kind = kind or rng.choice(["DS", "DS", "HNGĐ"])
    drawn = _start_date(rng, j.modern)
    start = start or drawn
    d: dict[str, dt.date] = {}
    t = start
    for key, lo, hi in [
        ("tai_lieu_chung_cu", -700, -200),
        ("don_khoi_kien", 0, 0),
        ("thong_bao_thu_ly", 6, 20),
        ("bb_hoa_giai", 20, 45),
        ("qd_cong_nhan_thoa_thuan", 7, 9),
        ("ban_an", 30, 60),
        ("khang_nghi", 5, 14),
        ("khac", 0, 0),
    ]:
        t = (start if key == "don_khoi_kien" else t) + dt.timedelta(days=rng.randint(lo, hi))
        d[key] = t
    d["khac"] = d["bb_hoa_giai"] - dt.timedelta(days=3)
    n = rng.randint
    y = d["thong_bao_thu_ly"].year
    married = _person(rng, j.modern, male=True, age=(25, 50), year=start.year)
    plaintiff = (
        _person(rng, j.modern, year=start.year)
        if kind != "HNGĐ"
        else _person(rng, j.modern, male=False, age=(23, 48), year=start.year)
    )
    defendant = _person(rng, j.modern, year=start.year) if kind != "HNGĐ" else married
    numbers = {
        "thu_ly": f"{n(5, 900)}/{y}/TLST-{kind}",
        "thong_bao_thu_ly": f"{n(5, 900)}/{y}/TB-TLVA",
        "qd_cong_nhan_thoa_thuan": f"{n(5, 1990)}/{d['qd_cong_nhan_thoa_thuan'].year}/QĐST-{kind}",
        "ban_an": f"{n(5, 400)}/{d['ban_an'].year}/{kind}-ST",
        "khang_nghi": f"{n(2, 40)}/QĐKNPT-{j.procuracy.symbol.replace('P2', 'P9').replace('P1', 'P9')}",
        "khac": f"{n(2, 300)}/QĐ-{j.procuracy.symbol.replace('P2', 'P9').replace('P1', 'P9')}",
    }
    facts: dict[str, object] = {
        "loan": n(3, 90) * 10_000_000,
        "interest": rng.choice(["1%/tháng", "1,5%/tháng", "0,8%/tháng"]),
        "married_year": start.year - n(3, 15),
        "children": n(1, 2),
        "child": _name(rng, rng.random() < 0.5),
        "child_born": start.year - n(1, 12),
        "property": rng.choice(["quyền sử dụng 120 m² đất ở", "01 căn hộ chung cư", "01 xe ô tô Toyota Vios"]),
        "paid": n(0, 5) * 5_000_000,
    }
    return CivilCase(
        code=_case_code(kind, unit, start.year, rng),
        j=j,
        kind=kind,
        plaintiff=plaintiff,
        defendant=defendant,
        officials=_officials(rng),
        dates=d,
        numbers=numbers,
        facts=facts,
        year=start.year,
    )


# --------------------------------------------------------------------------- document drafting


class Draft:
    """Accumulates a document body while recording the ground truth it mentions."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.body: list[str] = []
        self.articles: list[str] = []
        self.people: list[tuple[str, str]] = []
        self.case_numbers: list[str] = []

    def law(self, article: int, code: str, clause: int | None = None, point: str | None = None) -> str:
        ref = " ".join(
            ([f"điểm {point}"] if point else []) + ([f"khoản {clause}"] if clause else []) + [f"Điều {article} {code}"]
        )
        if ref not in self.articles:
            self.articles.append(ref)
        return ref

    def offence(self, crime: Crime) -> str:
        return f"tội “{crime.name}” quy định tại {self.law(crime.article, HINH_SU, crime.clause, crime.point)}"

    def who(self, name: str, role: str) -> str:
        if (name, role) not in self.people:
            self.people.append((name, role))
        return name

    def case_no(self, number: str) -> str:
        if number not in self.case_numbers:
            self.case_numbers.append(number)
        return number

    def p(self, *paragraphs: str) -> None:
        self.body.extend(paragraphs)

    def pick(self, *options):
        return self.rng.choice(options)

    def date(self, d: dt.date) -> str:
        return cited_date(d, self.rng)


def _bio(p: Person, role_line: str | None = None) -> str:
    gender = "Nam" if p.male else "Nữ"
    text = (
        f"sinh ngày {dob(p.born)} tại tỉnh Bắc Ninh; giới tính: {gender}; nơi cư trú: {p.address}; "
        f"nghề nghiệp: {p.occupation}; trình độ văn hóa: {p.born.day % 4 + 7}/12; dân tộc: Kinh; "
        f"tôn giáo: Không; quốc tịch: Việt Nam; con ông {p.father} và bà {p.mother}; "
        f"số định danh cá nhân: {p.id_number}"
    )
    return text + (f"; {role_line}" if role_line else "") + "."


def _police_force(c: CriminalCase) -> str:
    """'Công an tỉnh Bắc Ninh' from the investigation body's running-text name."""
    return "Công an " + c.j.police.short.split("Công an ", 1)[1]


def _facts_paragraphs(dr: Draft, c: CriminalCase, role: str) -> list[str]:
    """The narrative of what happened, naming the accused with the given procedural role word."""
    f, crime = c.facts, c.crime
    a = [dr.who(p.name, role) for p in c.accused]
    v = dr.who(c.victim.name, "bị hại") if c.victim else None
    when = f"Khoảng {f['hour']} giờ {f['minute']:02d} phút, {dr.date(c.dates['to_giac'])}"
    scene = f["scene"]
    value = money(f["value"])
    if crime.article == 173:
        return [
            f"{when}, {a[0]} đi bộ qua nhà {dr.pick('anh', 'chị', 'ông')} {v} tại {scene}. Thấy cổng không khóa, "
            f"trong sân có dựng 01 chiếc xe mô tô nhãn hiệu Honda SH biển kiểm soát {f['plate']} không có người "
            f"trông giữ, {a[0]} nảy sinh ý định chiếm đoạt. {a[0]} dùng 01 chiếc vam phá khóa mang theo từ trước "
            f"bẻ khóa điện rồi dắt xe ra ngoài, nổ máy đi về hướng Quốc lộ 1A.",
            f"Theo Kết luận định giá tài sản số {c.numbers['valuation']} {dr.date(c.dates['kl_giam_dinh'])} của "
            f"Hội đồng định giá tài sản trong tố tụng hình sự, chiếc xe mô tô nêu trên có giá trị {value}. "
            f"Sau khi chiếm đoạt, {a[0]} mang xe đến {f['shop']} cầm cố được "
            f"{money(f['value'] // 4 // 100_000 * 100_000)}"
            f", số tiền này {a[0]} đã tiêu xài cá nhân hết.",
        ]
    if crime.article == 174:
        return [
            f"Khoảng tháng {c.dates['to_giac'].month - 1 or 1} năm {c.dates['to_giac'].year}, {a[0]} quen biết "
            f"{v} qua mạng xã hội Zalo. Mặc dù không có khả năng và không có mối quan hệ nào, {a[0]} vẫn đưa ra "
            f"thông tin gian dối là có người nhà làm việc tại {f['company']}, có thể xin cho con của {v} vào làm "
            f"việc với mức chi phí {value}.",
            f"Tin tưởng {a[0]}, từ {dr.date(c.dates['to_giac'] - dt.timedelta(days=40))} đến "
            f"{dr.date(c.dates['to_giac'] - dt.timedelta(days=12))}, {v} đã nhiều lần chuyển khoản và đưa tiền mặt "
            f"cho {a[0]} với tổng số tiền {value}. Sau khi nhận tiền, {a[0]} không thực hiện như đã hứa mà sử dụng "
            f"toàn bộ số tiền trên vào mục đích cá nhân, rồi chặn liên lạc và bỏ trốn khỏi địa phương.",
        ]
    if crime.article == 134:
        return [
            f"{when}, tại {f['shop']} thuộc {scene}, trong lúc uống rượu giữa {a[0]} và {v} xảy ra mâu thuẫn "
            f"do việc trả tiền. {a[0]} đi ra xe mô tô lấy 01 con dao bầu dài khoảng 30 cm quay lại chém 02 nhát "
            f"trúng vùng đầu và cẳng tay trái của {v}, làm {v} ngã xuống nền nhà. Mọi người can ngăn và đưa {v} "
            f"đi cấp cứu tại Bệnh viện Đa khoa tỉnh Bắc Ninh.",
            f"Tại Kết luận giám định pháp y về thương tích số {c.numbers['kl_giam_dinh']} "
            f"{dr.date(c.dates['kl_giam_dinh'])} của {c.j.forensic.short} kết luận: tỷ lệ tổn thương cơ thể do "
            f"thương tích gây nên của {v} hiện tại là {f['injury']}%; cơ chế hình thành thương tích do vật sắc "
            f"gây nên.",
        ]
    if crime.article == 249:
        return [
            f"{when}, tại khu vực ngõ 12 thuộc {scene}, Tổ công tác Đội Cảnh sát điều tra tội phạm về ma túy "
            f"phát hiện {a[0]} có biểu hiện nghi vấn nên kiểm tra hành chính. Tại thời điểm kiểm tra, {a[0]} tự "
            f"giác giao nộp 01 túi nilon màu trắng được hàn kín, bên trong chứa tinh thể màu trắng.",
            f"Tại Kết luận giám định số {c.numbers['kl_giam_dinh']} {dr.date(c.dates['kl_giam_dinh'])} của "
            f"{c.j.drug_lab.short} kết luận: tinh thể màu trắng đựng trong túi nilon gửi giám định là ma túy, "
            f"loại Methamphetamine, có khối lượng {f['weight']} gam. {a[0]} khai nhận số ma túy trên mua của một "
            f"người không quen biết với giá 1.500.000 đồng để sử dụng dần.",
        ]
    if crime.article == 321:
        return [
            f"{when}, tại nhà ở của {a[0]} thuộc {scene}, {a[0]} cùng {a[1]} và một số người khác tham gia đánh "
            f"bạc dưới hình thức đánh bài “ba cây” được thua bằng tiền. Khi đang đánh bạc thì bị Công an phát hiện, "
            f"bắt quả tang, thu giữ trên chiếu bạc {money(f['stake'])} cùng 02 bộ bài tú lơ khơ.",
            f"Quá trình điều tra xác định tổng số tiền các đối tượng sử dụng vào việc đánh bạc là "
            f"{money(f['stake'] + 2_400_000)}. Các bị can đều thừa nhận hành vi phạm tội của mình.",
        ]
    if crime.article == 353:
        return [
            f"Trong thời gian làm kế toán tại {f['company']} từ năm {c.year - 3} đến năm {c.year - 1}, {a[0]} là "
            f"người có chức vụ, quyền hạn trong việc quản lý thu, chi tài chính của đơn vị. Lợi dụng sơ hở trong "
            f"công tác quản lý, {a[0]} đã lập khống 27 bộ chứng từ chi mua vật tư, rút tiền từ tài khoản của đơn vị.",
            f"Bằng thủ đoạn nêu trên, {a[0]} đã chiếm đoạt tổng số tiền {value} của {f['company']}. Số tiền này "
            f"{a[0]} sử dụng để trả nợ cá nhân. Đến nay {a[0]} đã tự nguyện nộp lại "
            f"{money(f['value'] // 3 // 1_000_000 * 1_000_000)}.",
        ]
    return [
        f"{when}, {a[0]} điều khiển xe mô tô biển kiểm soát {f['plate']} đi trên đường Lý Thái Tổ thuộc {scene}. "
        f"Phát hiện {v} đang đi bộ, tay cầm điện thoại di động, {a[0]} áp sát từ phía sau, giật chiếc điện thoại "
        f"rồi tăng ga bỏ chạy, làm {v} ngã xuống đường bị xây xát.",
        f"Theo Kết luận định giá tài sản số {c.numbers['valuation']} {dr.date(c.dates['kl_giam_dinh'])}, chiếc "
        f"điện thoại iPhone 14 Pro Max bị chiếm đoạt có giá trị {value}.",
    ]


def _doc(
    dr: Draft,
    doc_type: str,
    organ: Organ | None,
    number: str | None,
    date: dt.date,
    title: str,
    case_code: str | None,
    unit: str | None,
    kind: str | None,
    *,
    signer_titles: list[str],
    signer_name: str,
    recipients: list[str] | None = None,
    layout: str = "official",
    number_label: str = "Số",
    date_line: bool = True,
    cosigner: tuple[list[str], str] | None = None,
    place: str | None = None,
    seal: bool = True,
) -> SampleDocument:
    place = place or (organ.place if organ else None)
    rng = dr.rng
    if layout == "judgment":
        dl = rng.choice(
            [
                f"Ngày {date.day} - {date.month} - {date.year}",
                f"Ngày: {date.day}-{date.month}-{date.year}",
                f"Ngày {date.day:02d}/{date.month:02d}/{date.year}",
            ]
        )
    else:
        dl = f"{place}, {header_date(date, rng)}" if date_line else None
    return SampleDocument(
        doc_type=doc_type,
        issuer=organ.name if organ else "",
        parent_issuer=organ.parent if organ else None,
        number=number,
        date=date,
        place=place,
        title=title,
        case_numbers=dr.case_numbers,
        articles=dr.articles,
        people=dr.people,
        case_code=case_code,
        unit=unit,
        body=dr.body,
        layout=layout,
        number_line=f"{number_label}: {number}" if number else None,
        date_line=dl,
        signer_titles=signer_titles,
        signer_name=signer_name,
        cosigner_titles=cosigner[0] if cosigner else [],
        cosigner_name=cosigner[1] if cosigner else None,
        recipients=recipients or [],
        seal_text=organ.seal if (organ and seal) else None,
        case_kind=kind,
    )


def _head_signature(rng: random.Random, head: str, deputy: str, office: str) -> tuple[list[str], str]:
    if rng.random() < 0.5:
        return [f"KT. {office}", f"PHÓ {office}"], deputy
    return [office], head


# --------------------------------------------------------------------------- criminal documents


def _to_giac(rng: random.Random, c: CriminalCase) -> SampleDocument:
    dr = Draft(rng)
    r = c.reporter
    d = c.dates["to_giac"]
    dr.who(r.name, "người tố giác")
    dr.p(
        f"Kính gửi: {c.j.police.short}",
        f"Tôi tên là: {r.name}, sinh ngày {dob(r.born)}.",
        f"Số định danh cá nhân: {r.id_number}; số điện thoại: {r.phone}.",
        f"Nơi cư trú: {r.address}.",
    )
    intro = dr.pick(
        "Tôi làm đơn này để tố giác hành vi phạm tội như sau:",
        "Nay tôi làm đơn này trình báo và đề nghị cơ quan Công an giải quyết sự việc sau đây:",
    )
    dr.p(intro)
    facts = _facts_paragraphs(dr, c, "người bị tố giác")
    dr.p(facts[0])
    if rng.random() < 0.5:
        dr.p(
            f"Sự việc xảy ra đã gây thiệt hại nghiêm trọng đến tài sản và sức khỏe của gia đình tôi. Căn cứ "
            f"{dr.law(144, TTHS)}, tôi đề nghị Cơ quan Cảnh sát điều tra tiếp nhận, xác minh và xử lý nghiêm người "
            f"có hành vi vi phạm theo quy định của pháp luật."
        )
    else:
        dr.p(
            "Tôi cam đoan những nội dung trình bày trên là đúng sự thật và xin chịu trách nhiệm trước pháp luật "
            "về lời khai của mình. Kính đề nghị Quý cơ quan xem xét, giải quyết. Tôi xin trân trọng cảm ơn."
        )
    title = dr.pick("ĐƠN TỐ GIÁC TỘI PHẠM", "ĐƠN TRÌNH BÁO\nVÀ TỐ GIÁC TỘI PHẠM")
    return _doc(
        dr,
        "to_giac",
        None,
        None,
        d,
        title,
        c.code,
        c.j.unit,
        "HS",
        layout="citizen",
        signer_titles=["NGƯỜI LÀM ĐƠN"],
        signer_name=r.name,
        place=c.j.police.place,
    )


def _qd_khoi_to_vu_an(rng: random.Random, c: CriminalCase) -> SampleDocument:
    dr = Draft(rng)
    d = c.dates["qd_khoi_to_vu_an"]
    o = c.officials
    dr.p(f"THỦ TRƯỞNG {c.j.police.name} {c.j.police.parent}")
    dr.p(f"Căn cứ {dr.law(153, TTHS)}, {dr.law(154, TTHS)} và {dr.law(36, TTHS)};")
    dr.p(
        f"Xét thấy có dấu hiệu tội phạm theo nguồn tin về tội phạm do {dr.who(c.reporter.name, 'người tố giác')} "
        f"trình báo {dr.date(c.dates['to_giac'])};"
    )
    dr.p("QUYẾT ĐỊNH:")
    dr.p(f"1. Khởi tố vụ án hình sự: {c.crime.name} xảy ra {dr.date(c.dates['to_giac'])} tại {c.facts['scene']}.")
    dr.p(f"2. Tội phạm quy định tại {dr.law(c.crime.article, HINH_SU, c.crime.clause, c.crime.point)}.")
    dr.p(
        f"3. Trong thời hạn 24 giờ kể từ khi ban hành, Quyết định này được gửi đến {c.j.procuracy.short} "
        f"để kiểm sát việc khởi tố."
    )
    sig, name = _head_signature(rng, o["police_head"], o["police_deputy"], "THỦ TRƯỞNG")
    return _doc(
        dr,
        "qd_khoi_to_vu_an",
        c.j.police,
        c.numbers["qd_khoi_to_vu_an"],
        d,
        "QUYẾT ĐỊNH\nKHỞI TỐ VỤ ÁN HÌNH SỰ",
        c.code,
        c.j.unit,
        "HS",
        signer_titles=sig,
        signer_name=name,
        recipients=[f"- {c.j.procuracy.short};", "- Lưu: HSVA, HSCV."],
    )


def _qd_khoi_to_bi_can(rng: random.Random, c: CriminalCase) -> SampleDocument:
    dr = Draft(rng)
    d = c.dates["qd_khoi_to_bi_can"]
    a = c.accused[0]
    dr.p(f"THỦ TRƯỞNG {c.j.police.name} {c.j.police.parent}")
    dr.p(
        f"Căn cứ Quyết định khởi tố vụ án hình sự số {c.numbers['qd_khoi_to_vu_an']} "
        f"{dr.date(c.dates['qd_khoi_to_vu_an'])} của {c.j.police.short};"
    )
    dr.p(f"Căn cứ {dr.law(179, TTHS)};")
    dr.p(
        f"Xét thấy có đủ căn cứ xác định {dr.who(a.name, 'bị can')} đã thực hiện hành vi phạm tội, cụ thể: "
        + _facts_paragraphs(dr, c, "bị can")[0]
    )
    dr.p("QUYẾT ĐỊNH:")
    dr.p(f"1. Khởi tố bị can đối với: {a.name}; {_bio(a)}")
    dr.p(f"2. Về {dr.offence(c.crime)}.")
    dr.p(
        f"3. Yêu cầu bị can {a.name} có mặt tại {c.j.police.short} vào hồi 08 giờ 00 phút "
        f"{dr.date(d + dt.timedelta(days=1))} để làm việc. Bị can có các quyền và nghĩa vụ theo quy định tại "
        f"{dr.law(60, TTHS)}."
    )
    sig, name = _head_signature(rng, c.officials["police_head"], c.officials["police_deputy"], "THỦ TRƯỞNG")
    return _doc(
        dr,
        "qd_khoi_to_bi_can",
        c.j.police,
        c.numbers["qd_khoi_to_bi_can"],
        d,
        "QUYẾT ĐỊNH\nKHỞI TỐ BỊ CAN",
        c.code,
        c.j.unit,
        "HS",
        signer_titles=sig,
        signer_name=name,
        recipients=[f"- {c.j.procuracy.short};", "- Bị can;", "- Lưu: HSVA."],
    )


def _qd_phe_chuan(rng: random.Random, c: CriminalCase) -> SampleDocument:
    dr = Draft(rng)
    d = c.dates["qd_phe_chuan"]
    a = c.accused[0]
    dr.p(f"VIỆN TRƯỞNG {c.j.procuracy.name}")
    dr.p(f"Căn cứ {dr.law(41, TTHS)}, {dr.law(165, TTHS)} và {dr.law(179, TTHS)};")
    what = dr.pick("Quyết định khởi tố bị can", "Lệnh bắt bị can để tạm giam")
    ref_no = c.numbers["qd_khoi_to_bi_can"] if what.startswith("Quyết") else c.numbers["lenh_bat_tam_giam"]
    ref_d = c.dates["qd_khoi_to_bi_can"] if what.startswith("Quyết") else c.dates["lenh_bat_tam_giam"]
    dr.p(
        f"Xét {what} số {ref_no} {dr.date(ref_d)} của {c.j.police.short} đối với "
        f"{dr.who(a.name, 'bị can')} về {dr.offence(c.crime)} và các tài liệu kèm theo;"
    )
    dr.p("Xét thấy việc ban hành quyết định là có căn cứ và hợp pháp,")
    dr.p("QUYẾT ĐỊNH:")
    dr.p(
        f"Điều 1. Phê chuẩn {what} số {ref_no} {dr.date(ref_d)} của {c.j.police.short} đối với bị can "
        f"{a.name}, sinh ngày {dob(a.born)}; nơi cư trú: {a.address}."
    )
    dr.p(f"Điều 2. Yêu cầu {c.j.police.short} thực hiện Quyết định này theo đúng quy định của pháp luật.")
    sig, name = _head_signature(rng, c.officials["procuracy_head"], c.officials["procuracy_deputy"], "VIỆN TRƯỞNG")
    title = "QUYẾT ĐỊNH\nPHÊ CHUẨN " + what.upper()
    return _doc(
        dr,
        "qd_phe_chuan",
        c.j.procuracy,
        c.numbers["qd_phe_chuan"],
        d,
        title,
        c.code,
        c.j.unit,
        "HS",
        signer_titles=sig,
        signer_name=name,
        recipients=[f"- {c.j.police.short};", "- Bị can;", "- Lưu: HSVA, VP."],
    )


def _lenh_bat(rng: random.Random, c: CriminalCase) -> SampleDocument:
    dr = Draft(rng)
    d = c.dates["lenh_bat_tam_giam"]
    a = c.accused[0]
    days = c.facts["detention_days"]
    dr.p(f"Căn cứ {dr.law(113, TTHS)} và {dr.law(119, TTHS)};")
    dr.p(
        f"Căn cứ Quyết định khởi tố bị can số {c.numbers['qd_khoi_to_bi_can']} {dr.date(c.dates['qd_khoi_to_bi_can'])}"
        f" của {c.j.police.short};"
    )
    dr.p(
        f"Xét thấy bị can {dr.who(a.name, 'bị can')} phạm tội nghiêm trọng, không có nơi cư trú ổn định và có dấu "
        f"hiệu bỏ trốn, cần thiết phải bắt để tạm giam nhằm ngăn chặn bị can tiếp tục phạm tội,"
    )
    sig, name = _head_signature(rng, c.officials["police_head"], c.officials["police_deputy"], "THỦ TRƯỞNG")
    dr.p(f"{sig[-1]} {c.j.police.name} RA LỆNH:")
    dr.p(f"Bắt bị can để tạm giam đối với: {a.name}; {_bio(a)}")
    dr.p(f"Bị can bị khởi tố về {dr.offence(c.crime)}.")
    dr.p(
        f"Thời hạn tạm giam là {days} ({number_words(days)}) ngày, kể từ ngày bắt. Bị can bị tạm giam tại "
        f"Nhà tạm giữ {_police_force(c)}."
    )
    dr.p(f"Lệnh này phải được {c.j.procuracy.short} phê chuẩn trước khi thi hành.")
    return _doc(
        dr,
        "lenh_bat_tam_giam",
        c.j.police,
        c.numbers["lenh_bat_tam_giam"],
        d,
        "LỆNH BẮT BỊ CAN ĐỂ TẠM GIAM",
        c.code,
        c.j.unit,
        "HS",
        signer_titles=sig,
        signer_name=name,
        recipients=[f"- {c.j.procuracy.short};", "- Nhà tạm giữ;", "- Gia đình bị can;", "- Lưu: HSVA."],
    )


def _lenh_kham_xet(rng: random.Random, c: CriminalCase) -> SampleDocument:
    dr = Draft(rng)
    d = c.dates["lenh_kham_xet"]
    a = c.accused[0]
    dr.p(f"Căn cứ {dr.law(192, TTHS)} và {dr.law(193, TTHS)};")
    dr.p(
        f"Xét thấy có căn cứ để nhận định trong chỗ ở của {dr.who(a.name, 'bị can')} có công cụ, phương tiện phạm "
        f"tội, đồ vật, tài liệu liên quan đến vụ án {c.crime.name} xảy ra {dr.date(c.dates['to_giac'])},"
    )
    sig, name = _head_signature(rng, c.officials["police_head"], c.officials["police_deputy"], "THỦ TRƯỞNG")
    dr.p(f"{sig[-1]} {c.j.police.name} RA LỆNH:")
    dr.p(
        f"Khám xét khẩn cấp chỗ ở, nơi làm việc và phương tiện của: {a.name}, sinh ngày {dob(a.born)}; nơi cư trú: "
        f"{a.address}."
    )
    dr.p(
        f"Giao cho Điều tra viên {c.officials['investigator']} cùng tổ công tác thi hành Lệnh này. Việc khám xét phải "
        f"có mặt người chứng kiến và đại diện chính quyền địa phương, được lập biên bản theo quy định."
    )
    dr.p(f"Lệnh này được gửi ngay cho {c.j.procuracy.short} để phê chuẩn.")
    return _doc(
        dr,
        "lenh_kham_xet",
        c.j.police,
        c.numbers["lenh_kham_xet"],
        d,
        dr.pick("LỆNH KHÁM XÉT", "LỆNH KHÁM XÉT KHẨN CẤP"),
        c.code,
        c.j.unit,
        "HS",
        signer_titles=sig,
        signer_name=name,
        recipients=[f"- {c.j.procuracy.short};", "- Lưu: HSVA."],
    )


def _bb_hoi_cung(rng: random.Random, c: CriminalCase, accused: int = 0) -> SampleDocument:
    dr = Draft(rng)
    d = c.dates["bb_hoi_cung"]
    a = c.accused[accused]
    inv = c.officials["investigator"]
    dr.p(
        f"Hồi {rng.randint(8, 14)} giờ {rng.choice(['00', '15', '30', '45'])} phút, {header_date(d, rng)}, tại "
        f"Trại tạm giam Công an tỉnh {c.j.province}."
    )
    dr.p(
        f"Tôi: {inv}, Điều tra viên thuộc {c.j.police.short}, với sự có mặt của Kiểm sát viên "
        f"{c.officials['prosecutor']}, {c.j.procuracy.short}."
    )
    dr.p(f"Căn cứ {dr.law(183, TTHS)}, tiến hành hỏi cung bị can: {dr.who(a.name, 'bị can')}; {_bio(a)}")
    dr.p(f"Bị can đã được giải thích quyền và nghĩa vụ theo {dr.law(60, TTHS)}. Bị can nói rằng đã hiểu rõ.")
    facts = _facts_paragraphs(dr, c, "bị can")
    dr.p(
        "Hỏi: Bị can hãy khai lại lý lịch và quá trình bản thân?",
        f"Trả lời: Tôi tên là {a.name}, sinh năm {a.born.year}, hiện cư trú tại {a.address}. Tôi làm nghề "
        f"{a.occupation}, từ trước đến nay chưa bị xử phạt hành chính hay kết án lần nào.",
        f"Hỏi: Bị can hãy trình bày về hành vi của mình {dr.date(c.dates['to_giac'])}?",
        "Trả lời: " + facts[0].replace(a.name, "tôi").replace("Khoảng", "khoảng", 1),
        "Hỏi: Ai là người khởi xướng và có ai biết việc bị can làm không?",
        dr.pick(
            "Trả lời: Một mình tôi làm, không bàn bạc với ai, gia đình tôi không ai biết.",
            "Trả lời: Tôi tự nghĩ ra và tự thực hiện, không có ai giúp sức.",
        ),
        "Hỏi: Bị can có ý kiến gì khác không?",
        dr.pick(
            "Trả lời: Tôi rất ân hận về hành vi của mình, mong được hưởng sự khoan hồng của pháp luật.",
            "Trả lời: Tôi không có ý kiến gì khác, tôi xin được bồi thường cho bị hại.",
        ),
    )
    dr.p(
        f"Buổi hỏi cung kết thúc hồi {rng.randint(15, 17)} giờ 10 phút cùng ngày. Biên bản đã được đọc lại cho bị can "
        f"nghe, bị can công nhận đúng và cùng ký tên dưới đây."
    )
    return _doc(
        dr,
        "bb_hoi_cung",
        c.j.police,
        None,
        d,
        "BIÊN BẢN HỎI CUNG BỊ CAN",
        c.code,
        c.j.unit,
        "HS",
        date_line=rng.random() < 0.4,
        signer_titles=["ĐIỀU TRA VIÊN"],
        signer_name=inv,
        cosigner=(["BỊ CAN"], a.name),
        seal=False,
    )


def _bb_lay_loi_khai(rng: random.Random, c: CriminalCase) -> SampleDocument:
    dr = Draft(rng)
    d = c.dates["bb_lay_loi_khai"]
    w, role = (c.victim, "bị hại") if c.victim and rng.random() < 0.5 else (c.witness, "người làm chứng")
    inv = c.officials["investigator"]
    dr.p(
        f"Hồi {rng.randint(8, 15)} giờ {rng.choice(['00', '20', '30'])} phút, {header_date(d, rng)}, tại trụ sở "
        f"{c.j.police.short}."
    )
    dr.p(
        f"Tôi: {inv}, Điều tra viên; căn cứ {dr.law(186, TTHS) if role == 'người làm chứng' else dr.law(188, TTHS)},"
        f" tiến hành lấy lời khai của {role}: {dr.who(w.name, role)}, sinh ngày {dob(w.born)}; nơi cư trú: "
        f"{w.address}; số điện thoại: {w.phone}."
    )
    accused = dr.who(c.accused[0].name, "người bị tố giác")
    seen = dr.pick(
        "đi lại nhiều lần quanh khu vực", "có lời lẽ to tiếng rồi bỏ đi rất nhanh", "vội vàng rời đi bằng xe máy"
    )
    dr.p(
        "Hỏi: Anh (chị) cho biết mối quan hệ với những người liên quan trong vụ việc?",
        f"Trả lời: Tôi không có quan hệ họ hàng gì với {accused}, chỉ biết mặt vì ở cùng địa phương.",
        f"Hỏi: Anh (chị) trình bày những gì đã biết về sự việc xảy ra {dr.date(c.dates['to_giac'])}?",
        f"Trả lời: Khoảng {c.facts['hour']} giờ hôm đó tôi có mặt gần {c.facts['scene'].split(',')[0]}. Tôi nhìn thấy "
        f"{accused} {seen}."
        f" Sau đó tôi nghe mọi người hô hoán nên đã báo cho Công an {dr.pick('phường', 'xã')}.",
        "Hỏi: Anh (chị) có đề nghị gì không?",
        dr.pick(
            "Trả lời: Tôi đề nghị cơ quan điều tra làm rõ và xử lý theo pháp luật.",
            "Trả lời: Tôi không có đề nghị gì thêm, khi cần tôi sẽ có mặt để làm việc.",
        ),
    )
    dr.p("Biên bản lập xong hồi 11 giờ cùng ngày, đã đọc lại cho người khai nghe, công nhận đúng và ký tên.")
    return _doc(
        dr,
        "bb_lay_loi_khai",
        c.j.police,
        None,
        d,
        "BIÊN BẢN LẤY LỜI KHAI",
        c.code,
        c.j.unit,
        "HS",
        date_line=rng.random() < 0.4,
        signer_titles=["ĐIỀU TRA VIÊN"],
        signer_name=inv,
        cosigner=(["NGƯỜI KHAI"], w.name),
        seal=False,
    )


def _bb_kham_nghiem(rng: random.Random, c: CriminalCase) -> SampleDocument:
    dr = Draft(rng)
    d = c.dates["bb_kham_nghiem"]
    inv = c.officials["investigator"]
    scene = c.facts["scene"]
    dr.p(f"Hồi {rng.randint(6, 22)} giờ {rng.choice(['05', '30', '40'])} phút, {header_date(d, rng)}, tại {scene}.")
    dr.p(
        f"Căn cứ {dr.law(201, TTHS)}, {c.j.police.short} tiến hành khám nghiệm hiện trường vụ "
        f"{c.crime.name.lower()} xảy ra {dr.date(c.dates['to_giac'])}."
    )
    dr.p(
        f"Thành phần gồm: Điều tra viên {inv}; Kiểm sát viên {c.officials['prosecutor']}; cán bộ kỹ thuật hình sự "
        f"{c.officials['expert1']}; người chứng kiến {dr.who(c.witness.name, 'người chứng kiến')}."
    )
    dr.p(
        dr.pick(
            "Điều kiện khám nghiệm: trời nắng, ánh sáng tự nhiên, hiện trường được bảo vệ nguyên vẹn.",
            "Điều kiện khám nghiệm: trời nhiều mây, có sử dụng đèn chiếu sáng, hiện trường còn nguyên vẹn.",
        )
    )
    trace = dr.pick("vết trượt dài 1,4 m", "01 ổ khóa bị cắt đứt", "vết máu nhỏ giọt kích thước 2 x 3 cm")
    dr.p(
        f"Hiện trường là ngôi nhà cấp bốn hướng Đông Nam, cổng sắt hai cánh sơn màu xanh, rộng 3,2 m. Lấy cột điện "
        f"số {rng.randint(10, 99)} trước cổng làm mốc cố định. Cách mốc {rng.randint(2, 9)},{rng.randint(1, 9)} m về "
        f"phía Bắc phát hiện {trace}."
    )
    dr.p(
        f"Đã chụp {rng.randint(12, 40)} ảnh, vẽ 01 sơ đồ hiện trường, thu 02 mẫu dấu vết. Khám nghiệm kết thúc hồi "
        f"{rng.randint(9, 23)} giờ cùng ngày."
    )
    return _doc(
        dr,
        "bb_kham_nghiem",
        c.j.police,
        None,
        d,
        "BIÊN BẢN KHÁM NGHIỆM HIỆN TRƯỜNG",
        c.code,
        c.j.unit,
        "HS",
        date_line=False,
        signer_titles=["ĐIỀU TRA VIÊN"],
        signer_name=inv,
        cosigner=(["KIỂM SÁT VIÊN"], c.officials["prosecutor"]),
        seal=False,
    )


def _bb_thu_giu(rng: random.Random, c: CriminalCase) -> SampleDocument:
    dr = Draft(rng)
    d = c.dates["bb_thu_giu"]
    a = c.accused[0]
    officer = c.officials["officer"]
    items = {
        249: ["01 túi nilon hàn kín bên trong chứa tinh thể màu trắng", "01 điện thoại di động Samsung màu đen"],
        321: [
            f"{money(c.facts['stake'])} tiền Việt Nam các loại mệnh giá",
            "02 bộ bài tú lơ khơ 52 quân",
            "01 chiếu nhựa",
        ],
        134: ["01 con dao bầu dài khoảng 30 cm, cán gỗ", "01 áo phông màu trắng dính chất màu nâu đỏ"],
    }.get(
        c.crime.article,
        [
            f"01 xe mô tô biển kiểm soát {c.facts['plate']}",
            "01 chiếc vam phá khóa bằng kim loại",
            "01 điện thoại di động iPhone màu xám",
        ],
    )
    dr.p(
        f"Hồi {rng.randint(7, 21)} giờ {rng.choice(['00', '10', '50'])} phút, {header_date(d, rng)}, tại "
        f"{c.facts['scene']}."
    )
    dr.p(
        f"Chúng tôi gồm: {officer}, cán bộ {c.j.police.short}; Điều tra viên {c.officials['investigator']}. "
        f"Với sự chứng "
        f"kiến của {dr.who(c.witness.name, 'người chứng kiến')}, tiến hành thu giữ vật chứng từ "
        f"{dr.who(a.name, 'người bị thu giữ')} theo {dr.law(89, TTHS)}, gồm:"
    )
    for i, item in enumerate(items, 1):
        dr.p(f"{i}. {item};")
    dr.p(
        dr.pick(
            "Toàn bộ vật chứng được niêm phong trong phong bì, có chữ ký của những người tham gia.",
            "Vật chứng được niêm phong theo quy định, người bị thu giữ ký xác nhận trên niêm phong.",
        )
    )
    dr.p("Biên bản lập thành 03 bản, đã đọc lại cho mọi người cùng nghe và ký tên.")
    title = dr.pick("BIÊN BẢN THU GIỮ VẬT CHỨNG", "BIÊN BẢN THU GIỮ, NIÊM PHONG VẬT CHỨNG")
    return _doc(
        dr,
        "bb_thu_giu",
        c.j.police,
        None,
        d,
        title,
        c.code,
        c.j.unit,
        "HS",
        date_line=False,
        signer_titles=["NGƯỜI LẬP BIÊN BẢN"],
        signer_name=officer,
        cosigner=(["NGƯỜI BỊ THU GIỮ"], a.name),
        seal=False,
    )


def _qd_trung_cau(rng: random.Random, c: CriminalCase) -> SampleDocument:
    dr = Draft(rng)
    d = c.dates["qd_trung_cau_giam_dinh"]
    target = {
        "injury": (c.j.forensic, "Giám định tỷ lệ tổn thương cơ thể do thương tích gây nên"),
        "drug": (c.j.drug_lab, "Giám định chất ma túy, loại và khối lượng ma túy"),
    }.get(c.crime.expertise, (c.j.drug_lab, "Giám định dấu vết công cụ trên ổ khóa bị phá"))
    dr.p(f"THỦ TRƯỞNG {c.j.police.name} {c.j.police.parent}")
    dr.p(f"Căn cứ {dr.law(205, TTHS)}, {dr.law(206, TTHS)} và {dr.law(208, TTHS)};")
    dr.p(
        f"Để phục vụ công tác điều tra vụ án {c.crime.name} xảy ra {dr.date(c.dates['to_giac'])} tại "
        f"{c.facts['scene']},"
    )
    dr.p("QUYẾT ĐỊNH:")
    dr.p(f"1. Trưng cầu {target[0].short} thực hiện giám định.")
    sample = dr.pick("mẫu vật đã được niêm phong gửi kèm", "hồ sơ y tế và người bị thương tích")
    dr.p(f"2. Đối tượng giám định: {sample}.")
    dr.p(f"3. Nội dung yêu cầu giám định: {target[1]}.")
    dr.p("4. Thời hạn giám định: 15 ngày kể từ ngày nhận được Quyết định trưng cầu và đối tượng giám định.")
    sig, name = _head_signature(rng, c.officials["police_head"], c.officials["police_deputy"], "THỦ TRƯỞNG")
    return _doc(
        dr,
        "qd_trung_cau_giam_dinh",
        c.j.police,
        c.numbers["qd_trung_cau_giam_dinh"],
        d,
        "QUYẾT ĐỊNH\nTRƯNG CẦU GIÁM ĐỊNH",
        c.code,
        c.j.unit,
        "HS",
        signer_titles=sig,
        signer_name=name,
        recipients=[f"- {target[0].short};", f"- {c.j.procuracy.short};", "- Lưu: HSVA."],
    )


def _kl_giam_dinh(rng: random.Random, c: CriminalCase) -> SampleDocument:
    dr = Draft(rng)
    d = c.dates["kl_giam_dinh"]
    injury = c.crime.expertise == "injury"
    organ = c.j.forensic if injury else c.j.drug_lab
    dr.p(
        f"Căn cứ Quyết định trưng cầu giám định số {c.numbers['qd_trung_cau_giam_dinh']} "
        f"{dr.date(c.dates['qd_trung_cau_giam_dinh'])} của {c.j.police.short};"
    )
    dr.p(f"Người giám định: {c.officials['expert1']}, {c.officials['expert2']}, giám định viên tư pháp.")
    if injury:
        v = c.victim.name if c.victim else c.witness.name
        dr.p(f"Đối tượng giám định: {dr.who(v, 'bị hại')}, sinh năm {c.victim.born.year if c.victim else 1980}.")
        dr.p(
            "Kết quả khám: vết thương vùng đỉnh trái dài 6 cm, đã liền sẹo; vết thương mặt sau cẳng tay trái "
            "dài 8 cm, "
            "gây đứt gân duỗi ngón II, III, hạn chế vận động."
        )
        dr.p(
            f"KẾT LUẬN: Tỷ lệ tổn thương cơ thể do thương tích gây nên hiện tại là {c.facts['injury']}% "
            f"({number_words(int(c.facts['injury']))} phần trăm). Thương tích do vật sắc gây nên."
        )
    elif c.crime.expertise != "drug":
        dr.p(
            f"Đối tượng giám định: 01 ổ khóa bị phá thu giữ tại hiện trường và 01 chiếc vam phá khóa thu giữ của "
            f"{dr.who(c.accused[0].name, 'bị can')}, được niêm phong nguyên vẹn."
        )
        dr.p("Phương pháp giám định: so sánh dấu vết công cụ bằng kính hiển vi so sánh.")
        dr.p("KẾT LUẬN: Dấu vết trên ổ khóa gửi giám định là dấu vết cạy phá, do đầu chiếc vam gửi giám định tạo nên.")
    else:
        dr.p(
            f"Đối tượng giám định: 01 phong bì niêm phong, bên ngoài có chữ ký của "
            f"{dr.who(c.accused[0].name, 'bị can')} "
            f"và các thành phần tham gia; niêm phong còn nguyên vẹn."
        )
        dr.p("Phương pháp giám định: sắc ký lớp mỏng, sắc ký khí ghép khối phổ (GC/MS).")
        dr.p(
            f"KẾT LUẬN: Tinh thể màu trắng gửi giám định là ma túy, loại Methamphetamine, khối lượng "
            f"{c.facts['weight']} gam. Mẫu vật sau giám định được niêm phong hoàn lại cơ quan trưng cầu."
        )
    title = "BẢN KẾT LUẬN GIÁM ĐỊNH PHÁP Y\nVỀ THƯƠNG TÍCH" if injury else "KẾT LUẬN GIÁM ĐỊNH"
    return _doc(
        dr,
        "kl_giam_dinh",
        organ,
        c.numbers["kl_giam_dinh"],
        d,
        title,
        c.code,
        c.j.unit,
        "HS",
        signer_titles=["GIÁM ĐỐC" if injury else "TRƯỞNG PHÒNG"],
        signer_name=c.officials["lab_head"],
        recipients=[f"- {c.j.police.short};", "- Lưu: HS."],
    )


def _kl_dieu_tra(rng: random.Random, c: CriminalCase) -> SampleDocument:
    dr = Draft(rng)
    d = c.dates["kl_dieu_tra"]
    dr.p(
        f"Ngày {c.dates['qd_khoi_to_vu_an'].day}/{c.dates['qd_khoi_to_vu_an'].month}/"
        f"{c.dates['qd_khoi_to_vu_an'].year}, {c.j.police.short} ra Quyết định khởi tố vụ án hình sự số "
        f"{c.numbers['qd_khoi_to_vu_an']} về {dr.offence(c.crime)}; {dr.date(c.dates['qd_khoi_to_bi_can'])} ra Quyết "
        f"định khởi tố bị can số {c.numbers['qd_khoi_to_bi_can']} đối với "
        + ", ".join(dr.who(a.name, "bị can") for a in c.accused)
        + "."
    )
    dr.p("KẾT QUẢ ĐIỀU TRA")
    dr.p(*_facts_paragraphs(dr, c, "bị can"))
    dr.p(
        "Tại cơ quan điều tra, các bị can đã khai nhận toàn bộ hành vi phạm tội như nêu trên. Lời khai của bị can "
        "phù hợp với lời khai của bị hại, người làm chứng, biên bản khám nghiệm hiện trường, kết luận giám định và "
        "các tài liệu, chứng cứ khác có trong hồ sơ vụ án."
    )
    dr.p(
        f"Vật chứng của vụ án: đã thu giữ theo biên bản {dr.date(c.dates['bb_thu_giu'])}, hiện đang được bảo quản tại "
        f"kho vật chứng {_police_force(c)}."
    )
    dr.p(
        "Về trách nhiệm dân sự: "
        + dr.pick(
            "bị hại yêu cầu bị can bồi thường thiệt hại theo quy định của pháp luật.",
            "gia đình bị can đã bồi thường toàn bộ thiệt hại, bị hại không có yêu cầu gì thêm.",
        )
    )
    dr.p("NHÂN THÂN CÁC BỊ CAN")
    for a in c.accused:
        dr.p(f"{a.name}: {_bio(a, 'tiền án, tiền sự: Không')}")
    dr.p("KẾT LUẬN")
    dr.p("Có đủ căn cứ kết luận: " + ", ".join(a.name for a in c.accused) + f" đã phạm {dr.offence(c.crime)}.")
    dr.p(
        f"Căn cứ {dr.law(232, TTHS)}, {c.j.police.short} đề nghị {c.j.procuracy.short} truy tố các bị can có tên nêu "
        f"trên trước Tòa án. Hồ sơ vụ án gồm {rng.randint(95, 420)} bút lục, được chuyển kèm Bản kết luận điều "
        f"tra này."
    )
    sig, name = _head_signature(rng, c.officials["police_head"], c.officials["police_deputy"], "THỦ TRƯỞNG")
    return _doc(
        dr,
        "kl_dieu_tra",
        c.j.police,
        c.numbers["kl_dieu_tra"],
        d,
        "BẢN KẾT LUẬN ĐIỀU TRA VỤ ÁN HÌNH SỰ\nĐỀ NGHỊ TRUY TỐ",
        c.code,
        c.j.unit,
        "HS",
        signer_titles=sig,
        signer_name=name,
        recipients=[f"- {c.j.procuracy.short};", "- Bị can;", "- Lưu: HSVA, HSCV."],
    )


def _cao_trang(rng: random.Random, c: CriminalCase) -> SampleDocument:
    dr = Draft(rng)
    d = c.dates["cao_trang"]
    dr.p(f"VIỆN TRƯỞNG {c.j.procuracy.name}")
    dr.p(f"Căn cứ {dr.law(41, TTHS)}, {dr.law(236, TTHS)}, {dr.law(239, TTHS)} và {dr.law(243, TTHS)};")
    dr.p(
        f"Căn cứ Bản kết luận điều tra vụ án hình sự số {c.numbers['kl_dieu_tra']} {dr.date(c.dates['kl_dieu_tra'])} "
        f"của {c.j.police.short} đề nghị truy tố:"
    )
    for a in c.accused:
        dr.p(f"Bị can {dr.who(a.name, 'bị can')}, {_bio(a, 'tiền án, tiền sự: Không')}")
    dr.p("Về hành vi phạm tội như sau:")
    dr.p(*_facts_paragraphs(dr, c, "bị can"))
    dr.p(
        "Tại cơ quan điều tra, bị can đã khai nhận hành vi phạm tội như trên. Lời khai nhận tội của bị can phù hợp "
        "với vật chứng thu giữ, kết luận giám định, lời khai của người làm chứng và các tài liệu khác có trong hồ sơ."
    )
    dr.p(
        dr.pick(
            "Tình tiết giảm nhẹ: bị can thành khẩn khai báo, ăn năn hối cải; đã tác động gia đình bồi thường "
            "khắc phục hậu quả.",
            "Tình tiết giảm nhẹ: bị can thành khẩn khai báo, ăn năn hối cải; có bố đẻ được tặng thưởng Huân "
            "chương Kháng chiến.",
        )
    )
    dr.p("Vật chứng vụ án: đã chuyển sang Chi cục Thi hành án dân sự để quản lý theo quy định.")
    dr.p("Với nội dung nêu trên,")
    dr.p(f"{c.j.procuracy.name}")
    dr.p("QUYẾT ĐỊNH:")
    dr.p(
        "Truy tố trước "
        + c.j.court.short
        + " để xét xử "
        + ", ".join(a.name for a in c.accused)
        + f" về {dr.offence(c.crime)}."
    )
    dr.p("Kèm theo Cáo trạng này là hồ sơ vụ án và danh sách những người cần triệu tập đến phiên tòa.")
    sig, name = _head_signature(rng, c.officials["procuracy_head"], c.officials["procuracy_deputy"], "VIỆN TRƯỞNG")
    return _doc(
        dr,
        "cao_trang",
        c.j.procuracy,
        c.numbers["cao_trang"],
        d,
        "CÁO TRẠNG",
        c.code,
        c.j.unit,
        "HS",
        signer_titles=sig,
        signer_name=name,
        recipients=[f"- {c.j.court.short};", "- Bị can;", f"- {c.j.police.short};", "- Lưu: HSVA, HSKS, VP."],
    )


def _qd_dua_ra_xet_xu(rng: random.Random, c: CriminalCase) -> SampleDocument:
    dr = Draft(rng)
    d = c.dates["qd_dua_ra_xet_xu"]
    hearing = c.dates["ban_an"]
    dr.p(c.j.court.name)
    dr.p(f"Căn cứ {dr.law(255, TTHS)} và {dr.law(277, TTHS)};")
    dr.p(
        f"Sau khi nghiên cứu hồ sơ vụ án hình sự sơ thẩm thụ lý số {dr.case_no(c.numbers['thu_ly'])} "
        f"{dr.date(c.dates['thu_ly'])}, Cáo trạng số {c.numbers['cao_trang']} {dr.date(c.dates['cao_trang'])} của "
        f"{c.j.procuracy.short},"
    )
    dr.p("QUYẾT ĐỊNH:")
    dr.p(
        "1. Đưa ra xét xử sơ thẩm vụ án hình sự đối với bị cáo: "
        + "; ".join(f"{dr.who(a.name, 'bị cáo')}, sinh ngày {dob(a.born)}, nơi cư trú: {a.address}" for a in c.accused)
        + f". Bị truy tố về {dr.offence(c.crime)}."
    )
    dr.p(
        f"2. Thời gian mở phiên tòa: 08 giờ 00 phút, {header_date(hearing, rng)}. Địa điểm: trụ sở {c.j.court.short}. "
        f"Vụ án được xét xử {dr.pick('công khai', 'công khai, lưu động tại nhà văn hóa khu phố')}."
    )
    dr.p(
        f"3. Thẩm phán chủ tọa phiên tòa: {c.officials['judge']}. Hội thẩm nhân dân: {c.officials['juror1']}, "
        f"{c.officials['juror2']}. Thư ký phiên tòa: {c.officials['clerk']}."
    )
    dr.p(f"4. Kiểm sát viên thực hành quyền công tố tại phiên tòa: {c.officials['prosecutor']}.")
    dr.p(f"5. Những người được triệu tập: bị hại, người làm chứng {dr.who(c.witness.name, 'người làm chứng')}.")
    return _doc(
        dr,
        "qd_dua_ra_xet_xu",
        c.j.court,
        dr.case_no(c.numbers["qd_dua_ra_xet_xu"]),
        d,
        "QUYẾT ĐỊNH\nĐƯA VỤ ÁN RA XÉT XỬ",
        c.code,
        c.j.unit,
        "HS",
        signer_titles=["THẨM PHÁN CHỦ TỌA PHIÊN TÒA"],
        signer_name=c.officials["judge"],
        recipients=[f"- {c.j.procuracy.short};", "- Bị cáo;", "- Lưu: HS."],
    )


def _ban_an_hs(rng: random.Random, c: CriminalCase) -> SampleDocument:
    dr = Draft(rng)
    d = c.dates["ban_an"]
    o = c.officials
    court_tail = c.j.court.name.removeprefix("TÒA ÁN NHÂN DÂN ")
    dr.p(
        f"- Thành phần Hội đồng xét xử sơ thẩm gồm có: Thẩm phán - Chủ tọa phiên tòa: {o['judge']}; các Hội thẩm "
        f"nhân dân: {o['juror1']}, {o['juror2']}."
    )
    dr.p(f"- Thư ký phiên tòa: {o['clerk']}, Thư ký {c.j.court.short}.")
    dr.p(f"- Đại diện {c.j.procuracy.short} tham gia phiên tòa: {o['prosecutor']} - Kiểm sát viên.")
    dr.p(
        f"Ngày {d.day} tháng {d.month} năm {d.year}, tại trụ sở {c.j.court.short} xét xử sơ thẩm công khai vụ án hình "
        f"sự thụ lý số {dr.case_no(c.numbers['thu_ly'])} {dr.date(c.dates['thu_ly'])}, theo Quyết định đưa vụ án ra "
        f"xét xử số {dr.case_no(c.numbers['qd_dua_ra_xet_xu'])} {dr.date(c.dates['qd_dua_ra_xet_xu'])}, đối với các "
        f"bị cáo:"
    )
    for a in c.accused:
        dr.p(f"{dr.who(a.name, 'bị cáo')}, {_bio(a, 'tiền án, tiền sự: Không; có mặt')}")
    if c.victim:
        dr.p(
            f"- Bị hại: {dr.who(c.victim.name, 'bị hại')}, sinh năm {c.victim.born.year}; nơi cư trú: "
            f"{c.victim.address}; có mặt."
        )
    dr.p("NỘI DUNG VỤ ÁN:")
    dr.p("Theo các tài liệu có trong hồ sơ vụ án và diễn biến tại phiên tòa, nội dung vụ án được tóm tắt như sau:")
    dr.p(*_facts_paragraphs(dr, c, "bị cáo"))
    dr.p(
        f"Tại Cáo trạng số {c.numbers['cao_trang']} {dr.date(c.dates['cao_trang'])}, {c.j.procuracy.short} đã truy tố "
        + ", ".join(a.name for a in c.accused)
        + f" về {dr.offence(c.crime)}."
    )
    dr.p(
        "Tại phiên tòa, đại diện Viện kiểm sát giữ nguyên quyết định truy tố và đề nghị Hội đồng xét xử tuyên bố "
        "các bị cáo phạm tội như Cáo trạng đã truy tố, áp dụng các tình tiết giảm nhẹ, xử phạt các bị cáo mức án "
        "tương xứng với tính chất, mức độ hành vi phạm tội."
    )
    dr.p("NHẬN ĐỊNH CỦA TÒA ÁN:")
    dr.p(
        "[1] Về tố tụng: Hành vi, quyết định tố tụng của Cơ quan điều tra, Điều tra viên, Viện kiểm sát, Kiểm sát "
        "viên trong quá trình điều tra, truy tố đã thực hiện đúng thẩm quyền, trình tự, thủ tục theo quy định của "
        "Bộ luật Tố tụng hình sự. Quá trình điều tra và tại phiên tòa, bị cáo không có ý kiến hoặc khiếu nại gì. "
        "Do đó, các hành vi, quyết định tố tụng đã thực hiện đều hợp pháp."
    )
    dr.p(
        "[2] Về nội dung: Lời khai nhận tội của bị cáo tại phiên tòa phù hợp với lời khai tại cơ quan điều tra, "
        "lời khai của bị hại, người làm chứng, vật chứng thu giữ và các tài liệu, chứng cứ khác có trong hồ sơ vụ "
        "án. Hội đồng xét xử có đủ căn cứ kết luận bị cáo đã phạm tội như Cáo trạng truy tố là đúng người, đúng tội, "
        "đúng pháp luật."
    )
    dr.p(
        "[3] Hành vi phạm tội của bị cáo là nguy hiểm cho xã hội, xâm phạm trực tiếp đến quyền sở hữu, sức khỏe "
        "của công dân được pháp luật bảo vệ, gây mất trật tự, trị an tại địa phương. Vì vậy cần xử phạt bị cáo mức "
        "án nghiêm, cách ly khỏi xã hội một thời gian mới đủ tác dụng giáo dục, cải tạo và phòng ngừa chung."
    )
    dr.p(
        f"[4] Về tình tiết giảm nhẹ: bị cáo thành khẩn khai báo, ăn năn hối cải nên được hưởng tình tiết giảm nhẹ "
        f"quy định tại {dr.law(51, HINH_SU, 1, 's')}."
    )
    dr.p("VÌ CÁC LẼ TRÊN,")
    dr.p("QUYẾT ĐỊNH:")
    months = int(c.facts["months"])
    for a in c.accused:
        dr.p(
            f"Tuyên bố bị cáo {a.name} phạm {dr.offence(c.crime)}. Áp dụng thêm {dr.law(38, HINH_SU)}; "
            f"xử phạt bị cáo {a.name} {months} ({number_words(months)}) tháng tù, thời hạn chấp hành hình phạt tù "
            f"tính từ {dr.date(c.dates['lenh_bat_tam_giam'])}."
        )
    dr.p(f"Về án phí: căn cứ {dr.law(136, TTHS)}, bị cáo phải chịu 200.000 đồng án phí hình sự sơ thẩm.")
    dr.p("Bị cáo, bị hại có mặt tại phiên tòa có quyền kháng cáo bản án trong hạn 15 ngày kể từ ngày tuyên án.")
    return _doc(
        dr,
        "ban_an",
        c.j.court,
        dr.case_no(c.numbers["ban_an"]),
        d,
        f"NHÂN DANH\nNƯỚC {NATION}\nTÒA ÁN NHÂN DÂN {court_tail}",
        c.code,
        c.j.unit,
        "HS",
        layout="judgment",
        number_label="Bản án số",
        signer_titles=["TM. HỘI ĐỒNG XÉT XỬ SƠ THẨM", "THẨM PHÁN - CHỦ TỌA PHIÊN TÒA"],
        signer_name=o["judge"],
        recipients=[f"- {c.j.procuracy.short};", "- Bị cáo;", "- Lưu hồ sơ vụ án."],
    )


def _qd_dinh_chi(rng: random.Random, c: CriminalCase) -> SampleDocument:
    dr = Draft(rng)
    d = c.dates["qd_dinh_chi"]
    a = c.accused[0]
    dr.p(f"VIỆN TRƯỞNG {c.j.procuracy.name}")
    dr.p(f"Căn cứ {dr.law(41, TTHS)}, {dr.law(248, TTHS)} và {dr.law(155, TTHS)};")
    dr.p(
        f"Xét Bản kết luận điều tra số {c.numbers['kl_dieu_tra']} {dr.date(c.dates['kl_dieu_tra'])} của "
        f"{c.j.police.short} đối với bị can {dr.who(a.name, 'bị can')} về {dr.offence(c.crime)};"
    )
    reason = dr.pick(
        "Xét thấy bị hại đã tự nguyện rút yêu cầu khởi tố, việc rút yêu cầu là hoàn toàn tự nguyện",
        "Xét thấy hành vi của bị can không còn nguy hiểm cho xã hội do có sự thay đổi chính sách, pháp luật",
        "Xét thấy bị can đã chết trong thời gian điều tra",
    )
    dr.p(reason + ",")
    dr.p("QUYẾT ĐỊNH:")
    dr.p(
        f"Điều 1. Đình chỉ vụ án hình sự {c.crime.name} xảy ra {dr.date(c.dates['to_giac'])} và đình chỉ bị can đối "
        f"với {a.name}, sinh ngày {dob(a.born)}; nơi cư trú: {a.address}."
    )
    dr.p(
        "Điều 2. Hủy bỏ các biện pháp ngăn chặn, biện pháp cưỡng chế đã áp dụng đối với bị can. Trả lại đồ vật, tài "
        "liệu đã tạm giữ cho chủ sở hữu hợp pháp."
    )
    dr.p("Điều 3. Bị can có quyền khiếu nại Quyết định này trong thời hạn 07 ngày kể từ ngày nhận được.")
    sig, name = _head_signature(rng, c.officials["procuracy_head"], c.officials["procuracy_deputy"], "VIỆN TRƯỞNG")
    return _doc(
        dr,
        "qd_dinh_chi",
        c.j.procuracy,
        c.numbers["qd_dinh_chi"],
        d,
        "QUYẾT ĐỊNH\nĐÌNH CHỈ VỤ ÁN",
        c.code,
        c.j.unit,
        "HS",
        signer_titles=sig,
        signer_name=name,
        recipients=[f"- {c.j.police.short};", "- Bị can;", "- Lưu: HSVA, VP."],
    )


def _khang_nghi_hs(rng: random.Random, c: CriminalCase) -> SampleDocument:
    dr = Draft(rng)
    d = c.dates["khang_nghi"]
    a = c.accused[0]
    months = int(c.facts["months"])
    dr.p(f"VIỆN TRƯỞNG {c.j.procuracy.name}")
    dr.p(f"Căn cứ {dr.law(336, TTHS)} và {dr.law(337, TTHS)};")
    dr.p(
        f"Xét Bản án hình sự sơ thẩm số {dr.case_no(c.numbers['ban_an'])} {dr.date(c.dates['ban_an'])} của "
        f"{c.j.court.short} đã xét xử bị cáo {dr.who(a.name, 'bị cáo')} về {dr.offence(c.crime)}, xử phạt bị cáo "
        f"{months} tháng tù;"
    )
    dr.p("NHẬN THẤY:")
    dr.p(
        dr.pick(
            "Bản án sơ thẩm áp dụng tình tiết giảm nhẹ không đúng, xử phạt bị cáo mức án quá nhẹ, không tương xứng với "
            "tính chất, mức độ nguy hiểm của hành vi phạm tội, không đủ tác dụng răn đe, phòng ngừa chung.",
            "Bản án sơ thẩm chưa xem xét, xử lý vật chứng của vụ án theo quy định, đồng thời tính sai thời hạn chấp "
            "hành hình phạt tù của bị cáo.",
        )
    )
    dr.p("QUYẾT ĐỊNH:")
    dr.p(
        f"1. Kháng nghị một phần Bản án hình sự sơ thẩm số {c.numbers['ban_an']} {dr.date(c.dates['ban_an'])} của "
        f"{c.j.court.short}."
    )
    dr.p(
        "2. Đề nghị Tòa án nhân dân cấp phúc thẩm xét xử theo hướng sửa bản án sơ thẩm, tăng hình phạt đối với bị "
        "cáo theo quy định của pháp luật."
    )
    sig, name = _head_signature(rng, c.officials["procuracy_head"], c.officials["procuracy_deputy"], "VIỆN TRƯỞNG")
    return _doc(
        dr,
        "khang_nghi",
        c.j.procuracy,
        c.numbers["khang_nghi"],
        d,
        "QUYẾT ĐỊNH\nKHÁNG NGHỊ PHÚC THẨM",
        c.code,
        c.j.unit,
        "HS",
        signer_titles=sig,
        signer_name=name,
        recipients=[f"- {c.j.court.short};", "- Bị cáo;", "- Lưu: HSKS, VP."],
    )


# --------------------------------------------------------------------------- civil documents

# What a non-criminal case is about, by kind: (kind as named in a registration notice, the dispute).
CIVIL_SUBJECTS = {
    "DS": ("dân sự", "Tranh chấp hợp đồng vay tài sản"),
    "HNGĐ": ("hôn nhân và gia đình", "Ly hôn, nuôi con chung"),
    "KDTM": ("kinh doanh, thương mại", "Tranh chấp hợp đồng tín dụng"),
    "LĐ": ("lao động", "Tranh chấp đòi tiền lương và khoản vay của người lao động"),
    "HC": ("hành chính", "Khiếu kiện quyết định hành chính về thu hồi khoản hỗ trợ"),
}


def _claim(dr: Draft, cc: CivilCase) -> str:
    f = cc.facts
    if cc.kind != "HNGĐ":
        return (
            f"Ngày {cc.dates['tai_lieu_chung_cu'].day}/{cc.dates['tai_lieu_chung_cu'].month}/"
            f"{cc.dates['tai_lieu_chung_cu'].year}, {cc.defendant.name} có vay của {cc.plaintiff.name} số tiền "
            f"{money(int(f['loan']))}, lãi suất {f['interest']}, thời hạn vay 12 tháng, có lập giấy vay tiền "
            f"viết tay. Đến hạn trả nợ, {cc.defendant.name} mới trả được {money(int(f['paid']))} tiền lãi, "
            f"số tiền gốc chưa trả mặc dù đã được nhắc nhở nhiều lần."
        )
    return (
        f"{cc.plaintiff.name} và {cc.defendant.name} tự nguyện đăng ký kết hôn năm {f['married_year']} tại Ủy ban "
        f"nhân dân {cc.plaintiff.address.split(', ')[1]}. Thời gian đầu chung sống hạnh phúc, có "
        f"{f['children']} con chung là cháu {f['child']}, sinh năm {f['child_born']}. Từ năm "
        f"{int(f['married_year']) + 2}, "
        f"vợ chồng phát sinh mâu thuẫn do bất đồng quan điểm sống, đã ly thân, tình cảm không còn."
    )


def _don_khoi_kien(rng: random.Random, cc: CivilCase) -> SampleDocument:
    dr = Draft(rng)
    d = cc.dates["don_khoi_kien"]
    p, q = cc.plaintiff, cc.defendant
    dr.p(f"Kính gửi: {cc.j.court.short}")
    dr.p(
        f"Người khởi kiện: {dr.who(p.name, 'nguyên đơn')}, sinh ngày {dob(p.born)}; số định danh cá nhân: "
        f"{p.id_number}; địa chỉ: {p.address}; điện thoại: {p.phone}."
    )
    dr.p(f"Người bị kiện: {dr.who(q.name, 'bị đơn')}, sinh năm {q.born.year}; địa chỉ: {q.address}.")
    dr.p("Yêu cầu Tòa án giải quyết những vấn đề sau đây:")
    dr.p(_claim(dr, cc))
    if cc.kind != "HNGĐ":
        dr.p(
            f"Căn cứ {dr.law(463, DAN_SU)} và {dr.law(466, DAN_SU)}, tôi đề nghị Tòa án buộc {q.name} trả cho tôi số "
            f"tiền gốc {money(int(cc.facts['loan']))} và tiền lãi theo quy định của pháp luật."
        )
    else:
        dr.p(
            f"Căn cứ {dr.law(51, HNGD)} và {dr.law(56, HNGD)}, tôi đề nghị Tòa án giải quyết cho tôi được ly hôn "
            f"với {q.name}; giao con chung cho tôi trực tiếp nuôi dưỡng; về tài sản chung tự thỏa thuận."
        )
    dr.p(
        "Danh mục tài liệu, chứng cứ kèm theo đơn khởi kiện: bản sao căn cước công dân; "
        + (
            "giấy vay tiền; vi bằng ghi nhận việc giao tiền."
            if cc.kind != "HNGĐ"
            else "giấy chứng nhận kết hôn (bản chính); giấy khai sinh của con."
        )
    )
    title = (
        dr.pick("ĐƠN KHỞI KIỆN", "ĐƠN KHỞI KIỆN\n(V/v tranh chấp hợp đồng vay tài sản)")
        if cc.kind != "HNGĐ"
        else dr.pick("ĐƠN KHỞI KIỆN", "ĐƠN KHỞI KIỆN\n(V/v ly hôn)")
    )
    return _doc(
        dr,
        "don_khoi_kien",
        None,
        None,
        d,
        title,
        cc.code,
        cc.j.unit,
        cc.kind,
        layout="citizen",
        signer_titles=["NGƯỜI KHỞI KIỆN"],
        signer_name=p.name,
        place=cc.j.court.place,
    )


def _thong_bao_thu_ly(rng: random.Random, cc: CivilCase) -> SampleDocument:
    dr = Draft(rng)
    d = cc.dates["thong_bao_thu_ly"]
    p, q = cc.plaintiff, cc.defendant
    kind_name, subject = CIVIL_SUBJECTS[cc.kind]
    dr.p(f"Kính gửi: {dr.pick(q.name, cc.j.procuracy.short)}")
    dr.p(
        f"Ngày {d.day} tháng {d.month} năm {d.year}, {cc.j.court.short} đã thụ lý vụ án {kind_name} sơ thẩm số "
        f"{dr.case_no(cc.numbers['thu_ly'])} về việc "
        f"“{subject}” theo đơn khởi kiện "
        f"đề {dr.date(cc.dates['don_khoi_kien'])} của {dr.who(p.name, 'nguyên đơn')}."
    )
    dr.p(
        f"Căn cứ {dr.law(196, TTDS)}, {cc.j.court.short} thông báo cho người bị kiện {dr.who(q.name, 'bị đơn')} biết: "
        f"trong thời hạn 15 ngày kể từ ngày nhận được thông báo này, người bị kiện phải nộp cho Tòa án văn bản ghi ý "
        f"kiến của mình đối với yêu cầu của người khởi kiện và tài liệu, chứng cứ kèm theo (nếu có)."
    )
    dr.p(
        "Hết thời hạn nêu trên mà không có ý kiến bằng văn bản thì Tòa án căn cứ vào tài liệu, chứng cứ có trong hồ "
        "sơ để giải quyết vụ án theo quy định."
    )
    return _doc(
        dr,
        "thong_bao_thu_ly",
        cc.j.court,
        cc.numbers["thong_bao_thu_ly"],
        d,
        "THÔNG BÁO\nVỀ VIỆC THỤ LÝ VỤ ÁN",
        cc.code,
        cc.j.unit,
        cc.kind,
        signer_titles=["THẨM PHÁN"],
        signer_name=cc.officials["judge"],
        recipients=["- Đương sự;", f"- {cc.j.procuracy.short};", "- Lưu hồ sơ vụ án."],
    )


def _bb_hoa_giai(rng: random.Random, cc: CivilCase) -> SampleDocument:
    dr = Draft(rng)
    d = cc.dates["bb_hoa_giai"]
    p, q = cc.plaintiff, cc.defendant
    dr.p(
        f"Vào hồi 08 giờ 30 phút, {header_date(d, rng)}, tại trụ sở {cc.j.court.short}, tiến hành phiên họp kiểm tra "
        f"việc giao nộp, tiếp cận, công khai chứng cứ và hòa giải vụ án thụ lý số {dr.case_no(cc.numbers['thu_ly'])} "
        f"theo {dr.law(210, TTDS)}."
    )
    dr.p(f"Thẩm phán chủ trì phiên họp: {cc.officials['judge']}. Thư ký ghi biên bản: {cc.officials['clerk']}.")
    dr.p(f"Nguyên đơn: {dr.who(p.name, 'nguyên đơn')} - có mặt. Bị đơn: {dr.who(q.name, 'bị đơn')} - có mặt.")
    dr.p("NỘI DUNG HÒA GIẢI:")
    if cc.kind != "HNGĐ":
        dr.p(
            f"Nguyên đơn giữ nguyên yêu cầu khởi kiện, đề nghị bị đơn trả số tiền gốc {money(int(cc.facts['loan']))}.",
            f"Bị đơn thừa nhận khoản nợ, xin được trả dần mỗi tháng {money(int(cc.facts['loan']) // 10)}.",
            "Các đương sự thỏa thuận được với nhau về việc giải quyết toàn bộ vụ án như sau: bị đơn trả cho nguyên "
            "đơn toàn bộ số tiền gốc, chia làm 10 lần, bắt đầu từ tháng tiếp theo; nguyên đơn không yêu cầu tính lãi.",
        )
    else:
        dr.p(
            "Nguyên đơn giữ nguyên yêu cầu xin ly hôn. Bị đơn đồng ý ly hôn.",
            f"Về con chung: các đương sự thỏa thuận giao cháu {cc.facts['child']} cho nguyên đơn trực tiếp "
            f"nuôi dưỡng; "
            f"bị đơn cấp dưỡng nuôi con mỗi tháng 2.000.000 đồng.",
            f"Về tài sản chung: {cc.facts['property']} thuộc sở hữu của bị đơn, bị đơn thanh toán cho nguyên đơn "
            f"giá trị phần chênh lệch.",
        )
    dr.p("Biên bản hòa giải thành được lập và đọc lại cho các đương sự nghe, các đương sự nhất trí và ký tên.")
    title = dr.pick("BIÊN BẢN HÒA GIẢI THÀNH", "BIÊN BẢN HÒA GIẢI")
    return _doc(
        dr,
        "bb_hoa_giai",
        cc.j.court,
        None,
        d,
        title,
        cc.code,
        cc.j.unit,
        cc.kind,
        date_line=False,
        signer_titles=["THẨM PHÁN"],
        signer_name=cc.officials["judge"],
        cosigner=(["THƯ KÝ"], cc.officials["clerk"]),
        seal=False,
    )


def _qd_cong_nhan(rng: random.Random, cc: CivilCase) -> SampleDocument:
    dr = Draft(rng)
    d = cc.dates["qd_cong_nhan_thoa_thuan"]
    p, q = cc.plaintiff, cc.defendant
    dr.p(cc.j.court.name)
    dr.p(f"Căn cứ {dr.law(212, TTDS)} và {dr.law(213, TTDS)};")
    dr.p(
        f"Căn cứ biên bản hòa giải thành {dr.date(cc.dates['bb_hoa_giai'])} về việc các đương sự thỏa thuận được với "
        f"nhau về việc giải quyết toàn bộ vụ án thụ lý số {dr.case_no(cc.numbers['thu_ly'])};"
    )
    dr.p(
        "Xét thấy sự thỏa thuận của các đương sự là hoàn toàn tự nguyện, không vi phạm điều cấm của luật, không trái "
        "đạo đức xã hội; đã hết thời hạn 07 ngày kể từ ngày lập biên bản mà không có đương sự nào thay đổi ý kiến,"
    )
    dr.p("QUYẾT ĐỊNH:")
    dr.p(
        f"1. Công nhận sự thỏa thuận của các đương sự: nguyên đơn {dr.who(p.name, 'nguyên đơn')}; bị đơn "
        f"{dr.who(q.name, 'bị đơn')}."
    )
    if cc.kind != "HNGĐ":
        dr.p(
            f"2. Sự thỏa thuận cụ thể: {q.name} trả cho {p.name} số tiền {money(int(cc.facts['loan']))}, chia làm 10 "
            f"lần, mỗi lần {money(int(cc.facts['loan']) // 10)}."
        )
        dr.p(f"3. Về án phí: áp dụng {dr.law(147, TTDS)}, bị đơn chịu 50% mức án phí dân sự sơ thẩm.")
    else:
        dr.p(
            f"2. Công nhận thuận tình ly hôn giữa {p.name} và {q.name}. Giao cháu {cc.facts['child']} cho {p.name} "
            f"trực tiếp nuôi dưỡng; {q.name} cấp dưỡng nuôi con mỗi tháng 2.000.000 đồng."
        )
        dr.p(f"3. Căn cứ {dr.law(55, HNGD)}, quyết định này có hiệu lực pháp luật ngay và không bị kháng cáo.")
    dr.p(
        "4. Quyết định này có hiệu lực pháp luật ngay sau khi được ban hành và không bị kháng cáo, kháng nghị theo "
        "thủ tục phúc thẩm."
    )
    title = (
        "QUYẾT ĐỊNH\nCÔNG NHẬN SỰ THỎA THUẬN CỦA CÁC ĐƯƠNG SỰ"
        if cc.kind != "HNGĐ"
        else "QUYẾT ĐỊNH\nCÔNG NHẬN THUẬN TÌNH LY HÔN VÀ\nSỰ THỎA THUẬN CỦA CÁC ĐƯƠNG SỰ"
    )
    return _doc(
        dr,
        "qd_cong_nhan_thoa_thuan",
        cc.j.court,
        dr.case_no(cc.numbers["qd_cong_nhan_thoa_thuan"]),
        d,
        title,
        cc.code,
        cc.j.unit,
        cc.kind,
        signer_titles=["THẨM PHÁN"],
        signer_name=cc.officials["judge"],
        recipients=["- Đương sự;", f"- {cc.j.procuracy.short};", "- Chi cục THADS;", "- Lưu hồ sơ vụ án."],
    )


def _ban_an_ds(rng: random.Random, cc: CivilCase) -> SampleDocument:
    dr = Draft(rng)
    d = cc.dates["ban_an"]
    o = cc.officials
    p, q = cc.plaintiff, cc.defendant
    court_tail = cc.j.court.name.removeprefix("TÒA ÁN NHÂN DÂN ")
    dr.p(
        f"- Thành phần Hội đồng xét xử sơ thẩm gồm có: Thẩm phán - Chủ tọa phiên tòa: {o['judge']}; các Hội thẩm "
        f"nhân dân: {o['juror1']}, {o['juror2']}. Thư ký phiên tòa: {o['clerk']}."
    )
    dr.p(f"- Đại diện {cc.j.procuracy.short} tham gia phiên tòa: {o['prosecutor']} - Kiểm sát viên.")
    dr.p(
        f"Ngày {d.day} tháng {d.month} năm {d.year}, tại trụ sở {cc.j.court.short} xét xử sơ thẩm công khai vụ án thụ "
        f"lý số {dr.case_no(cc.numbers['thu_ly'])} {dr.date(cc.dates['thong_bao_thu_ly'])} giữa các đương sự:"
    )
    dr.p(f"- Nguyên đơn: {dr.who(p.name, 'nguyên đơn')}, sinh năm {p.born.year}; địa chỉ: {p.address}.")
    dr.p(f"- Bị đơn: {dr.who(q.name, 'bị đơn')}, sinh năm {q.born.year}; địa chỉ: {q.address}.")
    dr.p("NỘI DUNG VỤ ÁN:", _claim(dr, cc))
    dr.p("Tại phiên tòa, nguyên đơn giữ nguyên yêu cầu khởi kiện; bị đơn vắng mặt lần thứ hai không có lý do.")
    dr.p("NHẬN ĐỊNH CỦA TÒA ÁN:")
    dr.p(
        f"[1] Về tố tụng: bị đơn đã được triệu tập hợp lệ lần thứ hai nhưng vắng mặt, căn cứ {dr.law(227, TTDS)}, "
        f"Tòa án xét xử vắng mặt bị đơn."
    )
    dr.p("[2] Về nội dung: có căn cứ chấp nhận yêu cầu khởi kiện của nguyên đơn.")
    dr.p("VÌ CÁC LẼ TRÊN,", "QUYẾT ĐỊNH:")
    if cc.kind != "HNGĐ":
        dr.p(
            f"Căn cứ {dr.law(463, DAN_SU)}, {dr.law(466, DAN_SU)} và {dr.law(468, DAN_SU)}: chấp nhận yêu cầu khởi "
            f"kiện của {p.name}, buộc {q.name} trả cho {p.name} số tiền {money(int(cc.facts['loan']))}."
        )
    else:
        dr.p(
            f"Căn cứ {dr.law(56, HNGD)}: xử cho {p.name} được ly hôn với {q.name}. Giao con chung cho {p.name} trực "
            f"tiếp nuôi dưỡng."
        )
    dr.p("Các đương sự có quyền kháng cáo trong hạn 15 ngày kể từ ngày tuyên án hoặc kể từ ngày nhận được bản án.")
    return _doc(
        dr,
        "ban_an",
        cc.j.court,
        dr.case_no(cc.numbers["ban_an"]),
        d,
        f"NHÂN DANH\nNƯỚC {NATION}\nTÒA ÁN NHÂN DÂN {court_tail}",
        cc.code,
        cc.j.unit,
        cc.kind,
        layout="judgment",
        number_label="Bản án số",
        signer_titles=["TM. HỘI ĐỒNG XÉT XỬ SƠ THẨM", "THẨM PHÁN - CHỦ TỌA PHIÊN TÒA"],
        signer_name=o["judge"],
        recipients=[f"- {cc.j.procuracy.short};", "- Đương sự;", "- Lưu hồ sơ vụ án."],
    )


def _khang_nghi_ds(rng: random.Random, cc: CivilCase) -> SampleDocument:
    dr = Draft(rng)
    d = cc.dates["khang_nghi"]
    dr.p(f"VIỆN TRƯỞNG {cc.j.procuracy.name}")
    dr.p(f"Căn cứ {dr.law(278, TTDS)}, {dr.law(279, TTDS)} và {dr.law(280, TTDS)};")
    dr.p(
        f"Xét Bản án sơ thẩm số {dr.case_no(cc.numbers['ban_an'])} {dr.date(cc.dates['ban_an'])} của "
        f"{cc.j.court.short} "
        f"giải quyết vụ án giữa nguyên đơn {dr.who(cc.plaintiff.name, 'nguyên đơn')} và bị đơn "
        f"{dr.who(cc.defendant.name, 'bị đơn')};"
    )
    dr.p("NHẬN THẤY:")
    dr.p(
        "Tòa án cấp sơ thẩm xác định không đúng thời điểm tính lãi chậm trả, dẫn đến buộc bị đơn phải trả khoản tiền "
        "lãi cao hơn quy định, ảnh hưởng đến quyền và lợi ích hợp pháp của đương sự."
    )
    dr.p("QUYẾT ĐỊNH:")
    dr.p(f"1. Kháng nghị một phần Bản án sơ thẩm số {cc.numbers['ban_an']} của {cc.j.court.short} về phần tiền lãi.")
    dr.p("2. Đề nghị Tòa án cấp phúc thẩm xét xử theo hướng sửa bản án sơ thẩm.")
    sig, name = _head_signature(rng, cc.officials["procuracy_head"], cc.officials["procuracy_deputy"], "VIỆN TRƯỞNG")
    return _doc(
        dr,
        "khang_nghi",
        cc.j.procuracy,
        cc.numbers["khang_nghi"],
        d,
        "QUYẾT ĐỊNH\nKHÁNG NGHỊ PHÚC THẨM",
        cc.code,
        cc.j.unit,
        cc.kind,
        signer_titles=sig,
        signer_name=name,
        recipients=[f"- {cc.j.court.short};", "- Đương sự;", "- Lưu: HSKS, VP."],
    )


def _tai_lieu(rng: random.Random, cc: CivilCase) -> SampleDocument:
    dr = Draft(rng)
    d = cc.dates["tai_lieu_chung_cu"]
    lender, borrower = cc.plaintiff, cc.defendant
    loan = int(cc.facts["loan"])
    dr.p(f"Hôm nay, {header_date(d, rng)}, tại {lender.address}, chúng tôi gồm:")
    dr.p(
        f"BÊN CHO VAY (Bên A): {dr.who(lender.name, 'bên cho vay')}, sinh ngày {dob(lender.born)}; số định danh cá "
        f"nhân: {lender.id_number}; địa chỉ: {lender.address}."
    )
    dr.p(
        f"BÊN VAY (Bên B): {dr.who(borrower.name, 'bên vay')}, sinh ngày {dob(borrower.born)}; số định danh cá nhân: "
        f"{borrower.id_number}; địa chỉ: {borrower.address}."
    )
    dr.p("Hai bên thỏa thuận ký kết hợp đồng vay tiền với các điều khoản sau:")
    dr.p(f"Điều 1. Bên A cho Bên B vay số tiền {money(loan)}, bằng tiền mặt. Bên B đã nhận đủ số tiền trên.")
    dr.p(
        f"Điều 2. Thời hạn vay là 12 tháng kể từ ngày ký. Lãi suất {cc.facts['interest']}, trả lãi vào ngày 05 hằng "
        f"tháng."
    )
    dr.p(
        f"Điều 3. Hai bên cam kết thực hiện đúng hợp đồng; tranh chấp phát sinh được giải quyết theo "
        f"{dr.law(466, DAN_SU)} và quy định của pháp luật."
    )
    dr.p("Hợp đồng lập thành 02 bản, mỗi bên giữ 01 bản có giá trị pháp lý như nhau.")
    return _doc(
        dr,
        "tai_lieu_chung_cu",
        None,
        None,
        d,
        dr.pick("HỢP ĐỒNG VAY TIỀN", "HỢP ĐỒNG VAY TÀI SẢN"),
        cc.code,
        cc.j.unit,
        cc.kind,
        layout="citizen",
        date_line=False,
        signer_titles=["BÊN VAY"],
        signer_name=borrower.name,
        cosigner=(["BÊN CHO VAY"], lender.name),
    )


def _khac(rng: random.Random, cc: CivilCase) -> SampleDocument:
    dr = Draft(rng)
    d = cc.dates["khac"]
    variant = rng.randrange(2)
    if variant == 0:
        dr.p(f"VIỆN TRƯỞNG {cc.j.procuracy.name}")
        dr.p(f"Căn cứ {dr.law(57, TTDS)} và {dr.law(232, TTDS)};")
        dr.p(
            f"Căn cứ Thông báo thụ lý vụ án số {cc.numbers['thong_bao_thu_ly']} "
            f"{dr.date(cc.dates['thong_bao_thu_ly'])} "
            f"của {cc.j.court.short},"
        )
        dr.p("QUYẾT ĐỊNH:")
        dr.p(
            f"Điều 1. Phân công Kiểm sát viên {cc.officials['prosecutor']} kiểm sát việc giải quyết vụ án thụ lý số "
            f"{dr.case_no(cc.numbers['thu_ly'])} giữa nguyên đơn {dr.who(cc.plaintiff.name, 'nguyên đơn')} và bị đơn "
            f"{dr.who(cc.defendant.name, 'bị đơn')}, tham gia phiên tòa, phiên họp."
        )
        dr.p("Điều 2. Kiểm sát viên được phân công có trách nhiệm thực hiện nhiệm vụ, quyền hạn theo quy định.")
        sig, name = _head_signature(
            rng, cc.officials["procuracy_head"], cc.officials["procuracy_deputy"], "VIỆN TRƯỞNG"
        )
        return _doc(
            dr,
            "khac",
            cc.j.procuracy,
            cc.numbers["khac"],
            d,
            "QUYẾT ĐỊNH\nPHÂN CÔNG KIỂM SÁT VIÊN",
            cc.code,
            cc.j.unit,
            cc.kind,
            signer_titles=sig,
            signer_name=name,
            recipients=[f"- {cc.j.court.short};", "- Kiểm sát viên;", "- Lưu: HSKS, VP."],
        )
    who = dr.who(cc.defendant.name, "bị đơn")
    dr.p(f"{cc.j.court.short} triệu tập: {who}; địa chỉ: {cc.defendant.address}.")
    dr.p(f"Là bị đơn trong vụ án thụ lý số {dr.case_no(cc.numbers['thu_ly'])}.")
    dr.p(
        f"Có mặt vào hồi 08 giờ 00 phút, {header_date(d + dt.timedelta(days=3), rng)}, tại trụ sở "
        f"{cc.j.court.short} để "
        f"tham gia phiên họp kiểm tra việc giao nộp, tiếp cận, công khai chứng cứ và hòa giải."
    )
    dr.p(
        "Khi đến mang theo giấy triệu tập và căn cước công dân. Trường hợp vắng mặt không có lý do chính đáng, Tòa án "
        "sẽ giải quyết theo quy định của pháp luật."
    )
    return _doc(
        dr,
        "khac",
        cc.j.court,
        f"{rng.randint(10, 900)}/GTT-TA",
        d,
        "GIẤY TRIỆU TẬP",
        cc.code,
        cc.j.unit,
        cc.kind,
        signer_titles=["THẨM PHÁN"],
        signer_name=cc.officials["judge"],
        recipients=["- Như trên;", "- Lưu hồ sơ."],
    )


CRIMINAL_BUILDERS = {
    "to_giac": _to_giac,
    "qd_khoi_to_vu_an": _qd_khoi_to_vu_an,
    "qd_khoi_to_bi_can": _qd_khoi_to_bi_can,
    "qd_phe_chuan": _qd_phe_chuan,
    "lenh_bat_tam_giam": _lenh_bat,
    "lenh_kham_xet": _lenh_kham_xet,
    "bb_hoi_cung": _bb_hoi_cung,
    "bb_lay_loi_khai": _bb_lay_loi_khai,
    "bb_kham_nghiem": _bb_kham_nghiem,
    "bb_thu_giu": _bb_thu_giu,
    "qd_trung_cau_giam_dinh": _qd_trung_cau,
    "kl_giam_dinh": _kl_giam_dinh,
    "kl_dieu_tra": _kl_dieu_tra,
    "cao_trang": _cao_trang,
    "qd_dua_ra_xet_xu": _qd_dua_ra_xet_xu,
    "qd_dinh_chi": _qd_dinh_chi,
    "khang_nghi": _khang_nghi_hs,
    "ban_an": _ban_an_hs,
}
CIVIL_BUILDERS = {
    "don_khoi_kien": _don_khoi_kien,
    "thong_bao_thu_ly": _thong_bao_thu_ly,
    "bb_hoa_giai": _bb_hoa_giai,
    "qd_cong_nhan_thoa_thuan": _qd_cong_nhan,
    "tai_lieu_chung_cu": _tai_lieu,
    "khac": _khac,
    "ban_an": _ban_an_ds,
    "khang_nghi": _khang_nghi_ds,
}


def finish(doc: SampleDocument, old_tones: bool) -> SampleDocument:
    """Final text pass: optional old-style tone marks, then NFC everywhere."""
    if old_tones:
        doc = map_document_text(doc, old_style_tones)
    return map_document_text(doc, _nfc)


def build_document(doc_type: str, rng: random.Random, case: CriminalCase | CivilCase) -> SampleDocument:
    builders = CRIMINAL_BUILDERS if isinstance(case, CriminalCase) else CIVIL_BUILDERS
    return finish(builders[doc_type](rng, case), old_tones=rng.random() < 0.25)


def make_documents(n: int, seed: int = 0) -> list[SampleDocument]:
    """n independent documents cycling over every taxonomy code (all codes appear once n >= 24)."""
    rng = random.Random(seed)
    docs: list[SampleDocument] = []
    order: list[str] = []
    for _ in range(n):
        if not order:
            order = list(TAXONOMY)
            rng.shuffle(order)
        doc_type = order.pop()
        criminal = doc_type in CRIMINAL_BUILDERS and (doc_type not in CIVIL_BUILDERS or rng.random() < 0.6)
        case: CriminalCase | CivilCase
        if criminal:
            crime = None
            if doc_type == "kl_giam_dinh":
                crime = rng.choice([c for c in CRIMES if c.expertise in ("injury", "drug")])
            case = new_criminal_case(rng, crime=crime)
        else:
            case = new_civil_case(rng)
        docs.append(build_document(doc_type, rng, case))
    return docs


CRIMINAL_FILE_ORDER = (
    "to_giac",
    "qd_khoi_to_vu_an",
    "qd_khoi_to_bi_can",
    "lenh_bat_tam_giam",
    "qd_phe_chuan",
    "bb_hoi_cung",
    "kl_dieu_tra",
    "cao_trang",
    "qd_dua_ra_xet_xu",
    "ban_an",
)
CIVIL_FILE_ORDER = (
    "tai_lieu_chung_cu",
    "don_khoi_kien",
    "thong_bao_thu_ly",
    "khac",
    "bb_hoa_giai",
    "qd_cong_nhan_thoa_thuan",
)


def _anchored_start(make, seed: int, key: str, anchor: dt.date | None) -> dt.date | None:
    """The start date that puts the case's `key` step on `anchor` (None: the drawn timeline)."""
    if anchor is None:
        return None
    probe = make(random.Random(seed), None)
    return probe.dates["to_giac" if "to_giac" in probe.dates else "don_khoi_kien"] + (anchor - probe.dates[key])


def make_case_file(
    seed: int, unit: str | None = None, trial_on: dt.date | None = None, crime: Crime | None = None
) -> list[SampleDocument]:
    """The documents of one criminal case in procedural order, sharing accused, numbers and case code.

    `trial_on` moves the whole timeline so that the judgment falls on that day; `crime` is drawn when None.
    """

    def make(rng, start):
        return new_criminal_case(rng, unit=unit, crime=crime, start=start)

    rng = random.Random(seed)
    case = make(rng, _anchored_start(make, seed, "ban_an", trial_on))
    old_tones = rng.random() < 0.3
    return [finish(CRIMINAL_BUILDERS[t](rng, case), old_tones) for t in CRIMINAL_FILE_ORDER]


def make_civil_case_file(
    seed: int, unit: str | None = None, kind: str | None = None, registered_on: dt.date | None = None
) -> list[SampleDocument]:
    """The documents of one non-criminal case, from the evidence contract to the settlement decision.

    `kind` is DS or HNGĐ (drawn when None), HC, KDTM or LĐ; `registered_on` moves the timeline so that the
    court's registration notice falls on that day.
    """

    def make(rng, start):
        return new_civil_case(rng, unit=unit, kind=kind, start=start)

    rng = random.Random(seed)
    case = make(rng, _anchored_start(make, seed, "thong_bao_thu_ly", registered_on))
    old_tones = rng.random() < 0.3
    return [finish(CIVIL_BUILDERS[t](rng, case), old_tones) for t in CIVIL_FILE_ORDER]
