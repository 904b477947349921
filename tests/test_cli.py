"""The `hoso` command through its entry point: JSON contracts, exit codes, progress, verify."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def hoso(settings, *args, check=False):
    env = dict(os.environ, HOSO_HOME=str(settings.home), HOSO_WORKERS="2")
    result = subprocess.run(
        [sys.executable, "-m", "archive.cli", *map(str, args)], capture_output=True, text=True, env=env, timeout=600
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_ocr_json_has_the_design_shape(settings, scans):
    result = hoso(settings, "ocr", scans["png"], "--json", check=True)
    data = json.loads(result.stdout)
    (page,) = data["pages"]
    assert page["number"] == 1
    assert page["source"] == "ocr"
    assert 0 <= page["confidence"] <= 1
    assert page["rotation"] in (0, 90, 180, 270)
    assert isinstance(page["skew"], float | int)
    assert scans["docs"]["png"].people[0][0] in page["text"]
    word = page["words"][0]
    assert set(word) == {"text", "box", "conf"} and len(word["box"]) == 4


def test_ingest_wait_then_search_without_accents(settings, scans, tmp_path):
    result = hoso(settings, "ingest", scans["png"], scans["digital_pdf"], "--wait", "--json", check=True)
    report = json.loads(result.stdout)
    assert [d["status"] for d in report["documents"]] == ["done", "done"]
    assert all(d["duplicate"] is False and len(d["sha256"]) == 64 for d in report["documents"])
    assert report["rejected"] == []
    assert "Nạp tệp" in result.stderr  # the progress bar

    found = json.loads(hoso(settings, "search", "quyet dinh khoi to bi can", "--json", check=True).stdout)
    assert found["total"] >= 1
    hit = found["hits"][0]
    assert set(hit) >= {"document_id", "case", "type", "page", "score", "snippet", "boxes"}
    assert "<mark>" in hit["snippet"]

    again = json.loads(hoso(settings, "ingest", scans["png"], "--json", check=True).stdout)
    assert again["documents"][0]["duplicate"] is True


def test_ingest_exits_non_zero_with_reasons_when_something_is_rejected(settings, scans, tmp_path):
    empty = tmp_path / "rong.pdf"
    empty.write_bytes(b"")
    result = hoso(settings, "ingest", scans["png"], empty, "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert len(report["documents"]) == 1
    assert report["rejected"] == [{"filename": "rong.pdf", "code": "empty", "reason": report["rejected"][0]["reason"]}]


@pytest.mark.parametrize("args", [("ocr", "/khong/co/tep.png"), ("ingest", "x.png", "--case", "KHONG-CO")])
def test_bad_arguments_give_one_line_reason(settings, args, tmp_path):
    result = hoso(settings, *args)
    assert result.returncode != 0
    assert result.stderr.strip().startswith("Lỗi:")
    assert "Traceback" not in result.stderr


def test_verify_detects_a_changed_original(settings, scans):
    hoso(settings, "ingest", scans["png"], check=True)
    ok = hoso(settings, "verify", "--json", check=True)
    assert json.loads(ok.stdout)["ok"] is True
    original = next(p for p in (settings.home / "originals").rglob("*") if p.is_file())
    original.chmod(0o644)
    original.write_bytes(original.read_bytes() + b"\x00")
    bad = hoso(settings, "verify", "--json")
    assert bad.returncode == 1
    problems = json.loads(bad.stdout)["problems"]
    assert len(problems) == 1 and problems[0]["found_sha256"] != problems[0]["sha256"]


def test_lost_or_corrupt_index_is_rebuilt_from_the_database(settings, scans):
    import shutil

    hoso(settings, "ingest", scans["png"], "--wait", check=True)
    (index_dir,) = settings.home.glob("index-*")
    shutil.rmtree(index_dir)
    assert json.loads(hoso(settings, "search", "bi can", "--json", check=True).stdout)["total"] == 1
    for path in index_dir.iterdir():
        if path.is_file() and path.stat().st_size > 0:
            path.write_bytes(b"\x00garbage" * 10)
    assert json.loads(hoso(settings, "search", "bi can", "--json", check=True).stdout)["total"] == 1
    rebuilt = hoso(settings, "index", "rebuild", check=True)
    assert "1 trang" in rebuilt.stdout
    assert json.loads(hoso(settings, "search", "bi can", "--json", check=True).stdout)["total"] == 1


def test_registers_import_add_and_edit(settings, tmp_path):
    units = tmp_path / "units.csv"
    units.write_text(
        "code,name,level,parent,valid_from,valid_to,successor\n"
        "BN,VKSND tỉnh Bắc Ninh,tỉnh,,1997-01-01,,\n"
        "BN-TS,VKSND thành phố Từ Sơn,huyện,BN,1999-09-01,2025-06-30,BN-KV1\n"
        "BN-KV1,VKSND khu vực 1,khu vực,BN,2025-07-01,,\n",
        encoding="utf-8",
    )
    assert json.loads(hoso(settings, "units", "import", units, "--json", check=True).stdout) == {
        "created": 3,
        "updated": 0,
    }
    cases = tmp_path / "cases.csv"
    cases.write_text(
        "code,unit,kind,title,registered_on,trial_on,corruption,folios\n"
        "HS-1,BN-TS,HS,Nguyễn Văn A - Trộm cắp,2024-01-05,2024-05-02,không,88\n"
        "HS-2,KHONG-CO,HS,Sai đơn vị,2024-01-05,,không,\n",
        encoding="utf-8",
    )
    refused = hoso(settings, "cases", "import", cases)
    assert refused.returncode == 1 and "dòng 3" in refused.stderr
    cases.write_text(cases.read_text(encoding="utf-8").replace("KHONG-CO", "BN-KV1"), encoding="utf-8")
    hoso(settings, "cases", "import", cases, check=True)
    hoso(settings, "cases", "add", "DS-9", "--unit", "BN-KV1", "--kind", "LD", "--folios", "12", check=True)
    hoso(settings, "cases", "edit", "HS-1", "--trial-on", "", "--corruption", check=True)
    listed = {c["code"]: c for c in json.loads(hoso(settings, "cases", "list", "--json", check=True).stdout)["cases"]}
    assert listed["DS-9"]["kind"] == "LĐ"
    assert listed["HS-1"]["trial_on"] is None and listed["HS-1"]["corruption"] is True
    assert hoso(settings, "cases", "edit", "KHONG-CO", "--title", "x").returncode == 1


def test_first_admin_and_accounts_from_the_command_line(settings):
    env = dict(os.environ, HOSO_HOME=str(settings.home))

    def users(*args, password=None):
        return subprocess.run(
            [sys.executable, "-m", "archive.cli", "users", *args],
            input=password,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )

    created = users("add", "quantri", "--role", "admin", "--password-stdin", password="mot-mat-khau-dai\n")
    assert created.returncode == 0, created.stderr
    short = users("add", "ngan", "--role", "admin", "--password-stdin", password="123\n")
    assert short.returncode == 1 and short.stderr.startswith("Lỗi:")
    no_unit = users("add", "ksv", "--role", "prosecutor", "--password-stdin", password="mot-mat-khau-dai\n")
    assert no_unit.returncode == 1
    listed = users("list")
    assert "quantri" in listed.stdout and "ngan" not in listed.stdout


def test_users_passwords_tokens_sessions_and_disabling_from_the_command_line(settings):
    from sqlalchemy import select

    from archive.core import Archive
    from archive.records.models import AuditEvent, User

    env = dict(os.environ, HOSO_HOME=str(settings.home))

    def users(*args, stdin=None):
        return subprocess.run(
            [sys.executable, "-m", "archive.cli", "users", *map(str, args)],
            input=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )

    for password, reason in [
        ("12345678\n", "Mật khẩu quá ngắn (tối thiểu 10 ký tự)"),
        ("98765432109\n", "Mật khẩu không được chỉ gồm chữ số"),
        ("QUANTRI_HT\n", "Mật khẩu không được trùng với tên đăng nhập hoặc họ tên"),
        ("password1234\n", "Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác"),
    ]:
        refused = users("add", "quantri_ht", "--role", "admin", "--password-stdin", stdin=password)
        assert refused.returncode == 1 and reason in refused.stderr, password
    assert users("add", "quantri_ht", "--role", "admin", "--password-stdin", stdin="mot-mat-khau-dai\n").returncode == 0
    assert users("add", "quantri_2", "--role", "admin", "--password-stdin", stdin="mot-mat-khau-dai\n").returncode == 0

    token = users("token", "quantri_ht", "--name", "máy quét", "--days", "7")
    assert token.returncode == 0 and token.stdout.startswith("hoso_")
    listed = users("tokens", "quantri_ht").stdout.splitlines()
    assert len(listed) == 1 and "máy quét" in listed[0] and listed[0].endswith("còn hiệu lực")
    token_id = listed[0].split("\t")[0]
    archive = Archive(settings)
    try:
        from archive.trust.accounts import user_for_token

        with archive.session() as s:
            assert user_for_token(s, token.stdout.strip()).username == "quantri_ht"
        assert users("revoke-token", token_id).returncode == 0
        with archive.session() as s:
            assert user_for_token(s, token.stdout.strip()) is None
        assert users("tokens").stdout.strip() == "Không có mã truy cập nào"
        assert "đã thu hồi" in users("tokens", "--all").stdout
        assert users("revoke-token", "999").stderr.startswith("Lỗi: Không tìm thấy mã truy cập")

        assert "không có phiên đăng nhập nào đang mở" in users("sessions", "quantri_ht").stdout
        assert "Đã chấm dứt 0 phiên" in users("sessions", "quantri_ht", "--revoke").stdout

        assert users("disable", "quantri_ht").returncode == 0
        assert "(đã khóa)" in users("list").stdout
        last = users("disable", "quantri_2")
        assert last.returncode == 1 and "quản trị cuối cùng" in last.stderr
        assert users("enable", "quantri_ht").returncode == 0

        weak = users("password", "quantri_ht", "--password-stdin", stdin="1234567890\n")
        assert weak.returncode == 1 and "chỉ gồm chữ số" in weak.stderr
        assert users("password", "quantri_ht", "--password-stdin", stdin="mat-khau-dat-lai\n").returncode == 0
        wrong_old = users("password", "quantri_ht", "--old", "--password-stdin", stdin="sai-roi-nhe\nmat-khau-thu-ba\n")
        assert wrong_old.returncode == 1 and "Mật khẩu hiện tại không đúng" in wrong_old.stderr
        changed = users(
            "password", "quantri_ht", "--old", "--password-stdin", stdin="mat-khau-dat-lai\nmat-khau-thu-ba\n"
        )
        assert changed.returncode == 0, changed.stderr
        assert users("edit", "quantri_2", "--role", "staff").stderr.startswith("Lỗi: Tài khoản phải thuộc một đơn vị")
        with archive.session() as s:
            from archive.trust.accounts import authenticate

            assert authenticate(s, "quantri_ht", "mat-khau-thu-ba") is not None
            assert s.scalar(select(User.active).where(User.username == "quantri_ht")) is True
            actions = set(s.scalars(select(AuditEvent.action)).all())
        assert {
            "user.create",
            "token.create",
            "token.revoke",
            "user.disable",
            "user.enable",
            "password.reset",
            "password.change",
            "session.revoke",
        } <= actions
    finally:
        archive.close()
