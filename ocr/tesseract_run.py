"""Tesseract as the OCR engine: one image in, its `PageText` (or its orientation) out.

In-process through tesserocr when it is installed: the language model is loaded once per
process and thread instead of once per image (each start of the `tesseract` command costs
about 80 ms of CPU, a tenth of a page). Through the command line (pytesseract) otherwise,
or when the library cannot load the languages. Both run the same settings and, with
tesserocr built on the system's libtesseract, give the same words.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol

import pytesseract
from PIL import Image

from ocr.page_text import PageText, from_tsv
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


class Recogniser(Protocol):
    """An OCR engine: what it reads on an image, and how far the image is turned."""

    def read(self, image: Image.Image, dpi: int, psm: int, timeout: float) -> PageText: ...

    def orientation(self, image: Image.Image, dpi: int, timeout: float) -> tuple[int, float] | None: ...


class InProcess:
    """Tesseract through tesserocr, in this process: its language model loaded once per thread."""

    def __init__(self, api) -> None:
        self.api = api

    def read(self, image: Image.Image, dpi: int, psm: int, timeout: float) -> PageText:
        try:
            with _image_in(self.api, image, dpi, psm):
                if not self.api.Recognize(timeout=max(1, round(timeout * 1000)) if timeout > 0 else 0):
                    raise OcrError("timeout", f"Tesseract took more than {timeout} s")
                return from_tsv(_TSV_HEADER + self.api.GetTSVText(0))
        except RuntimeError as exc:
            raise OcrError("ocr_failed", str(exc)) from exc

    def orientation(self, image: Image.Image, dpi: int, timeout: float) -> tuple[int, float] | None:
        # The detector is not interrupted: it looks at a sample of the page's letters, well under a second.
        try:
            with _image_in(self.api, image, dpi, psm=0):  # orientation and script detection only
                found = self.api.DetectOrientationScript()
        except RuntimeError:
            return None
        return (int(found["orient_deg"]), float(found["orient_conf"])) if found else None


class Command:
    """Tesseract as the `tesseract` command (pytesseract), one process per image."""

    def __init__(self, languages: str) -> None:
        self.languages = languages

    def read(self, image: Image.Image, dpi: int, psm: int, timeout: float) -> PageText:
        return from_tsv(_read_tsv_command(image, self.languages, dpi, psm, timeout))

    def orientation(self, image: Image.Image, dpi: int, timeout: float) -> tuple[int, float] | None:
        return _detect_orientation_command(image, dpi, timeout)


def recogniser_for(languages: str) -> Recogniser:
    """tesserocr when it is installed and loads `languages`, the command otherwise."""
    api = _engine(languages)
    return InProcess(api) if api is not None else Command(languages)


def read_text(image: Image.Image, languages: str, dpi: int, psm: int = 3, timeout: float = 300) -> PageText:
    """What Tesseract reads on an image, in the image's pixels, within the page's time budget.

    Raises `OcrError` "timeout" when this run takes longer than `timeout` seconds, and
    "page_timeout" when the page's budget (`page_budget`) is spent.
    """
    timeout = _budgeted(timeout)
    try:
        return recogniser_for(languages).read(_grey_or_colour(image), dpi, psm, timeout)
    except OcrError as exc:
        if exc.code == "timeout" and _spent():  # stopped by the page's budget, not by this run's limit
            raise OcrError("page_timeout", "the page's time budget is spent") from exc
        raise


def detect_orientation(image: Image.Image, dpi: int, timeout: float = 60) -> tuple[int, float] | None:
    """Tesseract's orientation detector: how far the page is turned (0, 90, 180 or 270
    degrees) and how sure it is, or None when the page has too little text to tell."""
    timeout = _budgeted(timeout)
    return recogniser_for("osd").orientation(_grey_or_colour(image), dpi, timeout)


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
