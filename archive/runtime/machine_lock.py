"""A lock that one process of this machine holds at a time: for what the processes of one host share in
HOSO_HOME (the embedded search index, the outbox that feeds it) when no database lock covers it."""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def machine_lock(path: Path):
    """Wait for, then hold, an exclusive lock on the file at `path` (made when missing); the kernel releases
    it when the holder ends, however it ends, so a killed process never leaves it held."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
