"""The statistics forms through real HTTP with signed-in sessions and CSRF tokens, over the hand-computed register:
each form that works moves the figure and writes the audit; a wrong one comes back in Vietnamese with what was
typed; people of other units or roles are refused, and the refusal is audited."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from archive.records.models import AuditEvent, Case, CourtFigure, Hearing, ReportSignoff
from archive.statistics import consistency, definitions
from archive.statistics.definitions import BY_CODE
from archive.trust.accounts import create_user
from tests.statistics import register as hand
from web.app import create_app

PASSWORD = "mat-khau-thong-ke"
PEOPLE = {  # username: role, unit
    "thongke_bn": ("statistician", "BN"),
    "thongke_kv1": ("statistician", "BN-KV1"),
    "truong_bn": ("unit_head", "BN"),
    "ksv_bn": ("prosecutor", "BN"),
    "quantri": ("admin", None),
}
YEAR = {"from": "2022-12-01", "to": "2023-11-30"}


@pytest.fixture
def app(registered, monkeypatch):
    import archive.trust.accounts as accounts

    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    with registered.transaction() as session:
        for username, (role, unit) in PEOPLE.items():
            create_user(session, username, PASSWORD, role, unit, full_name=f"Ông {username}")
    application = create_app(registered)
    application.state.archive = registered
    return application


@pytest.fixture
def signed_in(app):
    def make(username: str) -> TestClient:
        client = TestClient(app)
        page = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = client.post(
            "/login",
            data={"username": username, "password": PASSWORD, "csrf_token": token, "next": "/"},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text
        client.landing = response.headers["location"]
        client.csrf = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/account").text).group(1)
        client.archive = app.state.archive
        return client

    return make


def send(client, url: str, data: dict | None = None, files: dict | None = None, csrf: bool = True):
    body = dict(YEAR) | (data or {}) | ({"csrf_token": client.csrf} if csrf else {})
    return client.post(url, data=body, files=files, follow_redirects=False)


def figures(archive, unit: str = "BN") -> dict:
    from archive.statistics.periods import statistical_year
    from archive.statistics.report import build_report

    return {
        r["code"]: (r["numerator"], r["denominator"], r["met"])
        for r in build_report(archive, statistical_year(2023), unit)["indicators"]
    }


def audit(archive, action: str) -> list[tuple]:
    with archive.session() as session:
        return [
            (row.actor, row.target, row.outcome)
            for row in session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq))
        ]


def hearings_of(archive, code: str) -> list[tuple]:
    with archive.session() as session:
        return [
            (h.held_on, h.digital_evidence)
            for h in session.scalars(select(Hearing).join(Case).where(Case.code == code).order_by(Hearing.held_on))
        ]


def value_of(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    return match.group(1) if match else ""


def test_the_statistician_lands_on_statistics_others_keep_theirs(signed_in):
    assert signed_in("thongke_bn").landing == "/"
    client = signed_in("thongke_bn")
    assert client.get("/", follow_redirects=False).headers["location"] == "/statistics"
    assert signed_in("truong_bn").get("/", follow_redirects=False).headers["location"] == "/cases"
    assert signed_in("ksv_bn").get("/", follow_redirects=False).headers["location"] == "/search"
    page = client.get("/statistics", params={"period": "2023"})
    assert page.status_code == 200
    for tab in ("Báo cáo", "Cập nhật số liệu", "Chỉ tiêu", "Kiểm tra nhất quán", "Đối chiếu với Tòa án"):
        assert f">{tab}</a>" in page.text
    assert "VKSND khu vực" in page.text and ">regional<" not in page.text  # unit levels in words
    assert "42,9%" in page.text and "0.4286" not in page.text


def test_recording_a_hearing_moves_the_figure_and_is_audited(signed_in):
    client = signed_in("thongke_bn")
    assert figures(client.archive)[hand.CRIMINAL][:2] == (3, 7)
    response = send(client, "/statistics/records/hearing", {"case": "H6", "held_on": "2023-05-20", "digital": "yes"})
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert "Đã ghi nhận phiên tòa vụ án H6 ngày 20/05/2023: có sử dụng chứng cứ số hóa." in page.text
    assert "4/7 (57,1%)" in page.text
    assert figures(client.archive)[hand.CRIMINAL][:2] == (4, 7)
    assert hearings_of(client.archive, "H6") == [(dt.date(2023, 5, 20), True)]
    assert audit(client.archive, "statistics.hearing_recorded") == [("thongke_bn", "case:H6", "ok")]
    # The same hearing recorded again without digitised evidence is a correction, not a second hearing.
    send(client, "/statistics/records/hearing", {"case": "H6", "held_on": "20/05/2023", "digital": "no"})
    assert hearings_of(client.archive, "H6") == [(dt.date(2023, 5, 20), False)]
    assert figures(client.archive)[hand.CRIMINAL][:2] == (3, 7)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ({"case": "H6", "held_on": "2023-05-20"}, "Hãy chọn phiên tòa có hay không sử dụng chứng cứ số hóa"),
        ({"case": "H6", "held_on": "32/13/2023", "digital": "yes"}, "Ngày không hợp lệ &#39;32/13/2023&#39;"),
        ({"case": "", "held_on": "2023-05-20", "digital": "yes"}, "Hãy nhập mã vụ án"),
        ({"case": "H6", "held_on": "", "digital": "no"}, "Hãy nhập ngày xét xử"),
        ({"case": "ZZ-99", "held_on": "2023-05-20", "digital": "yes"}, "Không có vụ án &#39;ZZ-99&#39;"),
        ({"case": "H6", "held_on": (dt.date.today() + dt.timedelta(days=3)).isoformat(), "digital": "yes"}, "chưa tới"),
    ],
)
def test_a_wrong_hearing_keeps_what_was_typed(signed_in, typed, reason):
    client = signed_in("thongke_bn")
    response = send(client, "/statistics/records/hearing", typed)
    assert response.status_code == 422
    html = response.text
    assert reason in html
    form = html[html.index('id="phien-toa"') : html.index('id="ho-so"')]
    assert value_of(form, "case") == typed["case"] and value_of(form, "held_on") == typed["held_on"]
    if typed.get("digital"):
        assert f'value="{typed["digital"]}" checked' in form
    assert hearings_of(client.archive, "H6") == []
    assert figures(client.archive)[hand.CRIMINAL][:2] == (3, 7)


def test_hearings_and_files_of_other_units_are_refused_and_audited(signed_in):
    kv1 = signed_in("thongke_kv1")
    response = send(kv1, "/statistics/records/hearing", {"case": "H6", "held_on": "2023-05-20", "digital": "yes"})
    assert response.status_code == 422 and "Không có vụ án &#39;H6&#39;" in response.text  # BN-KV2's case
    assert value_of(response.text, "case") == "H6"
    response = send(kv1, "/statistics/records/digitised", {"case": "D8", "action": "withdraw"})
    assert response.status_code == 422 and "Không có vụ án &#39;D8&#39;" in response.text
    assert 'value="withdraw" checked' in response.text
    assert hearings_of(kv1.archive, "H6") == []
    assert audit(kv1.archive, "statistics.hearing_recorded") == [("thongke_kv1", "case:H6", "refused")]
    assert audit(kv1.archive, "statistics.file_mark_withdrawn") == [("thongke_kv1", "case:D8", "refused")]
    # Another role is turned away at the door; a form without its CSRF token too.
    prosecutor = signed_in("ksv_bn")
    for url in (
        "/statistics/records/hearing",
        "/statistics/records/digitised",
        "/statistics/records/import",
        "/statistics/targets",
        "/statistics/reconciliation",
        "/statistics/signoff",
    ):
        assert send(prosecutor, url, {"case": "H6", "held_on": "2023-05-20", "digital": "yes"}).status_code == 403
        assert (
            prosecutor.get(url.replace("/hearing", "").replace("/digitised", "").replace("/import", "")).status_code
            == 403
        )
    own = signed_in("thongke_bn")
    assert (
        send(
            own, "/statistics/records/hearing", {"case": "H6", "held_on": "2023-05-20", "digital": "yes"}, csrf=False
        ).status_code
        == 403
    )
    assert hearings_of(own.archive, "H6") == []


def test_marking_a_file_digitised_and_withdrawing_it(signed_in):
    client = signed_in("thongke_bn")
    response = send(client, "/statistics/records/digitised", {"case": "D2", "action": "complete"})
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert "Đã xác nhận hồ sơ vụ án D2 đã số hóa đầy đủ." in page.text and "4/5 (80,0%)" in page.text
    assert figures(client.archive)[hand.CIVIL][:2] == (4, 5)
    response = send(client, "/statistics/records/digitised", {"case": "D2", "action": "withdraw"})
    assert "Đã bỏ xác nhận số hóa của hồ sơ vụ án D2." in client.get(response.headers["location"]).text
    assert figures(client.archive)[hand.CIVIL][:2] == (3, 5)
    assert audit(client.archive, "statistics.file_marked_digitised") == [("thongke_bn", "case:D2", "ok")]
    assert audit(client.archive, "statistics.file_mark_withdrawn") == [("thongke_bn", "case:D2", "ok")]
    empty = send(client, "/statistics/records/digitised", {"case": " ", "action": "withdraw"})
    assert empty.status_code == 422 and "Hãy nhập mã vụ án" in empty.text and 'value="withdraw" checked' in empty.text


def xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_importing_hearings_from_csv_and_excel(signed_in):
    client = signed_in("thongke_bn")
    text = "Mã vụ án,Ngày xét xử,Có sử dụng chứng cứ số hóa\nH6,20/05/2023,có\nH2,2023-11-30,có\n"
    response = send(client, "/statistics/records/import", files={"file": ("phien-toa.csv", text.encode(), "text/csv")})
    assert response.status_code == 303, re.findall(r'class="error"[^>]*>([^<]*)|<li>([^<]*)', response.text)
    page = client.get(response.headers["location"])
    assert "Đã nhập 2 phiên tòa: thêm mới 1, cập nhật 1." in page.text and "5/7 (71,4%)" in page.text
    book = xlsx([["Mã vụ án", "Ngày xét xử", "Có sử dụng chứng cứ số hóa"], ["H7", dt.datetime(2023, 6, 15), True]])
    response = send(client, "/statistics/records/import", files={"file": ("phien-toa.xlsx", book, "application/zip")})
    assert response.status_code == 303
    assert hearings_of(client.archive, "H7")[1] == (dt.date(2023, 6, 15), True)
    assert figures(client.archive)[hand.CRIMINAL][:2] == (6, 7)
    assert [row[2] for row in audit(client.archive, "statistics.hearings_import")] == ["ok", "ok"]


def test_a_wrong_hearings_file_writes_nothing_and_says_which_lines(signed_in):
    client = signed_in("thongke_kv1")
    text = "case,held_on,digital_evidence\nH1,2022-12-01,yes\nH6,2023-05-20,yes\nH2,hôm qua,yes\n"
    response = send(client, "/statistics/records/import", files={"file": ("sai.csv", text.encode(), "text/csv")})
    assert response.status_code == 422
    assert "Không nhập được tệp «sai.csv»: 2 lỗi, không có dòng nào được ghi." in response.text
    assert "Dòng 3: không có vụ án &#39;H6&#39;" in response.text and "Dòng 4: ngày không hợp lệ" in response.text
    missing = send(
        client, "/statistics/records/import", files={"file": ("x.csv", b"case,held_on\nH1,2022-12-01\n", "text/csv")}
    )
    assert "Thiếu cột: Có sử dụng chứng cứ số hóa (digital_evidence)" in missing.text
    nothing = send(client, "/statistics/records/import")
    assert nothing.status_code == 422 and "Hãy chọn tệp CSV hoặc Excel (.xlsx)" in nothing.text
    broken = send(client, "/statistics/records/import", files={"file": ("x.xlsx", b"PK\x03\x04rac", "text/csv")})
    assert broken.status_code == 422 and "cần tệp CSV (mã hóa UTF-8) hoặc Excel (.xlsx)" in broken.text
    assert hearings_of(client.archive, "H1") == [(dt.date(2022, 12, 1), True)]  # the register's own, unchanged
    refused = audit(client.archive, "statistics.hearings_import")
    assert ("thongke_kv1", "case:H6", "refused") in refused


def test_setting_a_target_moves_the_result(signed_in):
    client = signed_in("thongke_bn")
    assert figures(client.archive)[hand.CRIMINAL] == (3, 7, True)
    page = client.get("/statistics/targets", params={"period": "2023"})
    assert page.status_code == 200 and "Mặc định của chỉ tiêu" in page.text and "≥ 30%" in page.text
    assert "Mọi đơn vị (toàn ngành)</option>" not in page.text  # only administrators set the national target
    response = send(
        client, "/statistics/targets", {"indicator": hand.CRIMINAL, "unit": "BN", "year": "2023", "target": "45%"}
    )
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert "Đã đặt chỉ tiêu «Phiên tòa hình sự có chứng cứ số hóa» năm thống kê 2023 cho BN: 45%." in page.text
    assert "Riêng đơn vị" in page.text and "Không đạt" in page.text
    assert figures(client.archive)[hand.CRIMINAL] == (3, 7, False)
    assert audit(client.archive, "statistics.target_set") == [("thongke_bn", hand.CRIMINAL, "ok")]
    kv1 = send(
        client, "/statistics/targets", {"indicator": hand.CIVIL, "unit": "BN-KV1", "year": "2023", "target": "0,7"}
    )
    assert kv1.status_code == 303 and figures(client.archive, "BN-KV1")[hand.CIVIL] == (2, 3, False)


@pytest.mark.parametrize(
    ("typed", "status", "reason"),
    [
        (
            {"indicator": hand.CIVIL, "unit": "BN", "year": "2023", "target": "nhiều"},
            422,
            "Chỉ tiêu không hợp lệ &#39;nhiều&#39;",
        ),
        ({"indicator": hand.CIVIL, "unit": "BN", "year": "2023", "target": "150%"}, 422, "0–100%"),
        (
            {"indicator": hand.CIVIL, "unit": "BN", "year": "năm nay", "target": "30%"},
            422,
            "Năm thống kê phải là một số",
        ),
        ({"indicator": "", "unit": "BN", "year": "2023", "target": "30%"}, 422, "Hãy chọn một chỉ tiêu"),
        ({"indicator": hand.CIVIL, "unit": "", "year": "2023", "target": "30%"}, 422, "Hãy chọn đơn vị"),
        (
            {"indicator": hand.CIVIL, "unit": "HN", "year": "2023", "target": "30%"},
            403,
            "Không có quyền đặt chỉ tiêu cho đơn vị &#39;HN&#39;",
        ),
    ],
)
def test_a_wrong_target_keeps_what_was_typed(signed_in, typed, status, reason):
    client = signed_in("thongke_bn")
    response = send(client, "/statistics/targets", typed)
    assert response.status_code == status and reason in response.text
    form = response.text[response.text.index('id="dat-chi-tieu"') :]
    assert value_of(form, "year") == typed["year"] and value_of(form, "target") == typed["target"]
    if typed["indicator"]:
        assert f'value="{typed["indicator"]}" selected' in form
    if typed["unit"]:
        assert f'value="{typed["unit"]}" selected' in form
    outcomes = audit(client.archive, "statistics.target_set")
    assert outcomes == ([("thongke_bn", hand.CIVIL, "refused")] if status == 403 else [])


def test_the_national_target_by_an_administrator(signed_in):
    admin = signed_in("quantri")
    assert "Mọi đơn vị (toàn ngành)</option>" in admin.get("/statistics/targets").text
    response = send(
        admin, "/statistics/targets", {"indicator": hand.CORRUPTION, "unit": "", "year": "2023", "target": "60%"}
    )
    assert response.status_code == 303
    assert figures(admin.archive, "BN")[hand.CORRUPTION] == (2, 3, True)


COURT = "Mã vụ án,Ngày xét xử,Có sử dụng chứng cứ số hóa\nH1,01/12/2022,có\nH2,2023-11-29,không\nX99,2023-04-04,có\n"


def test_court_figures_and_the_reconciliation_page(signed_in):
    client = signed_in("thongke_bn")
    before = client.get("/statistics/reconciliation", params={"period": "2023"})
    assert before.status_code == 200 and "Chưa nạp số liệu của Tòa án cho kỳ này" in before.text
    response = send(client, "/statistics/reconciliation", files={"file": ("toa-an.csv", COURT.encode(), "text/csv")})
    assert response.status_code == 303
    page = client.get(response.headers["location"]).text
    assert "Đã nạp 3 dòng số liệu của Tòa án cho kỳ này." in page
    for heading in ("Vụ án", "Đơn vị", "Chênh lệch", "Tòa án ghi", "Viện kiểm sát ghi", "Cần làm"):
        assert f"<th>{heading}</th>" in page
    assert "Ngày xét xử khác nhau" in page and "xét xử 29/11/2023, không có chứng cứ số hóa" in page
    assert "Tòa án có, sổ thụ lý của viện kiểm sát không có vụ án này" in page
    assert "Hỏi lại Tòa án" in page  # what to do about a case the court does not list
    assert "only_procuracy" not in page.replace('data-issue="only_procuracy"', "")
    assert "{" not in page.split("<main", 1)[1].split("</main>")[0]  # no raw JSON
    assert audit(client.archive, "statistics.court_import") == [("thongke_bn", "court_figures", "ok")]
    bad = send(
        client,
        "/statistics/reconciliation",
        files={"file": ("toa-an.csv", b"case,tried_on,digital_evidence\nH1,2024-03-01,yes\n", "text/csv")},
    )
    assert bad.status_code == 422 and "Dòng 2: ngày xét xử 01/03/2024 nằm ngoài kỳ 01/12/2022–30/11/2023" in bad.text
    with client.archive.session() as session:
        assert sorted(session.scalars(select(CourtFigure.case_code))) == ["H1", "H2", "X99"]


def test_consistency_page_in_words(signed_in, monkeypatch):
    client = signed_in("thongke_bn")
    page = client.get("/statistics/consistency", params={"period": "2023"})
    assert page.status_code == 200 and "Số liệu nhất quán." in page.text
    assert "Đã đối chiếu 24 số liệu của 4 đơn vị" in page.text
    civil = definitions.BY_CODE[hand.CIVIL]
    drifted = dataclasses.replace(civil, in_numerator=lambda c, p: c.marked_at is not None or c.pages_done > 0)
    monkeypatch.setattr(consistency, "INDICATORS", tuple(drifted if i is civil else i for i in definitions.INDICATORS))
    page = client.get("/statistics/consistency", params={"period": "2023"}).text
    assert "Có 2 số liệu không nhất quán" in page and "báo ngay cho quản trị viên" in page
    for heading in ("Đơn vị", "Chỉ tiêu", "Số liệu", "Cộng dồn theo đơn vị", "Xét từng vụ án"):
        assert f">{heading}</th>" in page
    assert re.search(r"<td[^>]*>Tử số</td>", page) and '<a href="/cases/D2">D2</a>' in page
    assert "civil_admin" not in page.replace(f'"{hand.CIVIL}"', "")


def sign_page(client) -> str:
    response = client.get("/statistics/signoff", params={"period": "2023"})
    assert response.status_code == 200
    return response.text


def signoffs(archive) -> list[tuple]:
    with archive.session() as session:
        return [
            (r.signed_by, r.reason, r.replaces_id)
            for r in session.scalars(select(ReportSignoff).order_by(ReportSignoff.id))
        ]


def test_signing_off_confirms_then_shows_who_and_when_and_never_re_signs_silently(signed_in):
    head = signed_in("truong_bn")
    page = sign_page(head)
    assert "BN — VKSND tỉnh Bắc Ninh" in page and "01/12/2022 – 30/11/2023" in page and "42,9%" in page
    assert "Xác nhận ký duyệt" in page and signoffs(head.archive) == []  # looking signs nothing
    expected = value_of(page, "expected")
    assert len(expected) == 64
    assert send(head, "/statistics/signoff").status_code == 422 and signoffs(head.archive) == []
    response = send(head, "/statistics/signoff", {"expected": expected})
    assert response.status_code == 303
    report = head.get(response.headers["location"]).text
    assert "Đã ký duyệt báo cáo." in report and "Ông truong_bn" in report and "Mốc chuỗi nhật ký" in report
    with head.archive.session() as session:
        row = session.scalars(select(ReportSignoff)).one()
    assert f"số {row.audit_seq} · " in report and row.sha256[:16] in report
    statistician = signed_in("thongke_bn").get("/statistics", params={"period": "2023"}).text
    assert "Đã ký duyệt" in statistician and "Ông truong_bn" in statistician and "Ký lại báo cáo" not in statistician
    # Signing again without a reason is refused, with what was signed and when; nothing new is frozen.
    page = sign_page(head)
    assert "Báo cáo này đã được ký duyệt" in page and "Lý do ký lại" in page
    refused = send(head, "/statistics/signoff", {"expected": value_of(page, "expected"), "reason": "  "})
    assert refused.status_code == 422 and "Báo cáo này đã được Ông truong_bn ký duyệt lúc" in refused.text
    assert "muốn ký lại phải nêu lý do ký lại" in refused.text and len(signoffs(head.archive)) == 1
    # The figures move; the report lists the change in words, and re-signing with a reason keeps both.
    send(signed_in("thongke_bn"), "/statistics/records/digitised", {"case": "D2", "action": "complete"})
    report = head.get("/statistics", params={"period": "2023"}).text
    assert "Số liệu đã thay đổi sau khi ký duyệt" in report
    assert re.search(r'<td[^>]*>Tử số</td><td class="num"[^>]*>3</td><td class="num"[^>]*>4</td>', report)
    assert "khi ký False" not in report and "numerator_cases" not in report and "thêm D2" in report
    page = sign_page(head)
    assert "Hồ sơ dân sự, hành chính… đã số hóa — Tử số: khi ký 3, nay 4" in page
    resigned = send(
        head, "/statistics/signoff", {"expected": value_of(page, "expected"), "reason": "Bổ sung hồ sơ D2 đã số hóa"}
    )
    assert resigned.status_code == 303
    assert signoffs(head.archive) == [("Ông truong_bn", None, None), ("Ông truong_bn", "Bổ sung hồ sơ D2 đã số hóa", 1)]
    report = head.get("/statistics", params={"period": "2023"}).text
    assert "Đã ký duyệt lại" in report and "Bổ sung hồ sơ D2 đã số hóa" in report
    assert "Số liệu hiện nay trùng với bản đã ký." in report
    assert [row[2] for row in audit(head.archive, "statistics.signoff")] == ["ok", "refused", "ok"]


def test_figures_that_moved_after_the_confirmation_are_not_signed(signed_in):
    head = signed_in("truong_bn")
    expected = value_of(sign_page(head), "expected")
    send(
        signed_in("thongke_bn"),
        "/statistics/records/hearing",
        {"case": "H6", "held_on": "2023-05-20", "digital": "yes"},
    )
    response = send(head, "/statistics/signoff", {"expected": expected})
    assert response.status_code == 409 and "Số liệu đã thay đổi kể từ khi mở trang xác nhận" in response.text
    assert signoffs(head.archive) == [] and value_of(response.text, "expected") != expected


def test_only_a_unit_head_signs_and_only_their_own_unit(signed_in):
    statistician = signed_in("thongke_bn")
    assert statistician.get("/statistics/signoff", params={"period": "2023"}).status_code == 403
    assert "Ký duyệt báo cáo…" not in statistician.get("/statistics", params={"period": "2023"}).text
    head = signed_in("truong_bn")
    other = head.get("/statistics/signoff", params={"period": "2023", "unit": "BN-KV1"})
    assert other.status_code == 403 and "chỉ ký duyệt báo cáo của đơn vị mình" in other.text
    assert send(head, "/statistics/signoff", {"unit": "BN-KV1", "expected": "x" * 64}).status_code == 403
    assert send(statistician, "/statistics/signoff", {"expected": "x" * 64}).status_code == 403
    assert signoffs(head.archive) == []


def test_api_refuses_a_silent_re_sign(signed_in):
    head = signed_in("truong_bn")
    headers = {"X-CSRF-Token": head.csrf}
    assert head.post("/api/statistics/signoff", json={"period": "2023"}, headers=headers).status_code == 200
    again = head.post("/api/statistics/signoff", json={"period": "2023"}, headers=headers)
    assert again.status_code == 409 and "muốn ký lại phải nêu lý do" in again.json()["detail"]
    with_reason = head.post(
        "/api/statistics/signoff", json={"period": "2023", "reason": "Sửa số liệu"}, headers=headers
    )
    assert with_reason.status_code == 200 and with_reason.json()["reason"] == "Sửa số liệu"
    assert with_reason.json()["replaces"] is not None


def test_downloads_in_vietnamese(signed_in):
    client = signed_in("thongke_bn")
    response = client.get("/api/statistics/report.xlsx", params={"period": "2023"})
    book = load_workbook(io.BytesIO(response.content))
    summary = book["Tổng hợp"]
    header = next(i for i, row in enumerate(summary.iter_rows(values_only=True), start=1) if row[0] == "Chỉ tiêu")
    assert [c.value for c in summary[header]][:6] == [
        "Chỉ tiêu",
        "Tử số",
        "Mẫu số",
        "Tỷ lệ",
        "Chỉ tiêu giao",
        "Kết quả",
    ]
    ratio = summary.cell(header + 1, 4)
    assert ratio.value == 0.4286 and ratio.number_format.endswith("0.0%")
    assert book["Khu vực"].cell(1, 5).value == f"{BY_CODE[hand.CRIMINAL].short_label} — tử số"
    response = client.get("/api/statistics/report.csv", params={"period": "2023"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Mã đơn vị", "Tên đơn vị", "Cấp"]
    bn = rows[1]
    assert bn[2:5] == ["VKSND tỉnh", "01/12/2022", "30/11/2023"] and bn[8:] == ["42,9%", "30%", "Đạt"]
    template = client.get("/statistics/templates/hearings.csv")
    assert template.content.decode("utf-8-sig").splitlines()[0] == "Mã vụ án,Ngày xét xử,Có sử dụng chứng cứ số hóa"
