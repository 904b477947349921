"""Exhibit sets through HTTP: renaming (audited, refused in Vietnamese when empty, only by who may edit the set),
a page or region already in the set refused rather than added twice, and a region's thumbnail being that region."""

from __future__ import annotations

import io

from PIL import Image
from sqlalchemy import select

from archive.records.models import AuditEvent, ExhibitItem
from tests.web.test_exhibits import add, make_set


def audit(archive, action: str) -> list[AuditEvent]:
    archive.access_log.flush()
    with archive.session() as s:
        return s.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


def test_a_set_is_renamed_and_the_change_audited(client_for, world):
    client = client_for("ksv_p")
    set_id = make_set(client, world)
    renamed = client.patch(f"/api/exhibit-sets/{set_id}", json={"title": "  Phiên   phúc thẩm  "})
    assert renamed.status_code == 200 and renamed.json()["title"] == "Phiên phúc thẩm"
    assert "Phiên phúc thẩm" in client.get(f"/exhibits/{set_id}").text
    row = audit(world.archive, "exhibit_set.rename")[-1]
    assert row.actor == "ksv_p" and row.target == f"exhibit_set:{set_id}"
    assert row.detail["title"] == {"old": "Phiên sơ thẩm", "new": "Phiên phúc thẩm"}
    empty = client.patch(f"/api/exhibit-sets/{set_id}", json={"title": "   "})
    assert empty.status_code == 422 and empty.json()["detail"] == "Tên bộ chứng cứ không được để trống"
    assert client.get(f"/api/exhibit-sets/{set_id}").json()["title"] == "Phiên phúc thẩm"
    # Another unit's prosecutor does not see the set; a statistician may not edit one.
    assert client_for("ksv_q").patch(f"/api/exhibit-sets/{set_id}", json={"title": "X"}).status_code == 404
    assert client_for("tk_p").patch(f"/api/exhibit-sets/{set_id}", json={"title": "X"}).status_code == 403
    assert len(audit(world.archive, "exhibit_set.rename")) == 1


def test_a_page_already_in_the_set_is_refused(client_for, world):
    client = client_for("ksv_p")
    set_id = make_set(client, world)
    add(client, set_id, world.docs["P"], caption="Cáo trạng")
    again = client.post(
        f"/api/exhibit-sets/{set_id}/items",
        json={"document_id": world.docs["P"], "page": 1, "highlights": [[40, 40, 100, 60]]},
    )
    assert again.status_code == 409
    assert again.json()["detail"] == "Trang này đã có trong bộ chứng cứ (Chứng cứ số 1); không thêm lần nữa"
    # A region of that page is a new exhibit; the same region twice is not.
    add(client, set_id, world.docs["P"], region=[10, 10, 300, 200])
    same_region = client.post(
        f"/api/exhibit-sets/{set_id}/items",
        json={"document_id": world.docs["P"], "page": 1, "region": [10, 10, 300, 200]},
    )
    assert same_region.status_code == 409 and "Chứng cứ số 2" in same_region.json()["detail"]
    with world.archive.session() as s:
        assert len(s.scalars(select(ExhibitItem).where(ExhibitItem.set_id == set_id)).all()) == 2
    assert len(audit(world.archive, "exhibit_set.add")) == 2


def test_a_region_thumbnail_is_the_region(client_for, world):
    client = client_for("ksv_p")
    set_id = make_set(client, world)
    whole = add(client, set_id, world.docs["P"])["added"]
    region = add(client, set_id, world.docs["P"], region=[40, 40, 360, 120])["added"]
    assert whole["thumbnail_url"].endswith(f"/pages/{whole['page']}/thumbnail")
    assert region["thumbnail_url"] == f"/api/exhibit-sets/{set_id}/items/{region['id']}/thumbnail"
    got = client.get(region["thumbnail_url"])
    assert got.status_code == 200 and got.headers["content-type"] == "image/jpeg"
    image = Image.open(io.BytesIO(got.content))
    assert abs(image.width / image.height - 320 / 80) < 0.1  # the region's 4:1, not the page's 400:560
    # The page image draws a black bar at (40, 40)-(200, 60): in the crop it starts at the top-left corner.
    grey = image.convert("L")
    assert grey.getpixel((2, 2)) < 80 and grey.getpixel((image.width - 3, image.height - 3)) > 200
    page = Image.open(io.BytesIO(client.get(whole["thumbnail_url"]).content))
    assert abs(page.width / page.height - 400 / 560) < 0.05
    rows = [r for r in audit(world.archive, "page.thumbnail.view") if r.target.startswith("exhibit_set:")]
    assert [(r.target, r.actor, r.detail["document"], r.detail["page"]) for r in rows] == [
        (f"exhibit_set:{set_id}/item:{region['id']}", "ksv_p", world.docs["P"], 1)
    ]
    # Not for someone who may not see the set; and not an item of another set.
    assert client_for("ksv_q").get(region["thumbnail_url"]).status_code == 404
    other = make_set(client, world)
    assert client.get(f"/api/exhibit-sets/{other}/items/{region['id']}/thumbnail").status_code == 404
