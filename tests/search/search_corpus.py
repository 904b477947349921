"""Real-looking Vietnamese case-file pages and helpers shared by the search tests."""

from __future__ import annotations

import atexit
import datetime
import uuid

from search import PageEntry, Scope, SearchRequest, recreate_index
from tests.databases import fresh_postgres_database

EMBEDDED = ["whoosh", "tantivy"]  # the engines kept in a folder
BACKENDS = [*EMBEDDED, "postgres"]
D = datetime.date

PAGES = [
    PageEntry(
        101,
        1,
        "VIỆN KIỂM SÁT NHÂN DÂN QUẬN BA ĐÌNH\nSố: 45/CT-VKS-P2\nHà Nội, ngày 18 tháng 9 năm 2023\n"
        "CÁO TRẠNG\nTruy tố bị can Nguyễn Văn Hùng, sinh năm 1985, về tội lừa đảo chiếm đoạt tài sản "
        "theo điểm a khoản 3 Điều 174 Bộ luật Hình sự.",
        case="VA-2023-015",
        unit="VKS-BD",
        case_kind="HS",
        doc_type="cao_trang",
        doc_date=D(2023, 9, 18),
        filename="cao_trang_015.pdf",
    ),
    PageEntry(
        101,
        2,
        "Bị hại là bà Trần Thị Hòa, trú tại phường Hoà Bình. Số điện thoại 0912 345 678, "
        "căn cước công dân số 001089012345. Bị can Hùng đã chiếm đoạt 350.000.000 đồng.",
        case="VA-2023-015",
        unit="VKS-BD",
        case_kind="HS",
        doc_type="cao_trang",
        doc_date=D(2023, 9, 18),
    ),
    PageEntry(
        102,
        1,
        "BIÊN BẢN HỎI CUNG BỊ CAN\nHôm nay, Điều tra viên tiến hành hỏi cung bị can Nguyễn Văn Hưng "
        "về hành vi trộm cắp tài sản.\nHỏi: Anh có khai báo thành khẩn không?\nTrả lời: Có.",
        case="VA-2023-020",
        unit="VKS-BD",
        case_kind="HS",
        doc_type="bb_hoi_cung",
        doc_date=D(2023, 3, 2),
    ),
    PageEntry(
        103,
        1,
        "TÒA ÁN NHÂN DÂN QUẬN CẦU GIẤY\nBản án số: 86/2023/HS-ST\nXét xử sơ thẩm vụ án hình sự đối với "
        "bị cáo Lê Văn Hùng theo thủ tục tố tụng hình sự; Kiểm sát viên thực hành quyền công tố.",
        case="VA-2023-031",
        unit="VKS-CG",
        case_kind="HS",
        doc_type="ban_an",
        doc_date=D(2023, 11, 20),
    ),
    PageEntry(
        104,
        1,
        "QUYẾT ĐỊNH KHỞI TỐ VỤ ÁN HÌNH SỰ về tội gây rối trật tự công cộng, ảnh hưởng đến an ninh trật tự "
        "tại địa phương.",
        case="VA-2024-002",
        unit="VKS-CG",
        case_kind="HS",
        doc_type="qd_khoi_to_vu_an",
        doc_date=D(2024, 1, 5),
    ),
    PageEntry(
        105,
        1,
        "BIÊN BẢN HÒA GIẢI THÀNH\nÔng Phạm Văn Thủy và bà Đỗ Thị Qúy thỏa thuận được với nhau về việc "
        "chia tài sản chung. Hai bên không khởi kiện lại.",
        case="DS-2023-007",
        unit="VKS-CG",
        case_kind="DS",
        doc_type="bb_hoa_giai",
        doc_date=D(2023, 6, 12),
    ),
    PageEntry(
        106,
        1,
        "KẾT LUẬN ĐIỀU TRA vụ án nhận hối lộ. Bị can Nguyễn Văn Hùng, cán bộ địa chính, đã nhận "
        "tiền để làm sai lệch hồ sơ đất đai; hành vi lừa đảo được làm rõ.",
        case="VA-2023-099",
        unit="VKS-BD",
        case_kind="HS",
        doc_type="kl_dieu_tra",
        doc_date=D(2023, 10, 1),
        restricted=True,
    ),
    PageEntry(
        107,
        1,
        "BIÊN BẢN LẤY LỜI KHAI người làm chứng ÐẶNG VĂN ÐỨC. Ông khai đã thấy Nguyễm Văn Toàn "
        "đứng trước cửa hàng lúc 21 giờ.",
        case="VA-2023-020",
        unit="VKS-BD",
        case_kind="HS",
        doc_type="bb_lay_loi_khai",
        doc_date=D(2023, 3, 1),
    ),
    PageEntry(
        108,
        1,
        "Công văn về việc can thiệp kịp thời khi người dân bị tạm giữ trái phép; cần xây dựng công trình "
        "to lớn và an toàn.",
        unit="VKS-BD",
        doc_type="khac",
        doc_date=D(2022, 12, 1),
    ),
    PageEntry(
        109,
        1,
        "QUYẾT ĐỊNH PHÊ CHUẨN QUYẾT ĐỊNH KHỞI TỐ BỊ CAN số 12 / QĐ-VKS-P1 đối với Trần Minh Khoa về tội "
        "cố ý gây thương tích.",
        case="VA-2024-010",
        unit="VKS-HK",
        case_kind="HS",
        doc_type="qd_phe_chuan",
        doc_date=D(2024, 2, 14),
    ),
    PageEntry(
        110,
        1,
        "Đơn khởi kiện: yêu cầu ly hôn và chia tài sản; hai bên đã ly thân. Nguyên đơn là bà Vũ Thị Lan.",
        case="HN-2023-004",
        unit="VKS-HK",
        case_kind="HNGĐ",
        doc_type="don_khoi_kien",
        doc_date=D(2023, 8, 8),
    ),
]

EVERYTHING = Scope.everything()


_postgres: list[str] = []


def postgres_url() -> str:
    """One fresh PostgreSQL database for this test run (each index gets its own tables in it);
    skips the test with a message where no PostgreSQL server is running."""
    if not _postgres:
        databases = fresh_postgres_database()
        _postgres.append(next(databases))
        atexit.register(lambda: next(databases, None))
    return _postgres[0]


def open_backend(path, backend, create=True):
    """A new empty index of `backend`: in the folder `path`, or for postgres in its own tables."""
    if backend == "postgres":
        table = "t_" + uuid.uuid4().hex[:12]
        return recreate_index(postgres_url(), backend, table=table)
    return recreate_index(path, backend)


def build(path, backend, pages=PAGES):
    index = open_backend(path, backend)
    index.add(pages)
    return index


def keys(result) -> list[tuple[int, int]]:
    return [(h.document_id, h.page) for h in result.hits]


def search(index, query: str, scope: Scope = EVERYTHING, **kw):
    return index.search(SearchRequest(query, scope=scope, **kw))
