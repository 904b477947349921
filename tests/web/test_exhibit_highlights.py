"""Each exhibit keeps its own highlights over HTTP: the words a search matched when the page was added, then
cleared, taken off one by one or added (a selection snaps to the words under it); every change is audited,
refused to those who may not edit the set, and the PDF bundle paints exactly the boxes that are left."""

from __future__ import annotations

import io

import pdfplumber
import pypdfium2
from sqlalchemy import select

from archive.records.models import AuditEvent
from tests.web.test_exhibits import make_set

# world.docs["P"]: "Cáo trạng truy tố bị can Nguyễn Văn An", words 12 px a letter from x = 40, 10 px apart.
BI, CAN, NGUYEN = [248, 40, 272, 60], [282, 40, 318, 60], [328, 40, 400, 60]


def items_of(client, set_id):
    return client.get(f"/api/exhibit-sets/{set_id}").json()["items"]


def bundle_boxes(client, set_id) -> list[list[int]]:
    """The highlight rectangles painted on the bundle's first exhibit page, in the page image's pixels."""
    response = client.get(f"/api/exhibit-sets/{set_id}/bundle.pdf")
    assert response.status_code == 200, response.text
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        page = pdf.pages[2]
        image = page.images[0]
        scale = (image["x1"] - image["x0"]) / 400
        found = []
        for rect in page.rects:
            color = rect.get("non_stroking_color")
            yellow = color and len(color) == 3 and color[0] > 0.9 and 0.8 < color[1] < 0.9 and color[2] < 0.1
            if rect.get("fill") and yellow:
                x0, x1 = ((rect[k] - image["x0"]) / scale for k in ("x0", "x1"))
                y0, y1 = ((rect[k] - image["top"]) / scale for k in ("top", "bottom"))
                found.append([round(x0), round(y0), round(x1), round(y1)])
    return sorted(found)


def yellow_pixels(client, set_id) -> int:
    """How many pixels of the bundle's first exhibit page, rendered, are highlight-yellow."""
    pdf = pypdfium2.PdfDocument(client.get(f"/api/exhibit-sets/{set_id}/bundle.pdf").content)
    bitmap = pdf[2].render(scale=1).to_pil().convert("RGB")
    return sum(1 for r, g, b in bitmap.getdata() if r > 230 and 215 < g < 250 and b < 200)


def test_added_with_a_query_the_matched_words_are_kept_and_edited_per_item(client_for, world):
    client = client_for("ksv_p")
    set_id = make_set(client, world)
    added = client.post(
        f"/api/exhibit-sets/{set_id}/items", json={"document_id": world.docs["P"], "page": 1, "query": "bi can"}
    )
    assert added.status_code == 201, added.text
    item = added.json()["added"]
    assert sorted(item["highlights"]) == [BI, CAN]  # the word "bị can", accentless, and nothing else
    assert bundle_boxes(client, set_id) == [BI, CAN]
    base = f"/api/exhibit-sets/{set_id}/items/{item['id']}/highlights"

    removed = client.post(base + "/remove", json={"boxes": [CAN]})
    assert removed.status_code == 200, removed.text
    assert removed.json()["items"][0]["highlights"] == [BI]
    assert client.post(base + "/remove", json={"boxes": [CAN]}).status_code == 404  # already gone: said, not ignored
    assert client.post(base + "/remove", json={"boxes": [BI, CAN]}).status_code == 404  # all or nothing
    assert items_of(client, set_id)[0]["highlights"] == [BI]

    # A loose selection around "Nguyễn" becomes that word's own box.
    grown = client.post(base, json={"box": [322, 30, 405, 70]})
    assert grown.status_code == 201, grown.text
    assert grown.json()["added_highlights"] == [NGUYEN]
    assert client.post(base, json={"box": [322, 30, 405, 70]}).status_code == 409
    # Over no word at all, the region itself.
    blank = client.post(base, json={"box": [50, 300, 150, 340]}).json()
    assert blank["added_highlights"] == [[50, 300, 150, 340]]
    assert sorted(items_of(client, set_id)[0]["highlights"]) == sorted([BI, NGUYEN, [50, 300, 150, 340]])
    assert bundle_boxes(client, set_id) == sorted([BI, NGUYEN, [50, 300, 150, 340]])
    assert yellow_pixels(client, set_id) > 200

    cleared = client.delete(base)
    assert cleared.status_code == 200 and cleared.json()["items"][0]["highlights"] == []
    assert bundle_boxes(client, set_id) == [] and yellow_pixels(client, set_id) == 0

    with world.archive.session() as s:
        actions = s.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.target == f"exhibit_set:{set_id}", AuditEvent.action.like("exhibit_set.highlight%"))
            .order_by(AuditEvent.id)
        ).all()
    assert actions == [
        "exhibit_set.highlight_remove",
        "exhibit_set.highlight_add",
        "exhibit_set.highlight_add",
        "exhibit_set.highlight_clear",
    ]


def test_only_those_who_may_edit_the_set_change_its_highlights(client_for, world):
    owner = client_for("ksv_p")
    set_id = make_set(owner, world)
    item = owner.post(
        f"/api/exhibit-sets/{set_id}/items", json={"document_id": world.docs["P"], "page": 1, "query": "Nguyễn Văn An"}
    ).json()["added"]
    assert len(item["highlights"]) == 3
    base = f"/api/exhibit-sets/{set_id}/items/{item['id']}/highlights"
    other_province = client_for("ksv_q")
    assert other_province.delete(base).status_code == 404
    assert other_province.post(base, json={"box": [50, 300, 150, 340]}).status_code == 404
    statistician = client_for("tk_p")
    assert statistician.delete(base).status_code == 403
    assert statistician.post(base + "/remove", json={"boxes": item["highlights"][:1]}).status_code == 403
    assert other_province.post(base + "/remove", json={"boxes": item["highlights"][:1]}).status_code == 404
    missing = owner.post(f"/api/exhibit-sets/{set_id}/items/999999/highlights", json={"box": [1, 1, 50, 50]})
    assert missing.status_code == 404
    assert len(items_of(owner, set_id)[0]["highlights"]) == 3
    # A bad box is refused in Vietnamese.
    bad = owner.post(base, json={"box": [10, 10, 11, 11]})
    assert bad.status_code == 422 and "Vùng chọn không hợp lệ" in bad.text
