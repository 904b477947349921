"""Shared fixtures: an archive in a temporary home, and small real-looking page files."""

from __future__ import annotations

import pytest

from archive.core import Archive
from archive.runtime.settings import Settings


@pytest.fixture
def settings(tmp_path, monkeypatch) -> Settings:
    home = tmp_path / "hoso-data"
    monkeypatch.setenv("HOSO_HOME", str(home))
    monkeypatch.delenv("HOSO_DATABASE_URL", raising=False)
    monkeypatch.delenv("HOSO_QUEUE_URL", raising=False)
    monkeypatch.delenv("HOSO_BLOB_URL", raising=False)
    return Settings(home=home, workers=2)


@pytest.fixture
def archive(settings):
    instance = Archive(settings)
    yield instance
    instance.close()


@pytest.fixture(scope="session")
def case_file_docs():
    """The documents of one criminal case, as the sample corpus writes them (ground truth included)."""
    from sample_files.corpus import make_case_file

    return make_case_file(seed=11)


@pytest.fixture(scope="session")
def scans(tmp_path_factory, case_file_docs) -> dict:
    """Real-looking scans of that case in every input format, rendered once per test session.

    Keys: png (one page, an indictment-style decision naming the accused), tiff (two
    documents' first pages in one multi-page TIFF), scanned_pdf (image-only), digital_pdf
    (born-digital text layer); `docs` maps each key to the SampleDocument(s) it shows.
    """
    from sample_files.render import render_document
    from sample_files.writers import write_born_digital_pdf, write_png, write_scanned_pdf, write_tiff

    folder = tmp_path_factory.mktemp("scans")
    by_type = {doc.doc_type: doc for doc in case_file_docs}
    accused_doc = by_type["qd_khoi_to_bi_can"]
    first = render_document(accused_doc, dpi=200)[0]
    second_doc = by_type["lenh_bat_tam_giam"] if "lenh_bat_tam_giam" in by_type else case_file_docs[0]
    second = render_document(second_doc, dpi=200)[0]
    digital_doc = by_type.get("cao_trang", case_file_docs[-1])
    return {
        "png": write_png(first, folder / "qd-khoi-to-bi-can.png"),
        "tiff": write_tiff([first, second], folder / "ho-so.tiff"),
        "scanned_pdf": write_scanned_pdf([second], folder / "lenh.pdf"),
        "digital_pdf": write_born_digital_pdf(digital_doc, folder / "cao-trang.pdf"),
        "docs": {
            "png": accused_doc,
            "tiff": [accused_doc, second_doc],
            "scanned_pdf": second_doc,
            "digital_pdf": digital_doc,
        },
        "texts": {"png": first.text, "second": second.text},
    }


@pytest.fixture(scope="session")
def multi_document_pages():
    """The sample TIFF holding three documents, read by Tesseract once for the whole test run."""
    import shutil

    from tests.samples import MULTI_DOCUMENT_TIFF, read_pages

    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is missing: install tesseract-ocr and tesseract-ocr-vie (scripts/setup.sh)")
    return read_pages(MULTI_DOCUMENT_TIFF)


@pytest.fixture
def postgres_url():
    """A fresh PostgreSQL database on this machine's server (skipped when none runs)."""
    from tests.databases import fresh_postgres_database

    yield from fresh_postgres_database()


@pytest.fixture
def redis_queue(request):
    """The test module's REDIS_URL (a Redis database number of its own), emptied before and after."""
    redis = pytest.importorskip("redis")
    url = request.module.REDIS_URL
    client = redis.Redis.from_url(url)
    client.flushdb()
    try:
        yield url
    finally:
        client.flushdb()
        client.close()
