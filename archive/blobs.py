"""Content-addressed storage of originals (write once, atomically, never modified) and page images."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

CHUNK = 1024 * 1024


class TooBig(Exception):
    """The incoming stream is larger than allowed."""


@dataclass(frozen=True)
class Staged:
    """An incoming file copied to a temporary place, hashed, not yet stored."""

    path: Path
    sha256: str
    size: int


class BlobStore:
    """Originals under `originals/ab/cd/<sha256>`; derived page images under `pages/`."""

    def __init__(self, originals: Path, pages: Path, tmp: Path):
        self.originals = originals
        self.pages = pages
        self.tmp = tmp
        for folder in (originals, pages, tmp):
            folder.mkdir(parents=True, exist_ok=True)

    def original_path(self, sha256: str) -> Path:
        return self.originals / sha256[:2] / sha256[2:4] / sha256

    def stage(self, stream: BinaryIO, max_bytes: int) -> Staged:
        """Copy a stream to a temporary file while hashing it; raises TooBig past `max_bytes`."""
        digest = hashlib.sha256()
        size = 0
        fd, name = tempfile.mkstemp(dir=self.tmp, prefix="incoming-")
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise TooBig(size)
                    digest.update(chunk)
                    out.write(chunk)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
        return Staged(path=Path(name), sha256=digest.hexdigest(), size=size)

    def commit(self, staged: Staged) -> Path:
        """Move a staged file into place under its hash; an existing original is kept as is."""
        target = self.original_path(staged.sha256)
        if target.exists():
            staged.path.unlink(missing_ok=True)
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        with staged.path.open("rb") as fh:
            os.fsync(fh.fileno())
        os.chmod(staged.path, 0o444)
        os.replace(staged.path, target)
        _fsync_dir(target.parent)
        return target

    def discard(self, staged: Staged) -> None:
        staged.path.unlink(missing_ok=True)

    def hash_original(self, sha256: str) -> str | None:
        """The SHA-256 of the stored bytes now, or None when the original is missing."""
        path = self.original_path(sha256)
        if not path.exists():
            return None
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                digest.update(chunk)
        return digest.hexdigest()

    def iter_originals(self) -> Iterator[Path]:
        yield from (p for p in self.originals.glob("*/*/*") if p.is_file())

    def page_image_path(self, sha256: str, number: int) -> Path:
        return self.pages / sha256[:2] / sha256 / f"{number:05d}.jpg"

    def write_page_image(self, sha256: str, number: int, data: bytes) -> Path:
        """Store a derived page image (rebuildable, so simply replaced atomically)."""
        return replace_file(self.page_image_path(sha256, number), data)


def replace_file(path: Path, data: bytes) -> Path:
    """Write a derived file so readers see the old or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(name, path)
    return path


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
