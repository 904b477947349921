"""The `hoso` command line: serve, worker, ingest, ocr, search, verify, index maintenance.

Commands import the rooms they use inside themselves, for a quick start (archive/cli/__init__.py).
"""

from __future__ import annotations

import logging
import unicodedata
from pathlib import Path

import typer
from rich.table import Table

from archive.cli.console import HosoCommands, emit_json, err, fail, open_archive, out, progress_bar
from archive.records.models import DocumentStatus

app = typer.Typer(
    help="hoso — số hóa hồ sơ vụ án và kho chứng cứ điện tử",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    cls=HosoCommands,
)
index_app = typer.Typer(help="Quản lý chỉ mục tìm kiếm", no_args_is_help=True)
app.add_typer(index_app, name="index")
units_app = typer.Typer(help="Danh mục đơn vị", no_args_is_help=True)
app.add_typer(units_app, name="units")
cases_app = typer.Typer(help="Sổ thụ lý vụ án", no_args_is_help=True)
app.add_typer(cases_app, name="cases")
demo_app = typer.Typer(help="Dữ liệu mẫu", no_args_is_help=True)
app.add_typer(demo_app, name="demo")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Địa chỉ lắng nghe"),
    port: int = typer.Option(8000, help="Cổng"),
    workers: bool = typer.Option(True, help="Chạy tiến trình xử lý trong máy chủ này"),
    processes: int = typer.Option(
        1,
        min=1,
        help="Số tiến trình web dùng chung một cổng; lớn hơn 1 thì việc xử lý tài liệu chạy ở một tiến trình riêng",
    ),
) -> None:
    """Chạy ứng dụng web cùng các tiến trình xử lý (mặc định http://127.0.0.1:8000)."""
    from archive.cli.serving import UVICORN_OPTIONS, build_app, serve_processes

    archive = open_archive()  # migrates before the server starts, and says where the data is
    home = archive.settings.resolved_home
    where = f"dữ liệu: {home}" + (f"; tệp lưu ở {archive.blobs.describe()}" if archive.settings.blob_url else "")
    logging.getLogger("hoso").setLevel(logging.INFO)
    if processes > 1:
        where += f"; {processes} tiến trình web" + (", 1 tiến trình xử lý" if workers else "")
    err.print(f"hoso đang chạy tại http://{host}:{port}  ({where})")
    if processes == 1:
        import uvicorn

        uvicorn.run(build_app(archive, run_workers=workers), host=host, port=port, **UVICORN_OPTIONS)
        return
    archive.close()  # each web process opens its own
    serve_processes(host, port, processes, workers)


@app.command()
def worker(
    threads: int = typer.Option(0, help="Số tài liệu xử lý đồng thời (0 = theo cấu hình)"),
    watch: bool = typer.Option(False, "--watch", hidden=True, help="Theo dõi cả thư mục nạp tự động (HOSO_WATCH_DIR)"),
) -> None:
    """Chạy tiến trình xử lý hàng đợi (cấu hình nhiều máy: HOSO_QUEUE_URL=redis://...)."""
    archive = open_archive()
    logging.getLogger("hoso").setLevel(logging.INFO)
    archive.outbox.start()
    watcher = None
    if watch and archive.settings.watch_dir:
        from archive.runtime.watch import FolderWatcher

        watcher = FolderWatcher(archive, archive.settings.watch_dir, enqueue=archive.queue.enqueue)
        watcher.start()
    try:
        archive.queue.run_worker(threads or None)
    finally:
        if watcher is not None:
            watcher.stop()
        archive.close()


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Tệp, thư mục hoặc tệp ZIP"),
    case: str = typer.Option(None, "--case", help="Mã vụ án"),
    unit: str = typer.Option(None, "--unit", help="Mã đơn vị"),
    wait: bool = typer.Option(False, "--wait", help="Xử lý ngay và chờ đến khi xong"),
    as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON"),
) -> None:
    """Nạp tệp quét vào kho lưu trữ."""
    from archive.processing.ingest import Ingestor, IngestReport, expand_paths

    archive = open_archive()
    try:
        enqueue = None if wait else archive.queue.enqueue
        ingestor = Ingestor(
            archive, case_code=case, unit_code=unit, uploaded_by=archive.settings.system_account, on_created=enqueue
        )
        report = IngestReport()
        items = list(expand_paths([Path(unicodedata.normalize("NFC", str(p))) for p in paths]))
        with progress_bar() as progress:
            task = progress.add_task("Nạp tệp", total=len(items))
            ingestor.ingest_all(iter(items), report, on_item=lambda _: progress.advance(task))
            if wait:
                _process_now(archive, report, progress)
            else:
                _requeue_abandoned(archive, report)
        _refresh_statuses(archive, report)
        if as_json:
            emit_json(report.to_json())
        else:
            _print_report(report)
        if report.rejected:
            raise typer.Exit(1)
    finally:
        archive.close()


def _process_now(archive, report, progress) -> None:
    from archive.records.models import Document
    from archive.runtime.jobs import process_now, reclaim_stale

    # A duplicate left half-done by a run that was killed is taken over rather than reported and left.
    reclaim_stale(archive, sorted({item.id for item in report.documents}))
    tasks = {}
    with archive.session() as session:
        for item in report.documents:
            document = session.get(Document, item.id)
            if document.status == DocumentStatus.QUEUED and item.id not in tasks:
                tasks[item.id] = progress.add_task(f"Xử lý {item.filename[:40]}", total=document.page_count)
    process_now(
        archive,
        list(tasks),
        on_page=lambda document_id, done, total: progress.update(tasks[document_id], completed=done, total=total),
    )


def _requeue_abandoned(archive, report) -> None:
    """Queue again a duplicate that a killed run left half-done."""
    from archive.runtime.jobs import reclaim_stale

    for document_id in reclaim_stale(archive, sorted({item.id for item in report.documents})):
        archive.queue.enqueue(document_id)


def _refresh_statuses(archive, report) -> None:
    from archive.records.models import Document

    with archive.session() as session:
        for item in report.documents:
            item.status = session.get(Document, item.id).status


def _print_report(report) -> None:
    table = Table(title="Kết quả nạp tệp")
    for column in ("Mã", "Tệp", "Trạng thái", "Ghi chú"):
        table.add_column(column)
    for doc in report.documents:
        table.add_row(str(doc.id), doc.filename, doc.status, "trùng, đã có trong kho" if doc.duplicate else "")
    for rejected in report.rejected:
        table.add_row("—", rejected.filename, "[red]bị từ chối[/red]", rejected.reason)
    out.print(table)


@app.command()
def ocr(
    file: Path = typer.Argument(..., help="Ảnh hoặc PDF"),
    as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON"),
) -> None:
    """Nhận dạng chữ một tệp mà không lưu vào kho."""
    from archive.runtime.settings import Settings

    pages = _ocr_file(file, Settings())
    if as_json:
        emit_json({"pages": [page.to_json() for page in pages]})
        return
    for page in pages:
        out.rule(
            f"Trang {page.number} — độ tin cậy {page.confidence:.0%}, xoay {page.rotation}°, "
            f"nghiêng {page.skew:.1f}°, nguồn {page.source}"
        )
        out.print(page.text, highlight=False, markup=False)


def _ocr_file(file: Path, settings) -> list:
    """OCR every page of a file in parallel with a progress bar (nothing stored)."""
    from archive.messages import message, page_detail
    from archive.runtime.executor import PageExecutor
    from ocr import OcrError, OcrOptions, inspect_file

    if not file.is_file():
        fail(message("not_found", str(file)))
    try:
        info = inspect_file(file, max_pixels=settings.max_pixels, max_pages=settings.max_pages)
    except OcrError as exc:
        fail(f"{file.name}: {message(exc.code, page_detail(exc.page))}")
    executor = PageExecutor.from_settings(settings, min(settings.workers, info.page_count))
    try:
        with progress_bar() as progress:
            task = progress.add_task(f"Nhận dạng {file.name[:40]}", total=info.page_count)
            return executor.run_pages(
                file,
                info.media_type,
                range(1, info.page_count + 1),
                OcrOptions(languages=settings.ocr_languages),
                on_page=lambda _r: progress.advance(task),
            )
    except OcrError as exc:
        fail(f"{file.name}: {message(exc.code, page_detail(exc.page))}")
    finally:
        executor.shutdown()


@app.command()
def classify(
    file: Path = typer.Argument(..., help="Ảnh hoặc PDF của một văn bản"),
    as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON"),
) -> None:
    """Nhận dạng, phân loại văn bản và trích xuất số, ngày, cơ quan ban hành, số vụ án, điều luật, người."""
    from archive.classification import classify as classify_text
    from archive.classification import split_pages, to_json
    from archive.processing.learning import current_model
    from archive.runtime.settings import Settings

    pages = _ocr_file(file, Settings())
    archive = open_archive()
    try:
        model = current_model(archive)
    finally:
        archive.close()
    texts = [page.text for page in pages]
    parts = []
    for pages_range in split_pages(texts):
        result = to_json(classify_text("\n\n".join(texts[i] for i in pages_range), model))
        result["pages"] = [pages_range.start + 1, pages_range.stop]
        parts.append(result)
    data = dict(parts[0])
    if len(parts) > 1:
        data["parts"] = parts
    if as_json:
        emit_json(data)
        return
    for part in parts:
        out.rule(f"Trang {part['pages'][0]}–{part['pages'][1]}: {part['label']} ({part['confidence']:.0%})")
        for key, value in part["fields"].items():
            out.print(f"  {key}: {value}", highlight=False)


@app.command()
def search(
    query: str = typer.Argument(..., help="Từ khóa (gõ không dấu cũng được)"),
    case: str = typer.Option(None, "--case", help="Mã vụ án"),
    doc_type: str = typer.Option(None, "--type", help="Mã loại văn bản"),
    limit: int = typer.Option(20, "--limit", min=1, max=500, help="Số kết quả tối đa"),
    as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON"),
) -> None:
    """Tìm kiếm toàn văn trong kho (không phân biệt dấu)."""
    from archive.retrieval.searching import run_search

    archive = open_archive()
    try:
        result = run_search(archive, query, case=case, doc_type=doc_type, limit=limit)
    finally:
        archive.close()
    if as_json:
        emit_json(result)
        return
    out.print(f"{result['total']} trang khớp", highlight=False)
    for hit in result["hits"]:
        snippet = hit["snippet"].replace("<mark>", "[bold yellow]").replace("</mark>", "[/bold yellow]")
        out.print(
            f"[cyan]#{hit['document_id']} tr.{hit['page']}[/cyan] {hit['case'] or ''} {hit['type'] or ''} "
            f"({hit['score']:.2f})",
            highlight=False,
        )
        out.print(f"  {snippet}", highlight=False)


STATUS_LABELS = {
    "queued": "chờ xử lý",
    "processing": "đang xử lý",
    "indexing": "đang đánh chỉ mục",
    "done": "xong",
    "failed": "lỗi",
}


@app.command()
def status(as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON")) -> None:
    """Tình trạng kho: tài liệu theo trạng thái, hàng đợi cập nhật chỉ mục, đầu chuỗi nhật ký."""
    from sqlalchemy import func, select

    from archive.records.models import Document
    from archive.runtime.outbox import state
    from archive.trust.audit import chain_head

    archive = open_archive()
    try:
        with archive.session() as session:
            documents = dict(
                session.execute(select(Document.status, func.count(Document.id)).group_by(Document.status)).all()
            )
            backlog = state(session)
            seq, digest = chain_head(session)
    finally:
        archive.close()
    data = {"documents": documents, "outbox": backlog.to_json(), "audit": {"head_seq": seq, "head_hash": digest}}
    if as_json:
        emit_json(data)
        return
    shown = ", ".join(f"{STATUS_LABELS.get(k, k)} {v}" for k, v in sorted(documents.items())) or "chưa có"
    out.print(f"Tài liệu: {shown}", highlight=False)
    age = "" if backlog.oldest_seconds is None else f", cũ nhất {backlog.oldest_seconds:.0f} giây"
    out.print(
        f"Chờ cập nhật chỉ mục: {backlog.depth} tài liệu{age}"
        + (f" — [red]{backlog.failing} lần ghi lỗi, đang thử lại[/red]" if backlog.failing else ""),
        highlight=False,
    )
    out.print(f"Nhật ký: {seq} dòng, đầu chuỗi {digest[:16]}…", highlight=False)


@app.command()
def verify(as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON")) -> None:
    """Kiểm tra lại SHA-256 của mọi bản gốc; báo lỗi nếu có bản bị thay đổi hoặc mất."""
    from archive.trust.integrity import verify_originals

    archive = open_archive()
    try:
        with progress_bar() as progress:
            task = progress.add_task("Kiểm tra bản gốc", total=None)
            report = verify_originals(
                archive, on_progress=lambda done, total: progress.update(task, completed=done, total=total)
            )
    finally:
        archive.close()
    if as_json:
        emit_json(report.to_json())
    else:
        out.print(f"Đã kiểm tra {report.checked} bản gốc: {len(report.problems)} sai lệch.", highlight=False)
        for problem in report.problems:
            out.print(f"[red]#{problem.document_id} {problem.filename}: {problem.reason}[/red]", highlight=False)
    if report.problems:
        raise typer.Exit(1)


@index_app.command("rebuild")
def index_rebuild() -> None:
    """Dựng lại chỉ mục tìm kiếm từ cơ sở dữ liệu."""
    archive = open_archive()
    try:
        with progress_bar() as progress:
            task = progress.add_task("Dựng lại chỉ mục", total=None)
            count = archive.search.rebuild(
                on_progress=lambda done, total: progress.update(task, completed=done, total=total)
            )
    finally:
        archive.close()
    out.print(f"Đã đánh chỉ mục {count} trang.")


def _import_register(kind: str, file: Path, as_json: bool) -> None:
    from archive.records.registers import RegisterError, import_cases, import_units

    if not file.is_file():
        fail(f"Không tìm thấy tệp {file}")
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        fail(f"{file.name}: tệp CSV phải được mã hóa UTF-8")
    archive = open_archive()
    try:
        result = (import_units if kind == "units" else import_cases)(archive, text)
    except RegisterError as exc:
        fail(f"{file.name}: không nhập được, không có dòng nào được ghi ({len(exc.problems)} lỗi)", exc.problems)
    finally:
        archive.close()
    if as_json:
        emit_json(result.to_json())
    else:
        out.print(f"Đã thêm {result.created}, cập nhật {result.updated}.")


@units_app.command("import")
def units_import(
    file: Path = typer.Argument(..., help="CSV: code,name,level,parent,valid_from,valid_to,successor"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Nhập danh mục đơn vị từ CSV."""
    _import_register("units", file, as_json)


@cases_app.command("import")
def cases_import(
    file: Path = typer.Argument(..., help="CSV: code,unit,kind,title,registered_on,trial_on,corruption,folios"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Nhập sổ thụ lý vụ án từ CSV."""
    _import_register("cases", file, as_json)


def _save_case(code: str, changes: dict, create: bool, restricted: bool | None) -> None:
    from archive.records.registers import save_case

    archive = open_archive()
    try:
        case = save_case(archive, code, changes, create=create, restricted=restricted)
        out.print(f"Đã {'thêm' if create else 'cập nhật'} vụ án {case.code}: {case.title}", highlight=False)
    finally:
        archive.close()


@cases_app.command("add")
def cases_add(
    code: str = typer.Argument(..., help="Mã vụ án"),
    unit: str = typer.Option(..., "--unit", help="Mã đơn vị"),
    kind: str = typer.Option(..., "--kind", help="HS, DS, HC, KDTM, LĐ, HNGĐ"),
    title: str = typer.Option("", "--title", help="Tên vụ án"),
    registered_on: str = typer.Option("", "--registered-on", help="Ngày thụ lý (YYYY-MM-DD)"),
    trial_on: str = typer.Option("", "--trial-on", help="Ngày đưa ra xét xử"),
    corruption: bool = typer.Option(False, "--corruption", help="Vụ án tham nhũng, chức vụ"),
    folios: str = typer.Option("", "--folios", help="Số bút lục của hồ sơ giấy"),
    restricted: bool = typer.Option(False, "--restricted", help="Chỉ người được phân công xem"),
) -> None:
    """Thêm một vụ án vào sổ thụ lý."""
    _save_case(
        code,
        {
            "unit": unit,
            "kind": kind,
            "title": title,
            "registered_on": registered_on,
            "trial_on": trial_on,
            "corruption": "yes" if corruption else "no",
            "folios": folios,
        },
        create=True,
        restricted=restricted,
    )


@cases_app.command("edit")
def cases_edit(
    code: str = typer.Argument(..., help="Mã vụ án"),
    unit: str = typer.Option(None, "--unit"),
    kind: str = typer.Option(None, "--kind"),
    title: str = typer.Option(None, "--title"),
    registered_on: str = typer.Option(None, "--registered-on"),
    trial_on: str = typer.Option(None, "--trial-on", help="Ngày đưa ra xét xử ('' để xóa)"),
    corruption: bool = typer.Option(None, "--corruption/--no-corruption"),
    folios: str = typer.Option(None, "--folios"),
    restricted: bool = typer.Option(None, "--restricted/--not-restricted"),
) -> None:
    """Sửa thông tin một vụ án (chỉ các trường được nêu)."""
    changes = {
        "unit": unit,
        "kind": kind,
        "title": title,
        "registered_on": registered_on,
        "trial_on": trial_on,
        "corruption": None if corruption is None else ("yes" if corruption else "no"),
        "folios": folios,
    }
    _save_case(code, changes, create=False, restricted=restricted)


@cases_app.command("list")
def cases_list(
    unit: str = typer.Option(None, "--unit", help="Mã đơn vị"), as_json: bool = typer.Option(False, "--json")
) -> None:
    """Liệt kê sổ thụ lý."""
    from sqlalchemy import select

    from archive.records.models import Case, Unit

    archive = open_archive()
    try:
        with archive.session() as session:
            query = select(Case).order_by(Case.code)
            if unit:
                query = query.join(Unit, Case.unit_id == Unit.id).where(Unit.code == unit)
            rows = [
                {
                    "code": c.code,
                    "unit": c.unit.code if c.unit else None,
                    "kind": c.kind,
                    "title": c.title,
                    "registered_on": c.registered_on.isoformat() if c.registered_on else None,
                    "trial_on": c.trial_on.isoformat() if c.trial_on else None,
                    "folios": c.folios,
                    "corruption": c.corruption,
                    "restricted": c.restricted,
                }
                for c in session.scalars(query)
            ]
    finally:
        archive.close()
    if as_json:
        emit_json({"cases": rows})
        return
    table = Table(title=f"Sổ thụ lý ({len(rows)} vụ án)")
    for column in ("Mã", "Đơn vị", "Loại", "Tên vụ án", "Thụ lý", "Xét xử", "Bút lục"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            r["code"],
            r["unit"] or "",
            r["kind"],
            r["title"],
            r["registered_on"] or "",
            r["trial_on"] or "",
            str(r["folios"] or ""),
        )
    out.print(table)


@demo_app.command("load")
def demo_load(
    folder: Path = typer.Argument(Path("sample_files/files"), help="Thư mục mẫu"),
    cases: int = typer.Option(0, "--cases", help="Tạo thêm bộ hồ sơ mẫu của một tỉnh với số vụ án này"),
    pages: int = typer.Option(5, "--pages", help="Số trang quét tối đa mỗi hồ sơ"),
) -> None:
    """Nạp đơn vị, vụ án và các bản quét mẫu (bỏ qua những gì đã có)."""
    from archive.cli.demo import load_demo, load_province

    archive = open_archive()
    try:
        summary = load_demo(archive, folder)
        if cases > 0:
            with progress_bar() as progress:
                task = progress.add_task("Tạo hồ sơ mẫu", total=cases)
                reading = progress.add_task("Nhận dạng hồ sơ mẫu", total=cases, visible=False)
                summary += "; " + load_province(
                    archive,
                    folder,
                    cases,
                    pages,
                    on_file=lambda done, total: progress.update(task, completed=done),
                    on_read=lambda done, total: progress.update(reading, completed=done, total=total, visible=True),
                )
    finally:
        archive.close()
    out.print(f"Dữ liệu mẫu: {summary}", highlight=False)


from archive.cli.audit import audit_app  # noqa: E402
from archive.cli.users import users_app  # noqa: E402

app.add_typer(users_app, name="users")
app.add_typer(audit_app, name="audit")


from archive.cli.statistics import files_app, hearings_app, report_app, targets_app  # noqa: E402

app.add_typer(report_app, name="report")
app.add_typer(hearings_app, name="hearings")
app.add_typer(targets_app, name="targets")
app.add_typer(files_app, name="files")

if __name__ == "__main__":
    app()
