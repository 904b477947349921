"""The `hoso audit` commands: prove the chain unbroken (or name the first broken row), export rows.

Commands import the rooms they use inside themselves, for a quick start (archive/cli/__init__.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from archive.cli.console import emit_json, err, fail, open_archive, out, progress_bar
from archive.trust.audit_view import PROBLEM_LABELS

audit_app = typer.Typer(help="Nhật ký truy cập và thay đổi (chuỗi băm)", no_args_is_help=True)


@audit_app.command("verify")
def verify(as_json: bool = typer.Option(False, "--json", help="In kết quả dạng JSON")) -> None:
    """Kiểm tra toàn bộ chuỗi băm của nhật ký; báo dòng hỏng đầu tiên (sửa, xóa, chèn, cắt đuôi)."""
    from archive.trust.audit import verify as verify_chain

    archive = open_archive()
    try:
        with progress_bar() as progress:
            progress.add_task("Kiểm tra chuỗi nhật ký", total=None)
            archive.access_log.flush()  # spools left by servers that stopped
            with archive.session() as session:
                result = verify_chain(session)
    finally:
        archive.close()
    if as_json:
        emit_json(result.to_json())
    elif result.ok:
        out.print(
            f"Chuỗi nhật ký nguyên vẹn: {result.rows:,} dòng".replace(",", ".")
            + f", đầu chuỗi #{result.head_seq} {result.head_hash[:16]}…",
            highlight=False,
        )
    else:
        where = f"dòng #{result.broken_seq}" if result.broken_seq else "cuối chuỗi"
        problem = PROBLEM_LABELS.get(result.problem, result.problem)
        err.print(f"[red]Chuỗi nhật ký bị phá vỡ tại {where}:[/red] {problem}", highlight=False)
    if not result.ok:
        raise typer.Exit(1)


@audit_app.command("export")
def export(
    case: str = typer.Option(None, "--case", help="Mã vụ án: ai đã xem chứng cứ của vụ án này"),
    account: str = typer.Option(None, "--account", help="Tên đăng nhập"),
    action: str = typer.Option(None, "--action", help="Hành động (vd. page.image.view, hoặc export.)"),
    date_from: str = typer.Option(None, "--from", help="Từ ngày (YYYY-MM-DD)"),
    date_to: str = typer.Option(None, "--to", help="Đến ngày (YYYY-MM-DD)"),
    fmt: str = typer.Option("csv", "--format", help="csv | json"),
    output: Path = typer.Option(None, "--output", "-o", help="Ghi ra tệp thay vì màn hình"),
) -> None:
    """Xuất các dòng nhật ký (mới nhất trước) theo vụ án, tài khoản, hành động, ngày."""
    from archive.trust.audit import record
    from archive.trust.audit_query import MAX_ROWS, AuditFilter, row_json, rows, to_csv

    if fmt not in ("csv", "json"):
        fail("Định dạng phải là csv hoặc json")
    wanted = AuditFilter(
        case=case, account=account, action=action, date_from=_date(date_from, "--from"), date_to=_date(date_to, "--to")
    )
    archive = open_archive()
    try:
        archive.access_log.flush()
        with archive.transaction() as session:
            total, found = rows(session, wanted, limit=MAX_ROWS)
            text = to_csv(found) if fmt == "csv" else None
            data = {"total": total, "rows": [row_json(r) for r in found]} if fmt == "json" else None
            record(
                session,
                f"export.audit_{fmt}",
                None,
                detail={"rows": len(found), "filter": {k: str(v) for k, v in vars(wanted).items() if v is not None}},
            )
    finally:
        archive.close()
    if output is not None:
        if fmt == "csv":
            output.write_text(text, encoding="utf-8")
        else:
            import json

            output.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        err.print(f"Đã ghi {len(found)} dòng vào {output}", highlight=False)
    elif fmt == "csv":
        out.file.write(text)
    else:
        emit_json(data)


def _date(value: str | None, name: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{name}: ngày không hợp lệ '{value}' (dạng YYYY-MM-DD)")
