"""Content-addressed storage of originals (write once, atomically, never modified) and page images."""

from __future__ import annotations

import hashlib
import os
import socket
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from archive.owner import pid_alive

CHUNK = 1024 * 1024
STALE_TMP_SECONDS = 24 * 3600


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
        fd, name = tempfile.mkstemp(dir=self.tmp, prefix=_staging_prefix())
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

    def sweep_tmp(self, max_age_seconds: float = STALE_TMP_SECONDS) -> int:
        """Remove what interrupted runs left in tmp/; returns how many files went.

        A staged file goes when the process that wrote it (on this machine) is gone, or when it
        is older than any staging could take; files of live processes are left alone.
        """
        removed = 0
        now = time.time()
        for path in self.tmp.iterdir():
            if not path.is_file():
                continue
            owner = _staging_owner(path.name)
            try:
                old = now - path.stat().st_mtime > max_age_seconds
            except FileNotFoundError:
                continue
            if old or (owner is not None and not pid_alive(owner)):
                path.unlink(missing_ok=True)
                removed += 1
        return removed

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


def _host_tag() -> str:
    return hashlib.sha1(socket.gethostname().encode()).hexdigest()[:8]


def _staging_prefix() -> str:
    """Staged files name their machine and process, so a sweep knows when their writer is gone."""
    return f"incoming-{_host_tag()}-{os.getpid()}-"


def _staging_owner(name: str) -> int | None:
    """The pid of the process on this machine that staged a file, or None when not told."""
    parts = name.split("-")
    if len(parts) >= 4 and parts[0] == "incoming" and parts[1] == _host_tag() and parts[2].isdigit():
        return int(parts[2])
    return None


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
