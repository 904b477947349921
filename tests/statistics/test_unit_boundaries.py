"""Statistics writes stay inside the caller's units and answers name only cases the caller may open.

The hand-computed register with H6 (BN-KV2, in BN's criminal denominator) made restricted and assigned to one
prosecutor; people of BN, BN-KV1 and HN act through the API with bearer tokens.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import func, select

from archive.records.models import AuditEvent, Case, CourtFigure, Hearing, ReportSignoff, Unit, User
from archive.statistics import targets
from archive.statistics.hearings import record_hearing
from archive.trust.access import visibility
from archive.trust.accounts import assign_case, create_token
from archive.trust.audit import verify
from tests.statistics import register as hand
from web.app import create_app

PEOPLE = {  # username: role, unit
    "thongke_bn": ("statistician", "BN"),
    "thongke_kv1": ("statistician", "BN-KV1"),
    "thongke_hn": ("statistician", "HN"),
    "truong_bn": ("unit_head", "BN"),
    "canbo_hn": ("staff", "HN"),
    "ksv_kv2": ("prosecutor", "BN-KV2"),
    "quantri": ("admin", None),
}
SECRET = "H6"  # restricted: only ksv_kv2 (assigned) and BN's unit head see it; BN's statistician does not


@pytest.fixture
def client(registered):
    tokens = {}
    with registered.transaction() as session:
        units = dict(session.execute(select(Unit.code, Unit.id)).all())
        secret = session.scalar(select(Case).where(Case.code == SECRET))
        secret.restricted = True
        secret.title = "Vụ án Nguyễn Văn Mật"
        for username, (role, unit) in PEOPLE.items():
            user = User(
                username=username,
                full_name=f"Ông {username}",
                password_hash="!",
                role=role,
                unit_id=units.get(unit),
                active=True,
            )
            session.add(user)
            session.flush()
            tokens[username] = create_token(session, user)
            if username == "ksv_kv2":
                assign_case(session, user, secret)
    with TestClient(create_app(registered)) as test_client:
        test_client.tokens = tokens
        test_client.archive = registered
        yield test_client


def auth(client, who: str) -> dict:
    return {"Authorization": f"Bearer {client.tokens[who]}"}


def get(client, who: str, url: str, **params):
    return client.get(url, params=params, headers=auth(client, who))


def post(client, who: str, url: str, **kwargs):
    return client.post(url, headers=auth(client, who), **kwargs)


def upload(client, who: str, url: str, text: str, **data):
    return post(client, who, url, data=data, files={"file": ("tep.csv", text.encode(), "text/csv")})


def audit_rows(client, action: str) -> list[AuditEvent]:
    with client.archive.session() as session:
        return session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)).all()


def hearings_of(client, code: str) -> list[tuple]:
    with client.archive.session() as session:
        return session.execute(
            select(Hearing.held_on, Hearing.digital_evidence)
            .join(Case)
            .where(Case.code == code)
            .order_by(Hearing.held_on)
        ).all()


def test_no_hearing_or_digitised_mark_for_a_case_of_another_unit(client):
    before = hearings_of(client, "H1")
    refused = post(
        client,
        "canbo_hn",
        "/api/statistics/hearings",
        json={"case": "H1", "held_on": "2023-06-01", "digital_evidence": True},
    )
    # Answered exactly as for a case that does not exist, so the other unit's case stays private.
    assert refused.status_code == 422 and refused.json()["detail"] == "không có vụ án 'H1'"
    missing = post(
        client,
        "canbo_hn",
        "/api/statistics/hearings",
        json={"case": "KHONG-CO", "held_on": "2023-06-01", "digital_evidence": True},
    )
    assert missing.json()["detail"] == "không có vụ án 'KHONG-CO'"
    assert hearings_of(client, "H1") == before
    mark = post(client, "canbo_hn", "/api/statistics/cases/D2/digitised")
    assert mark.status_code == 404
    with client.archive.session() as session:
        assert session.scalar(select(Case.digitised_marked_at).where(Case.code == "D2")) is None
    csv_text = "case,held_on,digital_evidence\nH8,2023-02-02,yes\nH2,2023-11-30,yes\n"
    imported = upload(client, "canbo_hn", "/api/statistics/hearings/import", csv_text)
    assert imported.status_code == 422 and imported.json()["detail"]["problems"] == ["dòng 3: không có vụ án 'H2'"]
    assert hearings_of(client, "H8") == [(dt.date(2023, 2, 1), True)]  # the good line was not written either
    refusals = [(r.target, r.actor, r.outcome) for r in audit_rows(client, "statistics.hearing_recorded")]
    assert ("case:H1", "canbo_hn", "refused") in refusals
    assert [(r.target, r.outcome) for r in audit_rows(client, "statistics.file_marked_digitised")] == [
        ("case:D2", "refused")
    ]
    imports = [(r.target, r.actor, r.outcome) for r in audit_rows(client, "statistics.hearings_import")]
    assert ("case:H2", "canbo_hn", "refused") in imports and ("hearings", "canbo_hn", "refused") in imports


def test_restricted_case_is_written_only_by_those_who_see_it(client):
    body = {"case": SECRET, "held_on": "2023-05-20", "digital_evidence": True}
    assert post(client, "thongke_bn", "/api/statistics/hearings", json=body).status_code == 422
    assert post(client, "thongke_bn", f"/api/statistics/cases/{SECRET}/digitised").status_code == 404
    assert hearings_of(client, SECRET) == []
    recorded = post(client, "ksv_kv2", "/api/statistics/hearings", json=body)
    assert recorded.status_code == 200 and hearings_of(client, SECRET) == [(dt.date(2023, 5, 20), True)]
    ok = [r for r in audit_rows(client, "statistics.hearing_recorded") if r.outcome == "ok"]
    assert [(r.target, r.actor, r.role, r.unit) for r in ok] == [(f"case:{SECRET}", "ksv_kv2", "prosecutor", "BN-KV2")]


COURT_BN = "case,tried_on,digital_evidence\nH1,2022-12-01,yes\nH2,2023-11-30,no\nH6,2023-05-20,yes\nX77,2023-04-04,no\n"
COURT_HN = "case,tried_on,digital_evidence\nH8,2023-02-01,yes\nX88,2023-05-05,no\n"


def court_rows(client) -> list[tuple]:
    with client.archive.session() as session:
        units = dict(session.execute(select(Unit.id, Unit.code)).all())
        rows = session.execute(select(CourtFigure.case_code, CourtFigure.unit_id).order_by(CourtFigure.case_code))
        return [(code, units.get(unit_id)) for code, unit_id in rows]


def test_court_figures_upload_replaces_only_the_uploaders_units(client):
    assert upload(client, "thongke_bn", "/api/statistics/court-figures", COURT_BN, period="2023").json()["rows"] == 4
    bn_rows = [("H1", "BN-KV1"), ("H2", "BN-KV1"), ("H6", "BN-KV2"), ("X77", "BN")]
    assert court_rows(client) == bn_rows
    hn = upload(client, "thongke_hn", "/api/statistics/court-figures", COURT_HN, period="2023")
    assert hn.status_code == 200 and hn.json()["replaced"] == 0
    assert court_rows(client) == sorted(bn_rows + [("H8", "HN-KV1"), ("X88", "HN")])
    # Another upload by HN replaces HN's rows only; BN's figures for the period stay.
    again = upload(
        client,
        "thongke_hn",
        "/api/statistics/court-figures",
        "case,tried_on,digital_evidence\nH8,2023-02-01,no\n",
        period="2023",
    )
    assert again.json() == {"rows": 1, "replaced": 2, "from": "2022-12-01", "to": "2023-11-30"}
    assert court_rows(client) == sorted(bn_rows + [("H8", "HN-KV1")])
    # A line for another unit's case refuses the whole file, without saying what that case is.
    crossing = upload(
        client,
        "thongke_hn",
        "/api/statistics/court-figures",
        "case,tried_on,digital_evidence\nH8,2023-02-01,yes\nH1,2022-12-01,yes\n",
        period="2023",
    )
    assert crossing.status_code == 422
    assert crossing.json()["detail"]["problems"] == ["không có quyền với vụ án ở dòng 3 (mã 'H1')"]
    assert court_rows(client) == sorted(bn_rows + [("H8", "HN-KV1")])
    imports = audit_rows(client, "statistics.court_import")
    assert [(r.target, r.actor, r.outcome) for r in imports] == [
        ("court_figures", "thongke_bn", "ok"),
        ("court_figures", "thongke_hn", "ok"),
        ("court_figures", "thongke_hn", "ok"),
        ("case:H1", "thongke_hn", "refused"),
        ("court_figures", "thongke_hn", "refused"),
    ]
    assert imports[0].detail["unit"] == "BN" and imports[2].detail["replaced"] == 2
    bn = get(client, "thongke_bn", "/api/statistics/reconciliation", period="2023").json()
    assert ("X77", "unknown_case") in [(r["case"], r["issue"]) for r in bn["disagreements"]]
    assert "X88" not in str(get(client, "thongke_bn", "/api/statistics/reconciliation", period="2023").json())


def test_reconciliation_never_names_a_restricted_case_to_the_unassigned(client):
    upload(client, "thongke_bn", "/api/statistics/court-figures", COURT_BN, period="2023")
    hidden = get(client, "thongke_bn", "/api/statistics/reconciliation", period="2023").json()
    shown = get(client, "truong_bn", "/api/statistics/reconciliation", period="2023").json()
    assert (SECRET, "court_digital_only") in [(r["case"], r["issue"]) for r in shown["disagreements"]]
    assert SECRET not in [r["case"] for r in hidden["disagreements"]]
    assert SECRET not in str(hidden) and "Mật" not in str(hidden)
    # The totals are figures: they still count the restricted case.
    assert hidden["court"] == shown["court"] and hidden["procuracy"] == shown["procuracy"]


def test_report_case_lists_leave_out_cases_the_reader_may_not_open(client):
    hidden = get(client, "thongke_bn", "/api/statistics/report", period="2023", cases="true").json()
    shown = get(client, "truong_bn", "/api/statistics/report", period="2023", cases="true").json()
    assert shown["cases"][hand.CRIMINAL]["denominator"] == hand.BN_CASES[hand.CRIMINAL]["denominator"]
    assert hidden["cases"][hand.CRIMINAL]["denominator"] == [
        c for c in hand.BN_CASES[hand.CRIMINAL]["denominator"] if c != SECRET
    ]
    assert hidden["indicators"] == shown["indicators"]  # 3 of 7 either way
    drill = get(
        client, "thongke_bn", "/api/statistics/cases", indicator=hand.CRIMINAL, part="missing", period="2023"
    ).json()
    assert [r["case"] for r in drill["cases"]] == ["C5", "H2", "H7"] and drill["hidden"] == 1
    page = get(
        client,
        "thongke_bn",
        "/statistics/cases",
        indicator=hand.CRIMINAL,
        part="denominator",
        **{"from": "2022-12-01", "to": "2023-11-30"},
    )
    assert page.status_code == 200 and f">{SECRET}<" not in page.text and "H7</a>" in page.text
    assert "1 vụ án khác được tính vào số liệu nhưng không hiển thị" in page.text
    book = load_workbook(io.BytesIO(get(client, "thongke_bn", "/api/statistics/report.xlsx", period="2023").content))
    listed = {row[1] for row in book["Vụ án"].iter_rows(min_row=2, values_only=True)}
    assert "H7" in listed and SECRET not in listed
    # KV1's statistician: BN-KV2's cases are not theirs to open, restricted or not.
    kv1 = get(client, "thongke_kv1", "/api/statistics/report", unit="BN-KV1", period="2023", cases="true").json()
    assert set(kv1["cases"][hand.CRIMINAL]["denominator"]) <= {"H1", "H2"}


def test_signoff_anchors_the_audit_chain_and_its_changes_hide_restricted_cases(client):
    signed = post(client, "truong_bn", "/api/statistics/signoff", json={"period": "2023"})
    assert signed.status_code == 200
    with client.archive.session() as session:
        row = session.scalars(select(ReportSignoff)).one()
        audit = session.scalars(select(AuditEvent).where(AuditEvent.action == "statistics.signoff")).one()
        assert (row.audit_seq, row.audit_hash) == (audit.seq, audit.hash)
        assert audit.actor == "truong_bn" and audit.target == f"report_signoff:{row.id}"
        assert verify(session).ok
    assert signed.json()["audit_seq"] == row.audit_seq
    # After signing, the restricted case gains a digital hearing: the figure moves for everyone, but only those
    # who may open the case see its code among the changes.
    record_hearing(client.archive, SECRET, dt.date(2023, 5, 20), True, "Hệ thống")
    hidden = get(client, "thongke_bn", "/api/statistics/report", period="2023").json()["signoff"]["differences"]
    shown = get(client, "truong_bn", "/api/statistics/report", period="2023").json()["signoff"]["differences"]
    assert {"indicator": hand.CRIMINAL, "field": "numerator_cases", "added": [SECRET], "removed": []} in shown
    assert {"indicator": hand.CRIMINAL, "field": "numerator_cases", "added": [], "removed": []} in hidden
    assert {"indicator": hand.CRIMINAL, "field": "numerator", "signed": 3, "now": 4} in hidden


def test_targets_only_for_units_the_person_may_use(client):
    archive = client.archive
    with archive.session() as session:
        vis = visibility(session, session.scalar(select(User).where(User.username == "thongke_bn")))
    assert targets.set_target(archive, hand.CIVIL, "40%", 2023, "BN-KV1", "Ông thongke_bn", vis=vis)["target"] == 0.4
    with pytest.raises(targets.TargetForbidden, match="HN"):
        targets.set_target(archive, hand.CIVIL, "40%", 2023, "HN", "Ông thongke_bn", vis=vis)
    with pytest.raises(targets.TargetForbidden, match="quản trị viên"):
        targets.set_target(archive, hand.CIVIL, "40%", 2023, None, "Ông thongke_bn", vis=vis)
    listed = {(t["unit"], t["target"]) for t in targets.list_targets(archive, 2023) if t["indicator"] == hand.CIVIL}
    assert ("BN-KV1", 0.4) in listed and ("HN", 0.4) not in listed
    outcomes = [(r.detail["unit"], r.outcome) for r in audit_rows(client, "statistics.target_set")]
    assert outcomes == [("BN-KV1", "ok"), ("HN", "refused"), (None, "refused")]
    # The system (the CLI) still sets the national target.
    assert targets.set_target(archive, hand.CIVIL, "25%", 2023)["target"] == 0.25
    with archive.session() as session:
        assert (
            session.scalar(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "statistics.target_set")
            )
            == 4
        )


def test_cli_runs_as_the_system_unless_told_whose_rights_to_use(client):
    from typer.testing import CliRunner

    from archive.cli.main import app

    def hoso(*args: str):
        return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})

    refused = hoso("hearings", "record", "H1", "2023-06-01", "--digital", "--by", "Cán bộ HN", "--as", "canbo_hn")
    assert refused.exit_code == 1 and "không có vụ án 'H1'" in refused.output
    assert hoso("files", "mark-digitised", SECRET, "--by", "A", "--as", "thongke_bn").exit_code == 1
    assert hoso("hearings", "record", "H1", "2023-06-01", "--digital", "--by", "Cán bộ HN").exit_code == 0
    assert (dt.date(2023, 6, 1), True) in hearings_of(client, "H1")
    court = client.archive.settings.resolved_home / "toa-an.csv"
    court.write_text(COURT_HN, encoding="utf-8")
    assert hoso("report", "reconcile", str(court), "--period", "2023", "--as", "thongke_hn", "--json").exit_code == 0
    assert court_rows(client) == [("H8", "HN-KV1"), ("X88", "HN")]
    rows = [
        (r.target, r.actor, (r.client or "")[:4], r.outcome) for r in audit_rows(client, "statistics.hearing_recorded")
    ]
    assert rows == [("case:H1", "canbo_hn", "cli", "refused"), ("case:H1", "Cán bộ HN", "cli:", "ok")]
    assert hoso("targets", "set", hand.CIVIL, "30%", "--year", "2023", "--as", "nobody").exit_code == 1
