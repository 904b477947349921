"""The statistics commands: `hoso report ...`, `hoso hearings ...`, `hoso targets ...`, `hoso files ...`.

Commands run as the system (every unit, audit rows naming the `--by` person) unless `--as USERNAME` says whose
rights to use: then they write only what that account may, and the audit rows name it.

Commands import the rooms they use inside themselves, for a quick start (archive/cli/__init__.py).
"""

from __future__ import annotations

import json
import sys
import unicodedata
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import typer
from rich.table import Table

from archive.cli.console import emit_json, err, fail, open_archive, out

report_app = typer.Typer(help="Báo cáo thống kê số hóa", no_args_is_help=True)
hearings_app = typer.Typer(help="Phiên tòa và việc sử dụng chứng cứ số hóa", no_args_is_help=True)
targets_app = typer.Typer(help="Chỉ tiêu giao theo năm và đơn vị", no_args_is_help=True)
files_app = typer.Typer(help="Xác nhận hồ sơ vụ án đã số hóa xong", no_args_is_help=True)

FORMATS = ("table", "json", "csv", "xlsx")
UNIT_OPTION = typer.Option(None, "--unit", help="Mã đơn vị (mặc định: toàn ngành)")
PERIOD_OPTION = typer.Option(None, "--period", help="2023 (năm thống kê), 2023-H1, 2023-H2 hoặc 2023-06")
FROM_OPTION = typer.Option(None, "--from", help="Từ ngày (YYYY-MM-DD)")
TO_OPTION = typer.Option(None, "--to", help="Đến ngày (YYYY-MM-DD)")
AS_OPTION = typer.Option(None, "--as", help="Thực hiện với quyền của tài khoản này (mặc định: hệ thống)")


def acting_account(archive, username: str | None) -> tuple[object, str | None, AbstractContextManager]:
    """(visibility, own unit code, audit context) of the account named by `--as`; the system without one."""
    if not username:
        return None, None, nullcontext()
    from sqlalchemy import select

    from archive.records.models import User
    from archive.trust.access import visibility
    from archive.trust.audit import AuditContext, acting_as

    with archive.session() as session:
        user = session.scalar(select(User).where(User.username == nfc(username), User.active.is_(True)))
        if user is None:
            archive.close()
            fail(f"không có tài khoản đang hoạt động '{username}'")
        unit = user.unit.code if user.unit else None
        vis = visibility(session, user)
        context = AuditContext(actor=user.username, role=user.role, unit=unit, client="cli")
    return vis, (None if vis.everything else unit), acting_as(context)


def nfc(value: str | None) -> str | None:
    return unicodedata.normalize("NFC", value.strip()) if value else value


def period_of(period: str | None, start: str | None, end: str | None):
    from archive.statistics.periods import parse_period

    return parse_period(period, start, end)


def write(text: str | bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if isinstance(text, str) else text.decode("utf-8"))
        return
    try:
        if isinstance(text, bytes):
            output.write_bytes(text)
        else:
            output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"không ghi được tệp {output}: {exc.strerror}")
    err.print(f"Đã ghi {output}", highlight=False)


def read_csv(file: Path) -> str:
    """The list in a CSV (UTF-8) or XLSX file, as CSV text."""
    from archive.statistics.csvinput import CsvError
    from archive.statistics.sheets import is_xlsx, table_text

    if not file.is_file():
        fail(f"không tìm thấy tệp {file}")
    try:
        data = file.read_bytes()
    except OSError as exc:
        fail(f"không đọc được tệp {file}: {exc.strerror}")
    if not is_xlsx(data):
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError:
            fail(f"{file.name}: tệp CSV phải được mã hóa UTF-8")
    try:
        return table_text(data)
    except CsvError as exc:
        fail(f"{file.name}: {exc}")


def percent(value, trim: bool = False) -> str:
    from archive.statistics.formatting import percent as vietnamese

    return vietnamese(value, trim=trim)


def met_text(value) -> str:
    return "—" if value is None else ("[green]Đạt[/green]" if value else "[red]Không đạt[/red]")


def print_report(report: dict) -> None:
    from archive.statistics import formatting as fmt
    from archive.statistics import wording

    status = "đã ký duyệt" if report["status"] == "signed" else "bản nháp"
    table = Table(
        title=f"Số hóa — {report['unit'] or ''} {report['unit_name']} — {report['period']} "
        f"({fmt.date(report['from'])} đến {fmt.date(report['to'])}) — {status}"
    )
    for column in ("Chỉ tiêu", "Tử số", "Mẫu số", "Tỷ lệ", "Chỉ tiêu giao", "Kết quả"):
        table.add_column(column)
    for row in report["indicators"]:
        table.add_row(
            row["label"],
            fmt.number(row["numerator"]),
            fmt.number(row["denominator"]),
            percent(row["ratio"]),
            percent(row["target"], trim=True),
            met_text(row["met"]),
        )
    out.print(table)
    figures = report["figures"]
    out.print(
        f"Trang đã số hóa trong kỳ: {fmt.number(figures['pages_digitised'])}; tài liệu chờ nhận dạng: "
        f"{fmt.number(figures['ocr_backlog']['queued'])}, đang xử lý: "
        f"{fmt.number(figures['ocr_backlog']['processing'])}, thất bại: {fmt.number(figures['ocr_failed'])}",
        highlight=False,
    )
    signoff = report.get("signoff")
    if signoff:
        out.print(
            f"Ký duyệt bởi {signoff['signed_by']} lúc {fmt.moment(signoff['signed_at'])} "
            f"(SHA-256 {signoff['sha256'][:16]}…)",
            highlight=False,
        )
        for change in signoff["differences"]:
            out.print(f"[yellow]Thay đổi sau ký duyệt:[/yellow] {wording.change_sentence(change)}", highlight=False)
    units = report.get("units") or []
    if units:
        sub = Table(title="Theo đơn vị")
        sub.add_column("Đơn vị")
        for row in report["indicators"]:
            sub.add_column(wording.indicator_short(row["code"]))
        for unit in units:
            sub.add_row(
                f"{unit['code']} {unit['name']}",
                *[
                    f"{fmt.fraction(r['numerator'], r['denominator'])} {percent(r['ratio'])}"
                    for r in unit["indicators"]
                ],
            )
        out.print(sub)


@report_app.command("digitisation")
def digitisation(
    unit: str = UNIT_OPTION,
    period: str = PERIOD_OPTION,
    start: str = FROM_OPTION,
    end: str = TO_OPTION,
    fmt: str = typer.Option("table", "--format", help="table, json, csv hoặc xlsx"),
    output: Path = typer.Option(None, "--output", "-o", help="Tệp kết quả (bắt buộc với xlsx)"),
    with_cases: bool = typer.Option(False, "--cases", help="Kèm danh sách vụ án của từng số liệu (JSON)"),
) -> None:
    """Báo cáo tỷ lệ số hóa theo đơn vị và kỳ thống kê."""
    from archive.statistics.export import to_csv, to_json, to_xlsx
    from archive.statistics.report import build_report, report_cases
    from archive.trust.audit import record

    if fmt not in FORMATS:
        fail(f"định dạng không hợp lệ '{fmt}' (table, json, csv, xlsx)")
    if fmt == "xlsx" and output is None:
        fail("định dạng xlsx cần --output TỆP.xlsx")
    chosen = period_of(period, start, end)
    archive = open_archive()
    try:
        report = build_report(archive, chosen, nfc(unit), with_cases=with_cases)
        cases = report_cases(archive, chosen, nfc(unit)) if fmt == "xlsx" else None
        if fmt != "table":
            with archive.transaction() as session:
                record(
                    session,
                    f"export.report_{fmt}",
                    None,
                    detail={
                        "unit": report["unit"],
                        "from": report["from"],
                        "to": report["to"],
                        "cases": with_cases,
                        "output": str(output) if output else None,
                    },
                )
    finally:
        archive.close()
    if fmt == "json":
        write(to_json(report) + "\n", output)
    elif fmt == "csv":
        write(to_csv(report), output)
    elif fmt == "xlsx":
        write(to_xlsx(report, cases), output)
    else:
        print_report(report)


@report_app.command("cases")
def cases_command(
    indicator: str = typer.Argument(..., help="Mã chỉ tiêu"),
    unit: str = UNIT_OPTION,
    period: str = PERIOD_OPTION,
    start: str = FROM_OPTION,
    end: str = TO_OPTION,
    part: str = typer.Option("denominator", "--part", help="denominator, numerator hoặc missing"),
    as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON"),
) -> None:
    """Danh sách vụ án đứng sau một số liệu (tử số, mẫu số, hoặc chưa đạt)."""
    from archive.statistics.definitions import BY_CODE
    from archive.statistics.report import report_cases

    if indicator not in BY_CODE:
        fail(f"không có chỉ tiêu '{indicator}' (có: {', '.join(BY_CODE)})")
    if part not in ("denominator", "numerator", "missing"):
        fail(f"phần không hợp lệ '{part}' (denominator, numerator, missing)")
    chosen = period_of(period, start, end)
    archive = open_archive()
    try:
        rows = report_cases(archive, chosen, nfc(unit), indicator, part)[indicator]
    finally:
        archive.close()
    if as_json:
        data = {
            "indicator": indicator,
            "part": part,
            "unit": unit,
            "from": chosen.start.isoformat(),
            "to": chosen.end.isoformat(),
            "cases": rows,
        }
        emit_json(data)
        return
    table = Table(title=f"{BY_CODE[indicator].label} — {len(rows)} vụ án")
    for column in ("Vụ án", "Đơn vị", "Loại", "Thụ lý", "Xét xử", "Bút lục", "Trang", "Đã số hóa", "Tính vào tử số"):
        table.add_column(column)
    from archive.statistics import formatting as fmt
    from archive.statistics import wording

    for row in rows:
        table.add_row(
            row["case"],
            row["unit"] or "",
            wording.kind(row["kind"]),
            fmt.date(row["registered_on"]),
            fmt.date(row["trial_on"]),
            fmt.number(row["folios"]),
            fmt.number(row["pages_done"]),
            fmt.yes_no(row["digitised"]),
            fmt.yes_no(row["in_numerator"]),
        )
    out.print(table)


@report_app.command("consistency")
def consistency(
    unit: str = UNIT_OPTION,
    period: str = PERIOD_OPTION,
    start: str = FROM_OPTION,
    end: str = TO_OPTION,
    as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON"),
) -> None:
    """Tính lại mọi số liệu theo hai cách độc lập; báo lỗi (mã thoát 1) nếu có chênh lệch."""
    from archive.statistics.consistency import check

    chosen = period_of(period, start, end)
    archive = open_archive()
    try:
        result = check(archive, chosen, nfc(unit))
    finally:
        archive.close()
    if as_json:
        emit_json(result)
    else:
        from archive.statistics import wording

        out.print(
            f"Đã đối chiếu {result['checked']} số liệu: {len(result['differences'])} chênh lệch.", highlight=False
        )
        for diff in result["differences"]:
            out.print(
                f"[red]{diff['unit'] or 'toàn ngành'} — {wording.indicator_short(diff['indicator'])} "
                f"({wording.PART_LABELS[diff['part']].lower()}): tổng hợp "
                f"{diff['aggregate']}, theo từng vụ {diff['per_case']}[/red] — chỉ ở tổng hợp: "
                f"{', '.join(diff['only_aggregate']) or '—'}; chỉ ở danh sách: "
                f"{', '.join(diff['only_per_case']) or '—'}",
                highlight=False,
            )
    if not result["consistent"]:
        raise typer.Exit(1)


@report_app.command("signoff")
def signoff(
    unit: str = UNIT_OPTION,
    period: str = PERIOD_OPTION,
    start: str = FROM_OPTION,
    end: str = TO_OPTION,
    by: str = typer.Option(..., "--by", help="Họ tên người ký duyệt"),
    role: str = typer.Option(..., "--role", help="Vai trò của người ký (phải là unit_head)"),
    signer_unit: str = typer.Option(None, "--signer-unit", help="Đơn vị của người ký"),
    reason: str = typer.Option(None, "--reason", help="Lý do ký lại (bắt buộc khi báo cáo đã được ký)"),
    as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON"),
) -> None:
    """Ký duyệt báo cáo: đóng băng số liệu kèm mã băm SHA-256 (chỉ lãnh đạo đơn vị)."""
    from archive.statistics.signoff import sign_off

    chosen = period_of(period, start, end)
    archive = open_archive()
    try:
        result = sign_off(archive, chosen, nfc(unit), nfc(by), role, nfc(signer_unit), reason=nfc(reason))
    finally:
        archive.close()
    if as_json:
        emit_json(result)
    else:
        from archive.statistics import formatting as fmt

        out.print(
            f"Đã ký duyệt báo cáo {unit or 'toàn ngành'} {fmt.date(result['from'])}–{fmt.date(result['to'])} bởi "
            f"{result['signed_by']}; SHA-256 {result['sha256']}",
            highlight=False,
        )


@report_app.command("reconcile")
def reconcile(
    file: Path = typer.Argument(
        None,
        help="CSV của tòa án: case,tried_on,digital_evidence (nạp trước khi "
        "đối chiếu; bỏ trống để dùng số liệu đã nạp)",
    ),
    unit: str = UNIT_OPTION,
    period: str = PERIOD_OPTION,
    start: str = FROM_OPTION,
    end: str = TO_OPTION,
    as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON"),
    account: str = AS_OPTION,
) -> None:
    """Đối chiếu với số liệu của tòa án: liệt kê các vụ án hai bên không khớp."""
    from archive.statistics.csvinput import CsvError
    from archive.statistics.reconcile import import_court_figures
    from archive.statistics.reconcile import reconcile as run

    chosen = period_of(period, start, end)
    text = read_csv(file) if file is not None else None
    archive = open_archive()
    vis, own_unit, acting = acting_account(archive, account)
    try:
        with acting:
            if text is not None:
                import_court_figures(archive, text, chosen, vis, own_unit)
            result = run(archive, chosen, nfc(unit), vis)
    except CsvError as exc:
        fail(f"{file.name}: không nhập được, không có dòng nào được ghi ({len(exc.problems)} lỗi)", exc.problems)
    finally:
        archive.close()
    if as_json:
        emit_json(result)
        return
    from archive.statistics.reconcile import side_text

    out.print(
        f"Tòa án: {result['court']['tried']} vụ đã xét xử, {result['court']['digital_evidence']} có chứng cứ số "
        f"hóa; viện kiểm sát: {result['procuracy']['tried']} vụ, {result['procuracy']['digital_evidence']} có "
        f"chứng cứ số hóa.",
        highlight=False,
    )
    table = Table(title=f"{len(result['disagreements'])} vụ án không khớp")
    for column in ("Vụ án", "Đơn vị", "Chênh lệch", "Tòa án", "Viện kiểm sát", "Cần làm"):
        table.add_column(column)
    for row in result["disagreements"]:
        table.add_row(
            row["case"],
            row["unit"] or "",
            row["explanation"],
            side_text(row["court"]),
            side_text(row["procuracy"]),
            row["action"],
        )
    out.print(table)


@hearings_app.command("import")
def hearings_import(
    file: Path = typer.Argument(..., help="CSV hoặc XLSX: case,held_on,digital_evidence (yes/no)"),
    by: str = typer.Option(None, "--by", help="Người nhập"),
    as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON"),
    account: str = AS_OPTION,
) -> None:
    """Nhập danh sách phiên tòa từ CSV (tất cả các dòng hoặc không dòng nào)."""
    from archive.statistics.csvinput import CsvError
    from archive.statistics.hearings import import_hearings

    text = read_csv(file)
    archive = open_archive()
    vis, _, acting = acting_account(archive, account)
    try:
        with acting:
            result = import_hearings(archive, text, nfc(by), vis)
    except CsvError as exc:
        fail(f"{file.name}: không nhập được, không có dòng nào được ghi ({len(exc.problems)} lỗi)", exc.problems)
    finally:
        archive.close()
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    else:
        out.print(
            f"Đã nhập {result['rows']} phiên tòa: thêm {result['created']}, cập nhật {result['updated']}.",
            highlight=False,
        )


@hearings_app.command("record")
def hearings_record(
    case: str = typer.Argument(..., help="Mã vụ án"),
    held_on: str = typer.Argument(..., help="Ngày xét xử (YYYY-MM-DD)"),
    digital: bool = typer.Option(..., "--digital/--no-digital", help="Có/không sử dụng chứng cứ số hóa"),
    by: str = typer.Option(..., "--by", help="Người ghi nhận"),
    account: str = AS_OPTION,
) -> None:
    """Ghi nhận một phiên tòa và việc có sử dụng chứng cứ số hóa."""
    from archive.statistics.hearings import record_hearing
    from archive.statistics.periods import parse_date

    day = parse_date(held_on)
    archive = open_archive()
    vis, _, acting = acting_account(archive, account)
    try:
        with acting:
            result = record_hearing(archive, nfc(case), day, digital, nfc(by), vis)
    finally:
        archive.close()
    out.print(
        f"Đã ghi nhận phiên tòa {result['case']} ngày {day:%d/%m/%Y}: "
        f"{'có' if digital else 'không'} sử dụng chứng cứ số hóa.",
        highlight=False,
    )


@files_app.command("mark-digitised")
def mark_digitised(
    case: str = typer.Argument(..., help="Mã vụ án"),
    by: str = typer.Option(..., "--by", help="Người xác nhận"),
    undo: bool = typer.Option(False, "--undo", help="Bỏ xác nhận"),
    account: str = AS_OPTION,
) -> None:
    """Xác nhận hồ sơ vụ án đã số hóa đầy đủ (ghi lại người xác nhận và thời điểm)."""
    from archive.statistics.hearings import mark_digitised as mark

    archive = open_archive()
    vis, _, acting = acting_account(archive, account)
    try:
        with acting:
            result = mark(archive, nfc(case), nfc(by), complete=not undo, vis=vis)
    finally:
        archive.close()
    from archive.statistics.formatting import moment

    if undo:
        out.print(f"Đã bỏ xác nhận số hóa hồ sơ {result['case']}.", highlight=False)
    else:
        out.print(
            f"Hồ sơ {result['case']} được xác nhận đã số hóa bởi {result['marked_by']} "
            f"lúc {moment(result['marked_at'])}.",
            highlight=False,
        )


@targets_app.command("set")
def targets_set(
    indicator: str = typer.Argument(..., help="Mã chỉ tiêu"),
    value: str = typer.Argument(..., help="Tỷ lệ: 0.3 hoặc 30%"),
    year: int = typer.Option(..., "--year", help="Năm thống kê"),
    unit: str = typer.Option(None, "--unit", help="Mã đơn vị (bỏ trống: mọi đơn vị)"),
    by: str = typer.Option(None, "--by", help="Người đặt chỉ tiêu"),
    account: str = AS_OPTION,
) -> None:
    """Đặt chỉ tiêu của một năm, cho mọi đơn vị hoặc một đơn vị."""
    from archive.statistics.targets import set_target

    archive = open_archive()
    vis, _, acting = acting_account(archive, account)
    try:
        with acting:
            result = set_target(archive, indicator, value, year, nfc(unit), nfc(by), vis)
    finally:
        archive.close()
    from archive.statistics.wording import indicator_short

    out.print(
        f"Chỉ tiêu «{indicator_short(result['indicator'])}» năm {result['year']} "
        f"({result['unit'] or 'mọi đơn vị'}): {percent(result['target'], trim=True)}",
        highlight=False,
    )


@targets_app.command("list")
def targets_list(
    year: int = typer.Option(None, "--year", help="Năm thống kê (mặc định: năm hiện tại)"),
    as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON"),
) -> None:
    """Liệt kê chỉ tiêu của một năm."""
    from archive.statistics.periods import parse_period
    from archive.statistics.targets import list_targets

    chosen = year or parse_period().year
    archive = open_archive()
    try:
        rows = list_targets(archive, chosen)
    finally:
        archive.close()
    if as_json:
        emit_json(rows)
        return
    table = Table(title=f"Chỉ tiêu năm thống kê {chosen}")
    for column in ("Chỉ tiêu", "Đơn vị", "Tỷ lệ", "Nguồn"):
        table.add_column(column)
    from archive.statistics.wording import TARGET_SOURCES, indicator_short

    for row in rows:
        table.add_row(
            indicator_short(row["indicator"]),
            row["unit"] or "mọi đơn vị",
            percent(row["target"], trim=True),
            TARGET_SOURCES[row["source"]],
        )
    out.print(table)
