"""Search benchmark: index synthetic Vietnamese case-file pages with each backend and with raw
SQLite FTS5 (the reference), then time a fixed set of word, phrase, filtered, accentless and
prefix/fuzzy queries. Prints index speed and p50/p95 latency per backend and query class.

    .venv/bin/python bench/search_bench.py                    # 10k and 100k pages
    .venv/bin/python bench/search_bench.py --sizes 10000 --backends tantivy,fts5
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_index import new_index  # noqa: E402
from search import PageEntry, Scope, SearchRequest, open_index  # noqa: E402

SURNAMES = [
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
]
MIDDLE = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Thanh", "Quốc", "Ngọc", "Xuân", "Thu"]
GIVEN = [
    "Hùng",
    "Hưng",
    "Hòa",
    "Hoà",
    "Thủy",
    "Thuỷ",
    "Quý",
    "Lan",
    "Dũng",
    "Tuấn",
    "Hải",
    "Hương",
    "Nam",
    "Long",
    "Phương",
    "Trang",
    "Khoa",
    "Sơn",
    "Bình",
    "Cường",
    "Đạt",
    "Giang",
    "Huệ",
    "Khánh",
    "Linh",
    "Mai",
    "Nga",
    "Oanh",
    "Phúc",
    "Quân",
    "Tâm",
    "Thảo",
    "Vinh",
    "Yến",
]
CRIMES = [
    ("lừa đảo chiếm đoạt tài sản", 174),
    ("trộm cắp tài sản", 173),
    ("cố ý gây thương tích", 134),
    ("mua bán trái phép chất ma túy", 251),
    ("tàng trữ trái phép chất ma túy", 249),
    ("tham ô tài sản", 353),
    ("nhận hối lộ", 354),
    ("cướp giật tài sản", 171),
    ("lạm dụng tín nhiệm chiếm đoạt tài sản", 175),
    ("vi phạm quy định về tham gia giao thông đường bộ", 260),
    ("gây rối trật tự công cộng", 318),
    ("đánh bạc", 321),
    ("tổ chức đánh bạc", 322),
    ("làm giả con dấu, tài liệu của cơ quan, tổ chức", 341),
]
PLACES = [
    "phường Hoà Bình",
    "xã Thuỷ An",
    "phường Quý Thành",
    "thị trấn Đông Anh",
    "xã Tân Lập",
    "phường Bến Thành",
    "xã An Khánh",
    "phường Hòa Khánh",
    "thành phố Đà Nẵng",
    "tỉnh Thừa Thiên Huế",
    "huyện Gia Lâm",
    "quận Hoàn Kiếm",
    "tỉnh Quảng Nam",
    "tỉnh Nghệ An",
    "tỉnh Bình Dương",
]
UNITS = [f"VKS-{i:02d}" for i in range(1, 13)]
KINDS = ["HS", "HS", "HS", "DS", "HC", "KDTM", "LĐ", "HNGĐ"]
TYPES = [
    "cao_trang",
    "kl_dieu_tra",
    "bb_hoi_cung",
    "bb_lay_loi_khai",
    "qd_khoi_to_bi_can",
    "ban_an",
    "qd_phe_chuan",
    "lenh_bat_tam_giam",
    "don_khoi_kien",
    "bb_hoa_giai",
    "tai_lieu_chung_cu",
    "khac",
]
TITLES = {
    "cao_trang": "CÁO TRẠNG",
    "kl_dieu_tra": "BẢN KẾT LUẬN ĐIỀU TRA",
    "bb_hoi_cung": "BIÊN BẢN HỎI CUNG BỊ CAN",
    "bb_lay_loi_khai": "BIÊN BẢN LẤY LỜI KHAI",
    "qd_khoi_to_bi_can": "QUYẾT ĐỊNH KHỞI TỐ BỊ CAN",
    "ban_an": "BẢN ÁN",
    "qd_phe_chuan": "QUYẾT ĐỊNH PHÊ CHUẨN QUYẾT ĐỊNH KHỞI TỐ BỊ CAN",
    "lenh_bat_tam_giam": "LỆNH BẮT BỊ CAN ĐỂ TẠM GIAM",
    "don_khoi_kien": "ĐƠN KHỞI KIỆN",
    "bb_hoa_giai": "BIÊN BẢN HÒA GIẢI THÀNH",
    "tai_lieu_chung_cu": "HỢP ĐỒNG VAY TÀI SẢN",
    "khac": "CÔNG VĂN",
}
SENTENCES = [
    "Căn cứ các điều 36, 41, 236 và 243 Bộ luật Tố tụng hình sự năm 2015.",
    "Bị can {name}, sinh ngày {day} tháng {month} năm {byear} tại {place}; nghề nghiệp: {job}.",
    "Khoảng {hour} giờ ngày {day}/{month}/{year}, tại {place}, {name} đã có hành vi {crime}.",
    "Hành vi của bị can {name} đã phạm vào tội {crime} theo quy định tại điểm {point} khoản {clause} "
    "Điều {article} Bộ luật Hình sự.",
    "Hỏi: Anh (chị) hãy trình bày lại diễn biến sự việc xảy ra ngày {day}/{month}/{year}?",
    "Trả lời: Tôi thừa nhận đã nhận của anh {name2} số tiền {amount} đồng để làm thủ tục.",
    "Tổng giá trị tài sản bị chiếm đoạt là {amount} đồng; bị hại là ông (bà) {name2}, trú tại {place}.",
    "Người làm chứng {name2} khai rằng đã nhìn thấy {name} tại {place} vào buổi tối hôm đó.",
    "Vật chứng thu giữ gồm: 01 điện thoại di động, 01 xe mô tô biển kiểm soát 43C1-{plate} và số tiền {amount} đồng.",
    "Xét thấy việc bị can được tại ngoại không gây khó khăn cho công tác điều tra, truy tố, xét xử.",
    "Vụ án được Cơ quan Cảnh sát điều tra Công an {place} khởi tố theo Quyết định số {num}/QĐ-CSĐT.",
    "Viện kiểm sát nhân dân {place} phê chuẩn Quyết định khởi tố bị can số {num}/QĐ-VKS-P{unit}.",
    "Bản án số {num}/{year}/{kind}-ST ngày {day}/{month}/{year} của Tòa án nhân dân {place}.",
    "Đảm bảo an ninh trật tự tại địa phương, phòng ngừa chung đối với loại tội phạm này.",
    "Quá trình điều tra, bị can khai báo thành khẩn, ăn năn hối cải, có nhân thân tốt.",
    "Điện thoại liên hệ: 09{phone}; số định danh cá nhân 0010{cid}.",
    "Các bên đương sự đã thỏa thuận được với nhau về việc giải quyết toàn bộ vụ án.",
    "Nguyên đơn yêu cầu Tòa án buộc bị đơn trả số tiền nợ gốc {amount} đồng và lãi theo hợp đồng.",
    "Kiểm sát viên thực hành quyền công tố và kiểm sát việc tuân theo pháp luật trong tố tụng.",
    "Trong quá trình giải quyết vụ án, Thẩm phán đã tiến hành hòa giải nhưng không thành.",
    "Tài liệu, chứng cứ có trong hồ sơ vụ án thể hiện rõ hành vi phạm tội của các bị can.",
    "Xác định thiệt hại về sức khỏe của bị hại với tỷ lệ tổn thương cơ thể là {pct}%.",
]
JOBS = ["lao động tự do", "kinh doanh", "cán bộ", "lái xe", "nông dân", "kế toán", "không"]


def person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def make_pages(n: int, seed: int = 7) -> list[PageEntry]:
    """n pages of case-file text, ~300 words each, in documents of 1-8 pages."""
    rng = random.Random(seed)
    pages: list[PageEntry] = []
    doc_id = 0
    while len(pages) < n:
        doc_id += 1
        case_no = rng.randrange(1, 3000)
        unit = rng.choice(UNITS)
        kind = rng.choice(KINDS)
        dtype = rng.choice(TYPES)
        date = datetime.date(2021, 1, 1) + datetime.timedelta(days=rng.randrange(1500))
        crime, article = rng.choice(CRIMES)
        accused = person(rng)
        restricted = rng.random() < 0.03
        for page in range(1, rng.randint(1, 8) + 1):
            lines = []
            if page == 1:
                lines += [
                    "VIỆN KIỂM SÁT NHÂN DÂN " + rng.choice(PLACES).upper(),
                    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                    "Độc lập - Tự do - Hạnh phúc",
                    f"Số: {rng.randrange(1, 400)}/CT-VKS-P{rng.randrange(1, 9)}",
                    f"{rng.choice(PLACES)}, ngày {date.day:02d} tháng {date.month:02d} năm {date.year}",
                    TITLES[dtype],
                ]
            while sum(len(line.split()) for line in lines) < 300:
                s = rng.choice(SENTENCES)
                lines.append(
                    s.format(
                        name=accused,
                        name2=person(rng),
                        crime=crime,
                        article=article,
                        place=rng.choice(PLACES),
                        day=rng.randrange(1, 29),
                        month=rng.randrange(1, 13),
                        year=rng.randrange(2019, 2025),
                        byear=rng.randrange(1960, 2004),
                        hour=rng.randrange(0, 24),
                        job=rng.choice(JOBS),
                        point=rng.choice("abcdđeg"),
                        clause=rng.randrange(1, 5),
                        amount=f"{rng.randrange(1, 900)}.{rng.randrange(0, 1000):03d}.000",
                        plate=rng.randrange(10000, 99999),
                        num=rng.randrange(1, 500),
                        unit=rng.randrange(1, 9),
                        kind=kind,
                        phone=rng.randrange(10_000_000, 99_999_999),
                        cid=rng.randrange(10**7, 10**8),
                        pct=rng.randrange(5, 80),
                    )
                )
            pages.append(
                PageEntry(
                    document_id=doc_id,
                    page=page,
                    text="\n".join(lines),
                    case=f"VA-{unit}-{case_no}",
                    unit=unit,
                    case_kind=kind,
                    doc_type=dtype,
                    doc_date=date,
                    restricted=restricted,
                    filename=f"hs_{doc_id}.pdf",
                )
            )
            if len(pages) >= n:
                break
    return pages


# (class, query, filters)
SCOPE = Scope(units=frozenset(UNITS[:8]), restricted_cases=frozenset({"VA-VKS-01-17"}))
QUERIES = [
    ("word", "hối lộ", {}),
    ("word", "Nguyễn Văn Hùng", {}),
    ("word", "thương tích", {}),
    ("word", "điện thoại", {}),
    ("phrase", '"bị can"', {}),
    ("phrase", '"chiếm đoạt tài sản"', {}),
    ("phrase", '"an ninh trật tự"', {}),
    ("phrase", '"tố tụng hình sự"', {}),
    ("filtered", "ma túy", {"case_kind": "HS", "doc_type": "cao_trang"}),
    ("filtered", "hòa giải", {"date_from": datetime.date(2023, 1, 1), "date_to": datetime.date(2023, 12, 31)}),
    ("filtered", "tham ô", {"unit": "VKS-03"}),
    ("filtered", '"khởi tố bị can"', {"case_kind": "HS", "date_from": datetime.date(2022, 6, 1)}),
    ("accentless", "bi can nguyen van hung lua dao", {}),
    ("accentless", "trom cap tai san", {}),
    ("accentless", "khoi to bi can", {}),
    ("accentless", "hoa giai thanh", {}),
    ("prefix/fuzzy", "khởi*", {}),
    ("prefix/fuzzy", "nguyenn thuong", {}),
]
FTS_FILTER_COLUMNS = {
    "case_kind": "case_kind = ?",
    "doc_type": "doc_type = ?",
    "unit": "unit = ?",
    "date_from": "doc_date >= ?",
    "date_to": "doc_date <= ?",
}


def fts5_match(query: str) -> str:
    """The same query in FTS5 syntax (implicit AND, quoted phrases, prefix*)."""
    if query.startswith('"'):
        return query
    out = []
    for w in query.split():
        out.append(w if w.endswith("*") else '"' + w.rstrip("~") + '"')
    return " ".join(out)


class Fts5:
    name = "sqlite-fts5"

    def __init__(self, path: Path):
        self.db = sqlite3.connect(str(path / "fts.db"))
        self.db.execute(
            "CREATE VIRTUAL TABLE pages USING fts5(text, document_id UNINDEXED, page UNINDEXED, "
            "case_code UNINDEXED, unit UNINDEXED, case_kind UNINDEXED, doc_type UNINDEXED, doc_date UNINDEXED, "
            "restricted UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')"
        )

    def add(self, entries):
        self.db.executemany(
            "INSERT INTO pages VALUES (?,?,?,?,?,?,?,?,?)",
            [
                (
                    e.text,
                    e.document_id,
                    e.page,
                    e.case,
                    e.unit,
                    e.case_kind,
                    e.doc_type,
                    e.doc_date.isoformat(),
                    int(e.restricted),
                )
                for e in entries
            ],
        )
        self.db.commit()

    def search(self, query: str, filters: dict, scope: Scope):
        where = ["pages MATCH ?"]
        args: list = [fts5_match(query)]
        for key, value in filters.items():
            where.append(FTS_FILTER_COLUMNS[key])
            args.append(value.isoformat() if isinstance(value, datetime.date) else value)
        units = sorted(scope.units or [])
        cases = sorted(scope.restricted_cases)
        where.append(
            f"((restricted = 0 AND unit IN ({','.join('?' * len(units))})) OR "
            f"(restricted = 1 AND case_code IN ({','.join('?' * len(cases))})))"
        )
        args += units + cases
        sql_where = " AND ".join(where)
        total = self.db.execute(f"SELECT count(*) FROM pages WHERE {sql_where}", args).fetchone()[0]
        rows = self.db.execute(
            f"SELECT document_id, page, snippet(pages, 0, '<mark>', '</mark>', '…', 30) FROM pages "
            f"WHERE {sql_where} ORDER BY rank LIMIT 20",
            args,
        ).fetchall()
        return total, rows

    def close(self):
        self.db.close()


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def run(size: int, backends: list[str], repeat: int, workdir: Path, reuse: bool = False) -> list[dict]:
    t0 = time.perf_counter()
    pages = make_pages(size)
    words = sum(len(p.text.split()) for p in pages)
    print(
        f"\n== {size} pages ({words / size:.0f} words/page), generated in {time.perf_counter() - t0:.1f}s", flush=True
    )
    rows = []
    for backend in backends:
        path = workdir / f"{backend}-{size}"
        built = path / "built"  # the index is whole: --reuse may open it instead of building again
        t0 = time.perf_counter()
        c0 = time.process_time()
        if reuse and built.exists() and backend in ("tantivy", "whoosh"):
            ix = open_index(path / "index", backend)
            index_s, index_cpu = float(built.read_text().split()[0]), float(built.read_text().split()[1])
        else:
            if path.exists():
                shutil.rmtree(path)
            path.mkdir(parents=True)
            if backend == "fts5":
                ix = Fts5(path)
            else:
                ix = new_index(path / "index", backend, table=f"bench_pages_{size}")
            for i in range(0, len(pages), 5000):
                ix.add(pages[i : i + 5000])
            if backend != "fts5":
                ix.finish_bulk()
            index_s = time.perf_counter() - t0
            index_cpu = time.process_time() - c0
            built.write_text(f"{index_s} {index_cpu}\n")
        latencies: dict[str, list[float]] = {}
        cpu: list[float] = []
        totals = []
        for _qclass, q, filters in QUERIES:  # warm up every query once
            if backend == "fts5":
                ix.search(q, filters, SCOPE)
            else:
                ix.search(SearchRequest(q, scope=SCOPE, **filters))
        for _ in range(repeat):
            for qclass, q, filters in QUERIES:
                t = time.perf_counter()
                c = time.process_time()
                if backend == "fts5":
                    total, _rows = ix.search(q, filters, SCOPE)
                else:
                    total = ix.search(SearchRequest(q, scope=SCOPE, **filters)).total
                latencies.setdefault(qclass, []).append((time.perf_counter() - t) * 1000)
                cpu.append((time.process_time() - c) * 1000)
                totals.append(total)
        all_lat = [x for v in latencies.values() for x in v]
        row = {
            "size": size,
            "backend": backend,
            "index_s": index_s,
            "pages_s": size / index_s,
            "pages_cpu_s": size / index_cpu,
            "p50": pct(all_lat, 0.5),
            "p95": pct(all_lat, 0.95),
            "cpu50": pct(cpu, 0.5),
            "cpu95": pct(cpu, 0.95),
            "classes": {k: (pct(v, 0.5), pct(v, 0.95)) for k, v in latencies.items()},
        }
        rows.append(row)
        ix.close()
        print(
            f"  {backend:<12} indexed in {index_s:6.1f}s ({row['pages_s']:6.0f} pages/s); "
            f"all queries p50 {row['p50']:.1f} ms p95 {row['p95']:.1f} ms "
            f"(cpu p50 {row['cpu50']:.1f} ms p95 {row['cpu95']:.1f} ms; "
            f"indexing {row['pages_cpu_s']:.0f} pages per cpu second)",
            flush=True,
        )
    return rows


def print_table(rows: list[dict]) -> None:
    classes = [c for c in dict.fromkeys(q[0] for q in QUERIES)]
    header = (
        f"{'pages':>7} {'backend':<12} {'index p/s':>9} {'p/cpu-s':>8} {'all p50/p95 ms':>15} {'cpu p50/p95':>13}"
        + "".join(f" {c + ' p50/p95':>22}" for c in classes)
    )
    print("\n" + header)
    print("-" * len(header))
    for r in rows:
        line = f"{r['size']:>7} {r['backend']:<12} {r['pages_s']:>9.0f} {r['pages_cpu_s']:>8.0f}"
        line += f" {r['p50']:>7.1f}/{r['p95']:<7.1f}"
        line += f" {r['cpu50']:>6.1f}/{r['cpu95']:<6.1f}"
        for c in classes:
            p50, p95 = r["classes"][c]
            line += f" {p50:>14.1f}/{p95:<7.1f}"
        print(line)
    print("\nLatency is per SearchRequest end to end (parse, scope, filters, facets, top-20 hits with snippets);")
    print("sqlite-fts5 is the reference: MATCH + count(*) + snippet(), no facets, no exact-diacritic ranking.")
    print("cpu = process CPU time per query, p/cpu-s = pages per CPU second of indexing (all threads):")
    print("the figures to compare when other work shares the machine (postgres: this process only, not the server).")
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument(
        "--backends",
        default="tantivy,fts5,whoosh",
        help="comma-separated: tantivy, fts5, whoosh, postgres (HOSO_BENCH_POSTGRES)",
    )
    ap.add_argument("--backend", default=None, help="one backend (instead of --backends)")
    ap.add_argument("--repeat", type=int, default=10, help="runs of the whole query set per backend")
    ap.add_argument("--workdir", default=None, help="where to build indexes (default: a temporary folder)")
    ap.add_argument(
        "--reuse",
        action="store_true",
        help="open an index of the same size already built in --workdir instead of building it",
    )
    args = ap.parse_args()
    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="search-bench-"))
    rows = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            backends = [args.backend] if args.backend else args.backends.split(",")
            rows += run(size, backends, args.repeat, workdir, args.reuse)
            print_table(rows)  # the table so far, then again with every size
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
