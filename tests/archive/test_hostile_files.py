"""Real-world trap files (loops, bombs, known crashers, encryption, garbage text layers, rotations)
end stored and processed, or rejected or failed with a Vietnamese reason; never a traceback or a hang.

The files come from the shared corpus (never copied here); the full corpus runs in
`bench/corpus_ingest.py`.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from archive.core import Archive
from archive.messages import MESSAGES
from archive.processing.ingest import Incoming, Ingestor, expand_paths
from archive.records.models import Document, Page
from archive.runtime.jobs import process_now

CORPORA = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpora"

# name -> what must happen: "done", "rejected:<code>", "failed", or "any" (done, rejected or failed)
TRAPS = {
    # the four files that crashed ingest with a traceback
    "pillow__crash-2020-10-test.tif": "rejected:corrupt",
    "pdfjs__Pages-tree-refs.pdf": "rejected:corrupt",
    "pdfjs__poppler-937-0-fuzzed.pdf": "rejected:corrupt",
    "pikepdf__378014596.pdf": "rejected:corrupt",
    # page-tree, outline and trailer loops
    "qpdf__pages-loop.pdf": "any",
    "pikepdf__cyclic-toc.pdf": "any",
    "pillow__trailer_loop.pdf": "any",
    # bombs: refused before decoding
    "ocrmypdf__hugemono.pdf": "rejected:too_large",
    "ocrmypdf__poster.pdf": "done",  # 112 Mpx at 300 dpi: read at a lower resolution, within memory
    "pdfjs__boundingBox_invalid.pdf": "done",  # a crop box outside the media box
    "pillow__decompression_bomb.gif": "rejected:unsupported_type",
    "pillow__png_decompression_dos.png": "rejected:corrupt",
    "pillow__oom-225817ca0f8c663be7ab4b9e717b02c661e66834.tif": "rejected:corrupt",
    # encrypted with a user password; a Word file posing as an image
    "pdfplumber__password-example.pdf": "rejected:encrypted",
    "pillow__test-ole-file.doc": "rejected:office_document",
    # looping TIFF frames
    "pillow__multipage_single_frame_loop.tiff": "any",
    "pillow__multipage_multiple_frame_loop.tiff": "any",
    # text layers that are garbage: read by OCR instead
    "ocrmypdf__type3_font_nomapping.pdf": "done",
    "pdfjs__TrueType_without_cmap.pdf": "any",
    # rotations
    "pypdf__indirect-rotation.pdf": "done",
    "ocrmypdf__rotated_skew.pdf": "done",
}


def corpus_file(name: str) -> Path:
    for folder in ("pdfs", "images"):
        path = CORPORA / folder / name
        if path.is_file():
            return path
    pytest.skip(f"shared corpus not found at {CORPORA} (needs {name})")


def assert_readable(reason: str) -> None:
    """A catalogued Vietnamese sentence, with at most a short readable detail; never exception text."""
    assert reason, "no reason given"
    base = next((text for text in MESSAGES.values() if reason.startswith(text)), None)
    assert base is not None, f"reason not from the catalogue: {reason!r}"
    rest = reason[len(base) :]
    assert re.fullmatch(r"( \([^()]{1,60}\))?", rest), f"unexpected detail: {reason!r}"
    for marker in ("Error", "Exception", "Traceback", "errno", "/", "'", "pdfium", "PIL"):
        assert marker not in rest, f"technical text in reason: {reason!r}"


@pytest.fixture(scope="module")
def trap_archive(tmp_path_factory):
    """One archive for all traps, with tight limits (a page normally takes a few seconds)."""
    from archive.runtime.settings import Settings

    home = tmp_path_factory.mktemp("traps") / "hoso-data"
    archive = Archive(Settings(home=home, workers=2, page_seconds=60, page_memory_mb=1536, job_threads=2))
    yield archive
    archive.close()


@pytest.fixture(scope="module")
def trap_outcomes(trap_archive):
    """Every trap ingested and processed as `hoso ingest --wait` does it: name -> (outcome, code, reason)."""
    paths = [corpus_file(name) for name in TRAPS]
    report = Ingestor(trap_archive).ingest_all(expand_paths(paths))
    process_now(trap_archive, [d.id for d in report.documents if not d.duplicate])
    outcomes = {}
    for rejection in report.rejected:
        outcomes[rejection.filename] = ("rejected", rejection.code, rejection.reason)
    with trap_archive.session() as session:
        for item in report.documents:
            document = session.get(Document, item.id)
            outcomes[item.filename] = (document.status, document.failure_code, document.failure_reason)
    return outcomes


@pytest.mark.parametrize("name", list(TRAPS))
def test_trap_file_ends_processed_or_refused_with_a_readable_reason(trap_outcomes, name):
    status, code, reason = trap_outcomes[name]
    expected = TRAPS[name]
    assert status in ("done", "rejected", "failed"), f"{name} left {status}"
    if status != "done":
        assert_readable(reason)
    if expected == "done":
        assert status == "done", f"{name}: {status} {code} {reason}"
    elif expected.startswith("rejected:"):
        assert (status, code) == ("rejected", expected.split(":", 1)[1]), f"{name}: {status} {code} {reason}"


def test_garbage_text_layer_is_read_by_ocr_not_indexed(trap_archive, trap_outcomes):
    with trap_archive.session() as session:
        document = session.query(Document).filter_by(filename="ocrmypdf__type3_font_nomapping.pdf").one()
        pages = session.query(Page).filter_by(document_id=document.id).all()
        assert pages and all(page.source == "ocr" for page in pages)


def test_rotated_pages_are_all_stored_once(trap_archive, trap_outcomes):
    with trap_archive.session() as session:
        document = session.query(Document).filter_by(filename="pypdf__indirect-rotation.pdf").one()
        numbers = [p.number for p in session.query(Page).filter_by(document_id=document.id).order_by(Page.number)]
        assert numbers == list(range(1, document.page_count + 1))


def test_traps_inside_a_zip_give_the_same_outcomes_entry_by_entry(archive, trap_outcomes):
    """The same files packed in one ZIP: each entry is stored or rejected on its own, the rest go on."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name in TRAPS:
            zf.writestr(name, corpus_file(name).read_bytes())
    data = buffer.getvalue()
    report = Ingestor(archive).ingest_all(iter([Incoming("bay.zip", lambda: io.BytesIO(data))]))
    got = {r.filename.removeprefix("bay.zip/"): ("rejected", r.code) for r in report.rejected}
    got.update({d.filename.removeprefix("bay.zip/"): ("stored", None) for d in report.documents})
    expected = {
        name: ("rejected", code) if status == "rejected" else ("stored", None)
        for name, (status, code, _) in trap_outcomes.items()
    }
    assert got == expected
    for rejection in report.rejected:
        assert_readable(rejection.reason)
    assert list(archive.blobs.tmp.iterdir()) == []
