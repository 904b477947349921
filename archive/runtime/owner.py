"""Which process owns a piece of work, and whether that process is certainly gone.

A token names the machine, the pid and the pid's start time (so a reused pid is not taken for
the old process). Only a process on this machine can be known to be gone; for any other the
answer is "not known", and the heartbeat decides.
"""

from __future__ import annotations

import os
import socket
from functools import cache


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid runs on this machine (one we may not signal counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@cache
def _host() -> str:
    return socket.gethostname()


def _start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (Linux), or None when it cannot be read."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            stat = fh.read().decode("ascii", "replace")
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may hold spaces: count fields after it.
    return stat.rsplit(")", 1)[-1].split()[19]


def this_process() -> str:
    return f"{_host()}:{os.getpid()}:{_start_time(os.getpid()) or ''}"


def is_gone(token: str | None) -> bool:
    """True when the token names a process of this machine that no longer runs."""
    parts = (token or "").rsplit(":", 2)
    if len(parts) != 3 or parts[0] != _host() or not parts[1].isdigit():
        return False
    pid, started = int(parts[1]), parts[2]
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass
    now = _start_time(pid)
    return bool(started and now and now != started)
