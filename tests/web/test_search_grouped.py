"""Search with one card per document (`group=document`) over HTTP: pages of one document inside an upload come
together on one card in page order, totals count documents, paging walks documents, and a page its reader may
not see is never on a card, counted, or turned into a card, even when the index has not caught up yet."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import select

from archive.records.models import Case, Document, DocumentPart, Page, Unit
from tests.web.conftest import page_image

PHRASE = "Biên bản khám nghiệm hiện trường"


def scan_with_two_documents(world) -> tuple[int, int, int]:
    """A four-page upload of case HS-P-1: pages 1-2 a record of HS-P-1, pages 3-4 one of restricted HS-P-MAT."""
    archive = world.archive
    with archive.transaction() as s:
        unit = s.scalar(select(Unit).where(Unit.code == "P"))
        open_case = s.scalar(select(Case).where(Case.code == "HS-P-1"))
        secret = s.scalar(select(Case).where(Case.code == "HS-P-MAT"))
        sha = hashlib.sha256(b"scan-two-documents").hexdigest()
        document = Document(
            sha256=sha,
            filename="ho-so-quet.pdf",
            media_type="application/pdf",
            size=100,
            case_id=open_case.id,
            unit_id=unit.id,
            status="done",
            page_count=4,
            pages_done=4,
            doc_type="bien_ban_kham_nghiem",
            link_status="manual",
        )
        s.add(document)
        s.flush()
        for number in range(1, 5):
            text = f"{PHRASE} trang {number} {'Phạm Văn Dũng' if number > 2 else 'Nguyễn Văn An'}"
            words, x = [], 20
            for word in text.split():
                words.append([word, [x, 40, x + 12 * len(word), 60], 0.95])
                x += 12 * len(word) + 8
            s.add(
                Page(
                    document_id=document.id,
                    number=number,
                    text=text,
                    words=words,
                    confidence=0.95,
                    width=400,
                    height=560,
                )
            )
            archive.blobs.write_page_image(sha, number, page_image())
        first = DocumentPart(
            document_id=document.id,
            first_page=1,
            last_page=2,
            doc_type="bien_ban_kham_nghiem",
            fields={"number": "12/BB"},
            doc_date=dt.date(2024, 4, 2),
            case_id=open_case.id,
        )
        second = DocumentPart(
            document_id=document.id,
            first_page=3,
            last_page=4,
            doc_type="bien_ban_kham_nghiem",
            fields={"number": "77/BB"},
            doc_date=dt.date(2024, 4, 9),
            case_id=secret.id,
        )
        s.add_all([first, second])
        s.flush()
        ids = document.id, first.id, second.id
    archive.outbox.drain()
    return ids


def grouped(client, q=PHRASE, **params):
    response = client.get("/api/search", params={"q": q, "group": "document"} | params)
    assert response.status_code == 200, response.text
    return response.json()


def test_one_card_per_document_with_its_pages_in_order(client_for, world):
    upload, first, second = scan_with_two_documents(world)
    assigned = grouped(client_for("ksv_p2"))  # assigned to the restricted case: sees both documents of the scan
    cards = {c["part_id"]: c for c in assigned["hits"]}
    assert assigned["group"] == "document" and assigned["total"] == 2 and assigned["exact"] is True
    assert [p["page"] for p in cards[first]["pages"]] == [1, 2]
    assert [p["page"] for p in cards[second]["pages"]] == [3, 4]
    card = cards[first]
    assert (card["document_id"], card["number"], card["date"], card["filename"], card["case"]) == (
        upload,
        "12/BB",
        "2024-04-02",
        "ho-so-quet.pdf",
        "HS-P-1",
    )
    assert card["case_title"] == "Vụ lừa đảo chiếm đoạt tài sản" and card["unit_name"] == "VKSND tỉnh Phú Thọ"
    assert "<mark>" in card["pages"][0]["snippet"]
    assert assigned["total_pages"] == 4

    # Paging walks documents, not pages: one card a page, two pages of results.
    one = grouped(client_for("ksv_p2"), limit=1)
    two = grouped(client_for("ksv_p2"), limit=1, offset=1)
    assert one["total"] == two["total"] == 2
    assert {one["hits"][0]["part_id"], two["hits"][0]["part_id"]} == {first, second}

    # The page view is still there, one hit a page.
    pages = client_for("ksv_p2").get("/api/search", params={"q": PHRASE}).json()
    assert sorted(h["page"] for h in pages["hits"] if h["document_id"] == upload) == [1, 2, 3, 4]


def test_grouping_never_reveals_a_restricted_page(client_for, world):
    upload, first, second = scan_with_two_documents(world)
    outsider = grouped(client_for("ksv_p"))  # same unit, not assigned to the restricted case
    assert outsider["total"] == 1 and outsider["total_pages"] == 2
    scan_cards = [c for c in outsider["hits"] if c["document_id"] == upload]
    assert [c["part_id"] for c in scan_cards] == [first]
    assert [p["page"] for p in scan_cards[0]["pages"]] == [1, 2]
    assert "77/BB" not in str(outsider) and "Phạm Văn Dũng" not in str(outsider)
    assert grouped(client_for("ksv_p"), q="Phạm Văn Dũng")["hits"] == []

    # The index has not caught up yet with a move of the open record into the restricted case: the records decide.
    with world.archive.transaction() as s:
        part = s.get(DocumentPart, first)
        part.case_id = s.scalar(select(Case.id).where(Case.code == "HS-P-MAT"))
    stale = grouped(client_for("ksv_p"))
    assert [c for c in stale["hits"] if c["document_id"] == upload] == []
    assert stale["total"] == len(stale["hits"])
    assert stale["total_pages"] == sum(c["matched_pages"] for c in stale["hits"])
    assert "Nguyễn Văn An" not in str([c for c in stale["hits"] if c["document_id"] == upload])


def test_pages_beyond_the_index_snippets_still_show_their_words(client_for, world, monkeypatch):
    import archive.retrieval.searching as searching

    scan_with_two_documents(world)
    monkeypatch.setattr(searching, "GROUP_SNIPPETS", 1)  # the index reads one snippet; the card shows four pages
    cards = grouped(client_for("ksv_p2"))["hits"]
    snippets = [p["snippet"] for c in cards for p in c["pages"]]
    assert len(snippets) == 4 and all("<mark>" in s and "trang" in s for s in snippets)


def test_cards_are_gathered_beyond_one_batch_of_pages(client_for, world, monkeypatch):
    """A search whose best pages all belong to a few documents still fills later pages of cards: the
    index is asked again, past the pages already read."""
    import archive.retrieval.searching as searching

    upload, first, second = scan_with_two_documents(world)
    monkeypatch.setattr(searching, "GROUP_BATCH", 1)  # one page at a time from the index
    everything = grouped(client_for("ksv_p2"))
    assert everything["total"] == 2 and everything["exact"] is True and everything["total_pages"] == 4
    assert sorted([p["page"] for p in c["pages"]] for c in everything["hits"]) == [[1, 2], [3, 4]]
    later = grouped(client_for("ksv_p2"), limit=1, offset=1)
    assert len(later["hits"]) == 1 and later["hits"][0]["part_id"] in {first, second}
    assert later["hits"][0]["part_id"] != grouped(client_for("ksv_p2"), limit=1)["hits"][0]["part_id"]
    # The reader who may not open the restricted case gets its one card, however the pages are read.
    outsider = grouped(client_for("ksv_p"))
    assert [c["part_id"] for c in outsider["hits"] if c["document_id"] == upload] == [first]
