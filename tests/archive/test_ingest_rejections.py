"""Bad input at ingest gets a clear reason and changes nothing already stored."""

from __future__ import annotations

import io
import zipfile

import pikepdf
import pytest
from PIL import Image, ImageDraw

from archive.processing.ingest import Incoming, Ingestor, expand_paths
from archive.records.models import Document


def page_png(text: str = "Biên bản hỏi cung bị can") -> bytes:
    image = Image.new("L", (800, 1100), 255)
    ImageDraw.Draw(image).text((60, 80), text, fill=0)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def ingest_bytes(archive, name: str, data: bytes):
    ingestor = Ingestor(archive)
    return ingestor.ingest_all(iter([Incoming(name, lambda: io.BytesIO(data))]))


def stored_state(archive):
    with archive.session() as session:
        documents = session.query(Document).count()
    originals = sorted(p.name for p in archive.blobs.iter_originals())
    leftovers = list(archive.blobs.tmp.iterdir())
    return documents, originals, leftovers


@pytest.fixture
def one_stored(archive):
    report = ingest_bytes(archive, "trang1.png", page_png())
    assert len(report.documents) == 1
    return stored_state(archive)


def encrypted_pdf() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    buffer = io.BytesIO()
    pdf.save(buffer, encryption=pikepdf.Encryption(user="matkhau", owner="matkhau"))
    return buffer.getvalue()


def bomb_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (12000, 12000), 1).save(buffer, "PNG")  # 144 Mpx, tiny on disk
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("rong.pdf", b"", "empty"),
        ("ghichu.pdf", "Đây không phải là PDF".encode(), "unsupported_type"),
        ("hong.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage", "corrupt"),
        ("matkhau.pdf", None, "encrypted"),
        ("bom.png", None, "too_large"),
        ("cut.png", None, "corrupt"),
        ("script.jpg", b"#!/bin/sh\nrm -rf /\n", "unsupported_type"),
    ],
)
def test_bad_files_are_rejected_with_reason_and_change_nothing(archive, one_stored, name, data, code):
    if data is None:
        data = {"matkhau.pdf": encrypted_pdf, "bom.png": bomb_png, "cut.png": lambda: page_png()[:300]}[name]()
    report = ingest_bytes(archive, name, data)
    assert report.documents == []
    assert [r.code for r in report.rejected] == [code]
    assert report.rejected[0].reason  # a Vietnamese sentence, not a code
    assert report.rejected[0].reason != code
    assert stored_state(archive) == one_stored


def test_duplicate_upload_returns_existing_document(archive):
    first = ingest_bytes(archive, "a.png", page_png())
    second = ingest_bytes(archive, "ban-sao.png", page_png())
    assert first.documents[0].duplicate is False
    assert second.documents[0].duplicate is True
    assert second.documents[0].id == first.documents[0].id
    assert len(list(archive.blobs.iter_originals())) == 1


def test_original_is_stored_read_only_under_its_hash(archive):
    data = page_png()
    report = ingest_bytes(archive, "a.png", data)
    path = archive.blobs.original_path(report.documents[0].sha256)
    assert path.read_bytes() == data
    assert path.stat().st_mode & 0o222 == 0
    assert path.parent.parent.name == report.documents[0].sha256[:2]


def test_zip_entries_escaping_the_folder_are_rejected_others_kept(archive, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("hoso/trang1.png", page_png("Trang một"))
        zf.writestr("../../etc/cron.d/evil.png", page_png("Độc hại"))
        zf.writestr("/abs/evil2.png", page_png("Độc hại 2"))
        zf.writestr("hoso/ghichu.txt", "không phải ảnh")
    report = ingest_bytes(archive, "hoso.zip", buffer.getvalue())
    assert [d.filename for d in report.documents] == ["hoso.zip/hoso/trang1.png"]
    codes = sorted(r.code for r in report.rejected)
    assert codes == ["unsupported_type", "zip_traversal", "zip_traversal"]
    assert not (tmp_path / "etc").exists()


def test_corrupt_zip_is_rejected(archive):
    report = ingest_bytes(archive, "hong.zip", b"PK\x03\x04" + b"\x00" * 40)
    assert [r.code for r in report.rejected] == ["zip_corrupt"]


def test_folders_are_expanded_recursively(archive, tmp_path):
    folder = tmp_path / "ho-so-vu-an"
    (folder / "phan-2").mkdir(parents=True)
    (folder / "trang1.png").write_bytes(page_png("một"))
    (folder / "phan-2" / "trang2.png").write_bytes(page_png("hai"))
    report = Ingestor(archive).ingest_all(expand_paths([folder]))
    assert sorted(d.filename for d in report.documents) == ["ho-so-vu-an/phan-2/trang2.png", "ho-so-vu-an/trang1.png"]


def test_filenames_are_nfc(archive):
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Biên bản.png")
    report = ingest_bytes(archive, decomposed, page_png())
    assert report.documents[0].filename == unicodedata.normalize("NFC", "Biên bản.png")


def zip_of(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def break_entry(data: bytes, entry: str) -> bytes:
    """The ZIP with the compressed bytes of one entry overwritten (its header left intact)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(entry)
    header_end = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = header_end + info.compress_size // 2
    damaged = bytearray(data)
    damaged[middle : middle + 64] = b"\xff" * 64
    return bytes(damaged)


def test_a_damaged_zip_entry_rejects_that_entry_only(archive):
    data = zip_of(
        {"1-tot.png": page_png("Trang một"), "2-hong.png": page_png("Trang hai"), "3-tot.png": page_png("Trang ba")}
    )
    report = ingest_bytes(archive, "hoso.zip", break_entry(data, "2-hong.png"))
    assert [d.filename for d in report.documents] == ["hoso.zip/1-tot.png", "hoso.zip/3-tot.png"]
    assert [(r.filename, r.code) for r in report.rejected] == [("hoso.zip/2-hong.png", "zip_entry_corrupt")]
    assert "ZIP" in report.rejected[0].reason and "Error" not in report.rejected[0].reason
    assert list(archive.blobs.tmp.iterdir()) == []


def docx_bytes() -> bytes:
    return zip_of(
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"/>',
            "_rels/.rels": "<Relationships/>",
            "word/document.xml": "<w:document/>",
        }
    )


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active["A1"] = "Số liệu thống kê"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")  # first and stored, as ODF requires
        zf.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "make"),
    [("to-trinh.docx", docx_bytes), ("bang.xlsx", xlsx_bytes), ("van-ban.odt", odt_bytes), ("ban-ve.png", docx_bytes)],
)
def test_office_files_are_recognised_by_content_and_refused(archive, one_stored, name, make):
    report = ingest_bytes(archive, name, make())
    assert [(r.filename, r.code) for r in report.rejected] == [(name, "office_document")]
    assert "Office" in report.rejected[0].reason
    assert stored_state(archive) == one_stored


def test_an_office_file_inside_a_zip_is_refused_and_the_rest_kept(archive):
    report = ingest_bytes(archive, "hoso.zip", zip_of({"bien-ban.docx": docx_bytes(), "trang.png": page_png()}))
    assert [d.filename for d in report.documents] == ["hoso.zip/trang.png"]
    assert [(r.filename, r.code) for r in report.rejected] == [("hoso.zip/bien-ban.docx", "office_document")]


def test_duplicate_of_a_document_the_uploader_cannot_see_reveals_nothing(archive):
    from archive.records.models import Unit
    from archive.trust.access import Visibility

    with archive.transaction() as session:
        session.add_all(
            [
                Unit(code="P", name="VKSND tỉnh P", level="provincial"),
                Unit(code="Q", name="VKSND tỉnh Q", level="provincial"),
            ]
        )
    data = page_png("Bản cáo trạng của đơn vị Q")
    first = Ingestor(archive, unit_code="Q").ingest_all(iter([Incoming("q-cao-trang.png", lambda: io.BytesIO(data))]))
    with archive.session() as session:
        p_id = session.query(Unit).filter_by(code="P").one().id
    outsider = Visibility(False, frozenset({p_id}), frozenset({"P"}), frozenset(), frozenset())
    again = Ingestor(archive, unit_code="P", visibility=outsider).ingest_all(
        iter([Incoming("cua-toi.png", lambda: io.BytesIO(data))])
    )
    assert again.documents == []
    assert [(r.filename, r.code, r.reason) for r in again.rejected] == [
        ("cua-toi.png", "duplicate_hidden", "Tệp này đã có trong kho")
    ]
    assert first.documents[0].sha256 not in str(again.to_json())
    assert "q-cao-trang" not in str(again.to_json())
