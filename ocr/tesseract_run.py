"""Running Tesseract on one image for its TSV word table, or for its orientation detector.

In-process through tesserocr when it is installed: the language model is loaded once per
process and thread instead of once per image (each start of the `tesseract` command costs
about 80 ms of CPU, a tenth of a page). Through the command line (pytesseract) otherwise,
or when the library cannot load the languages. Both run the same settings and, with
tesserocr built on the system's libtesseract, give the same words.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import re
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar

import pytesseract
from PIL import Image

from ocr.types import OcrError

log = logging.getLogger(__name__)

# Tesseract's table finder takes the recipients list beside the signer's titles for a table
# and merges their lines ("Nơi nhận:" into "- Viện kiểm sát ..."); turning it off took the
# clean and 150 dpi pages of the benchmark from 1.78% to 0.19% CER.
SETTINGS = {"textord_tabfind_find_tables": "0"}

# The command line writes this header line; the library gives the rows alone.
_TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"


class _Engines(threading.local):
    """This thread's loaded engines by language string; None where the library cannot serve."""

    def __init__(self) -> None:
        self.by_languages: dict[str, object | None] = {}


_engines = _Engines()

# When the page being read must be done by (time.monotonic()); None outside a page budget.
_page_deadline: ContextVar[float | None] = ContextVar("tesseract_page_deadline", default=None)


@contextmanager
def page_budget(seconds: float):
    """Every Tesseract run inside shares one time budget of `seconds`: the orientation checks, the
    reading, the second readings of unsure lines and the reading without risky cleanup steps. A
    run is given what is left of it; with nothing left the page fails as `page_timeout`."""
    token = _page_deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _page_deadline.reset(token)


def _budgeted(timeout: float) -> float:
    """`timeout`, or less when the page's budget has less left."""
    deadline = _page_deadline.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise OcrError("page_timeout", "the page's time budget is spent")
    return min(timeout, left) if timeout > 0 else left


def _spent() -> bool:
    deadline = _page_deadline.get()
    return deadline is not None and time.monotonic() >= deadline


def read_tsv(image: Image.Image, languages: str, dpi: int, psm: int = 3, timeout: float = 300) -> str:
    """Tesseract's TSV output (with its header line) for an image, in the image's pixels.

    Raises `OcrError` "timeout" when recognition takes longer than `timeout` seconds.
    """
    timeout = _budgeted(timeout)
    try:
        return _read_tsv(_grey_or_colour(image), languages, dpi, psm, timeout)
    except OcrError as exc:
        if exc.code == "timeout" and _spent():  # stopped by the page's budget, not by this run's limit
            raise OcrError("page_timeout", "the page's time budget is spent") from exc
        raise


def _read_tsv(image: Image.Image, languages: str, dpi: int, psm: int, timeout: float) -> str:
    engine = _engine(languages)
    if engine is None:
        return _read_tsv_command(image, languages, dpi, psm, timeout)
    try:
        with _image_in(engine, image, dpi, psm):
            if not engine.Recognize(timeout=max(1, round(timeout * 1000)) if timeout > 0 else 0):
                raise OcrError("timeout", f"Tesseract took more than {timeout} s")
            return _TSV_HEADER + engine.GetTSVText(0)
    except RuntimeError as exc:
        raise OcrError("ocr_failed", str(exc)) from exc


def detect_orientation(image: Image.Image, dpi: int, timeout: float = 60) -> tuple[int, float] | None:
    """Tesseract's orientation detector: how far the page is turned (0, 90, 180 or 270
    degrees) and how sure it is, or None when the page has too little text to tell.

    In-process the detector is not interrupted: it looks at a sample of the page's letters
    and takes well under a second."""
    timeout = _budgeted(timeout)
    image = _grey_or_colour(image)
    engine = _engine("osd")
    if engine is None:
        return _detect_orientation_command(image, dpi, timeout)
    try:
        with _image_in(engine, image, dpi, psm=0):  # orientation and script detection only
            found = engine.DetectOrientationScript()
    except RuntimeError:
        return None
    return (int(found["orient_deg"]), float(found["orient_conf"])) if found else None


def _grey_or_colour(image: Image.Image) -> Image.Image:
    """The image in a mode Tesseract takes as it is: 8-bit grey or RGB."""
    if image.mode in ("L", "RGB"):
        return image
    return image.convert("L" if image.mode in ("1", "I;16", "I") else "RGB")


@contextmanager
def _image_in(engine, image: Image.Image, dpi: int, psm: int):
    """The image set on this thread's engine for one run, cleared after it."""
    pixels = image.tobytes()  # must outlive the run: Tesseract reads it in place
    channels = len(image.mode)
    try:
        engine.SetPageSegMode(psm)
        engine.SetImageBytes(pixels, image.width, image.height, channels, image.width * channels)
        engine.SetSourceResolution(dpi)
        yield
    finally:
        engine.Clear()


def _detect_orientation_command(image: Image.Image, dpi: int, timeout: float) -> tuple[int, float] | None:
    try:
        osd = pytesseract.image_to_osd(
            image, config=f"--psm 0 --dpi {dpi}", output_type=pytesseract.Output.DICT, timeout=timeout
        )
    except (pytesseract.TesseractError, RuntimeError):
        return None  # too few characters to decide
    return int(osd["orientation"]), float(osd.get("orientation_conf", 0))


def in_process(languages: str) -> bool:
    """True when Tesseract reads `languages` inside this process (tesserocr), False when it
    runs as a command."""
    return _engine(languages) is not None


def _engine(languages: str):
    """This thread's tesserocr engine for `languages`, loaded on first use, or None."""
    if languages not in _engines.by_languages:
        _engines.by_languages[languages] = _load(languages)
    return _engines.by_languages[languages]


def _load(languages: str):
    # OpenMP reads its thread limit once, when Tesseract's library is loaded: hence the import
    # here, after a page worker has set it as it starts. Where nothing set it, one thread:
    # pages run one per core, and Tesseract's own threads then cost several times the CPU.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        import tesserocr
    except ImportError:
        log.info("tesserocr is not installed: Tesseract runs as a command")
        return None
    settings = {"lang": languages, "psm": tesserocr.PSM.AUTO, "variables": SETTINGS}
    try:
        return tesserocr.PyTessBaseAPI(**settings)
    except RuntimeError:
        pass
    # A tesserocr wheel brings a Tesseract of its own but no language data: the command's.
    path = _command_data_path()
    if path:
        try:
            return tesserocr.PyTessBaseAPI(path=path, **settings)
        except RuntimeError:
            pass
    log.warning("tesserocr cannot load %s: Tesseract runs as a command", languages)
    return None


def _command_data_path() -> str | None:
    """The language data folder of the `tesseract` command, or None."""
    try:
        listing = subprocess.run(
            [pytesseract.pytesseract.tesseract_cmd, "--list-langs"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r'"([^"]+)"', listing.stdout + listing.stderr)
    return found.group(1) if found else None


def _read_tsv_command(image: Image.Image, languages: str, dpi: int, psm: int, timeout: float) -> str:
    config = f"--psm {psm} --dpi {dpi} " + " ".join(f"-c {name}={value}" for name, value in SETTINGS.items())
    with tempfile.TemporaryDirectory(prefix="hoso-ocr-") as folder:
        # An uncompressed file is written and read far faster than the PNG pytesseract would
        # make; Leptonica reads an uncompressed TIFF about 30 ms a page faster than a PNM.
        source = os.path.join(folder, "page.tif")
        image.save(source, "TIFF")
        try:
            return pytesseract.image_to_data(source, lang=languages, config=config, timeout=timeout)
        except RuntimeError as exc:  # pytesseract raises RuntimeError on timeout
            raise OcrError("timeout", str(exc)) from exc
        except pytesseract.TesseractError as exc:
            raise OcrError("ocr_failed", str(exc)) from exc


def read_rows(tsv: str) -> list[dict[str, str]]:
    """The rows of Tesseract's TSV output as dictionaries."""
    return list(csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE))
