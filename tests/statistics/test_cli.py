"""The statistics commands through the `hoso` entry point (a few real subprocesses) and typer's runner."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from archive.cli.main import app
from tests.statistics import register as hand

ROOT = Path(__file__).resolve().parents[2]
HOSO = ROOT / ".venv" / "bin" / "hoso"


def run_hoso(settings, *args: str) -> subprocess.CompletedProcess:
    command = [str(HOSO)] if HOSO.exists() else [sys.executable, "-m", "archive.cli"]
    env = os.environ | {"HOSO_HOME": str(settings.home), "COLUMNS": "200"}
    env.pop("HOSO_DATABASE_URL", None)
    return subprocess.run([*command, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


@pytest.fixture
def cli(registered):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args), env={"COLUMNS": "200"})

    return invoke


def test_report_json_through_entry_point(registered, settings):
    done = run_hoso(settings, "report", "digitisation", "--unit", "BN", "--period", "2023", "--format", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert (report["unit"], report["from"], report["to"], report["status"]) == (
        "BN",
        "2022-12-01",
        "2023-11-30",
        "draft",
    )
    assert {r["code"]: (r["numerator"], r["denominator"]) for r in report["indicators"]} == hand.EXPECTED["BN"]
    assert set(report["indicators"][0]) >= {"code", "label", "numerator", "denominator", "ratio", "target", "met"}


def test_xlsx_written(cli, tmp_path):
    target = tmp_path / "bao-cao.xlsx"
    result = cli(
        "report",
        "digitisation",
        "--unit",
        "HN",
        "--from",
        "2022-12-01",
        "--to",
        "2023-11-30",
        "--format",
        "xlsx",
        "--output",
        str(target),
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(io.BytesIO(target.read_bytes()))
    assert book.sheetnames == ["Tổng hợp", "Tỉnh", "Khu vực", "Vụ án"]
    assert [r[1] for r in book["Vụ án"].iter_rows(min_row=2, values_only=True)] == ["C6", "H8", "D6", "C6"]


def test_bad_hearings_file_rejected_whole(cli, tmp_path):
    bad = tmp_path / "phien-toa.csv"
    bad.write_text("case,held_on,digital_evidence\nH6,2023-05-20,yes\nZZ,2023-05-20,yes\n", encoding="utf-8")
    result = cli("hearings", "import", str(bad))
    assert result.exit_code == 1
    lines = [line.strip() for line in result.output.strip().splitlines()]
    assert lines == [
        "dòng 3: không có vụ án 'ZZ'",
        "Lỗi: phien-toa.csv: không nhập được, không có dòng nào được ghi (1 lỗi)",
    ]
    assert (
        "H6"
        not in cli(
            "report", "cases", "criminal_hearings_digital_evidence", "--period", "2023", "--part", "numerator", "--json"
        ).output
    )


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("report", "digitisation", "--period", "2023-13"), "kỳ thống kê không hợp lệ '2023-13'"),
        (("report", "digitisation", "--unit", "XX"), "không có đơn vị 'XX'"),
        (("report", "digitisation", "--format", "pdf"), "định dạng không hợp lệ 'pdf'"),
        (("report", "digitisation", "--format", "xlsx"), "định dạng xlsx cần --output TỆP.xlsx"),
        (("report", "digitisation", "--from", "2023-01-01"), "cần cả --from và --to"),
        (("report", "cases", "khong_co"), "không có chỉ tiêu 'khong_co'"),
        (("report", "signoff", "--unit", "BN", "--by", "A", "--role", "statistician"), "chỉ lãnh đạo đơn vị"),
        (("targets", "set", "khong_co", "0.3", "--year", "2023"), "không có chỉ tiêu 'khong_co'"),
        (("targets", "set", hand.CIVIL, "abc", "--year", "2023"), "chỉ tiêu không hợp lệ 'abc'"),
        (("hearings", "import", "/khong/co.csv"), "không tìm thấy tệp /khong/co.csv"),
        (("hearings", "record", "ZZ", "2023-01-01", "--digital", "--by", "A"), "không có vụ án 'ZZ'"),
        (("files", "mark-digitised", "ZZ", "--by", "A"), "không có vụ án 'ZZ'"),
    ],
)
def test_bad_input_one_line_reason(cli, args, reason):
    result = cli(*args)
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith(f"Lỗi: {reason}")


def test_commands_in_process(cli, tmp_path):
    result = cli("report", "digitisation", "--unit", "BN", "--period", "2023")
    assert result.exit_code == 0 and "Bắc Ninh" in result.output and "bản nháp" in result.output
    result = cli("report", "digitisation", "--unit", "BN", "--period", "2023", "--format", "csv")
    assert result.output.splitlines()[0].startswith("Mã đơn vị,Tên đơn vị,Cấp")
    result = cli("report", "digitisation", "--unit", "BN", "--period", "2023", "--format", "json", "--cases")
    assert json.loads(result.output)["cases"][hand.CIVIL] == hand.BN_CASES[hand.CIVIL]
    result = cli("report", "cases", hand.CRIMINAL, "--unit", "BN", "--period", "2023", "--part", "missing", "--json")
    assert [r["case"] for r in json.loads(result.output)["cases"]] == ["C5", "H2", "H6", "H7"]
    result = cli("report", "consistency", "--period", "2023", "--json")
    assert result.exit_code == 0 and json.loads(result.output)["consistent"] is True
    result = cli("targets", "set", hand.CRIMINAL, "45%", "--year", "2023", "--unit", "BN")
    assert result.exit_code == 0, result.output
    result = cli("targets", "list", "--year", "2023", "--json")
    assert {"indicator": hand.CRIMINAL, "year": 2023, "unit": "BN", "target": 0.45, "source": "unit"} in json.loads(
        result.output
    )
    hearings = tmp_path / "h.csv"
    hearings.write_text("case,held_on,digital_evidence\nH6,2023-05-20,yes\n", encoding="utf-8")
    result = cli("hearings", "import", str(hearings), "--by", "Phạm Thu Hà", "--json")
    assert json.loads(result.output) == {"rows": 1, "created": 1, "updated": 0}
    result = cli(
        "report",
        "signoff",
        "--unit",
        "BN",
        "--period",
        "2023",
        "--by",
        "Hoàng Văn Dũng",
        "--role",
        "unit_head",
        "--json",
    )
    assert result.exit_code == 0 and len(json.loads(result.output)["sha256"]) == 64
    assert cli("files", "mark-digitised", "D2", "--by", "Nguyễn Văn An").exit_code == 0
    report = json.loads(cli("report", "digitisation", "--unit", "BN", "--period", "2023", "--format", "json").output)
    assert report["status"] == "signed" and report["signoff"]["changed"] is True
    criminal = next(r for r in report["indicators"] if r["code"] == hand.CRIMINAL)
    assert (criminal["numerator"], criminal["denominator"], criminal["target"], criminal["met"]) == (4, 7, 0.45, True)
