"""How `hoso serve` runs: the one place the served app is built, and a server of several processes.

One process (`--processes 1`, the default) serves the web app and consumes jobs in its own threads.
With `--processes N` uvicorn runs N web processes behind one socket, each building its app here from
settings (the factory below, named to uvicorn as an import string), none of them consuming jobs; jobs
are consumed by ONE separate process running `hoso worker`, started and stopped with the server.
What those processes share on one machine is shared through the database and HOSO_HOME: the job queue
(SQLite or Redis), sessions and their signing key (the database), the audit chain (its head row is
taken under the database's write lock), and the embedded search index (one drainer of the outbox at a
time across processes, archive/runtime/outbox.py; readers see each commit).
"""

from __future__ import annotations

import ctypes
import importlib
import logging
import os
import signal
import subprocess
import sys

from archive.cli.console import open_archive

APP_FACTORY = "archive.cli.serving:web_process_app"
PR_SET_PDEATHSIG = 1
STOP_SECONDS = 20.0
log = logging.getLogger("hoso.serve")


def build_app(archive=None, run_workers: bool = False):
    """The served app: the archive (built from settings when none is given) handed to the web layer.

    The web layer is named, not imported: the archive does not depend on it.
    """
    create_app = importlib.import_module("web.app").create_app
    if archive is None:
        archive = open_archive()
        logging.getLogger("hoso").setLevel(logging.INFO)
    return create_app(archive, run_workers=run_workers)


# Idle connections are kept open longer than a proxy's or a browser's (nginx keeps upstream connections
# 60 s): with uvicorn's 5 s, a client sending on a connection the server was just closing got a reset.
KEEP_ALIVE_SECONDS = 75
# uvicorn restarts a web process that does not answer its health ping in this long, dropping its requests:
# with its 5 s, a process busy building an exhibit bundle on a loaded 2-core machine was killed mid-request.
HEALTHCHECK_SECONDS = 60
UVICORN_OPTIONS = {
    "log_level": "info",
    "timeout_keep_alive": KEEP_ALIVE_SECONDS,
    "timeout_worker_healthcheck": HEALTHCHECK_SECONDS,
}


def web_process_app():
    """The app of one of several web processes (uvicorn's factory): it serves requests, consumes no jobs.

    It dies with the server process, however that goes (kill -9 too), rather than serving on as an orphan."""
    if sys.platform.startswith("linux"):
        _die_with_parent()
    return build_app(run_workers=False)


def serve_processes(host: str, port: int, processes: int, workers: bool) -> None:
    """N web processes behind one socket and, with `workers`, one job consumer; all stop together."""
    import uvicorn

    consumer = start_consumer() if workers else None
    try:
        uvicorn.run(APP_FACTORY, factory=True, workers=processes, host=host, port=port, **UVICORN_OPTIONS)
    finally:
        if consumer is not None:
            stop_consumer(consumer)


def _die_with_parent() -> None:
    """The kernel sends this process SIGTERM when its parent (the server) dies, even by kill -9."""
    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the server went before the request was made
        os.kill(os.getpid(), signal.SIGTERM)


def start_consumer() -> subprocess.Popen:
    """`hoso worker` (watching the watched folder too) as a child of the server, in its own process group:
    a Ctrl-C at the terminal reaches the server, which stops it, rather than asking it for a slow graceful stop."""
    return subprocess.Popen(
        [sys.executable, "-m", "archive.cli", "worker", "--watch"],
        start_new_session=True,
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,  # noqa: PLW1509 - no threads yet
    )


def stop_consumer(consumer: subprocess.Popen) -> None:
    """SIGTERM (Huey's quick stop: a page half-read is read again on the next start), then SIGKILL if it lingers."""
    if consumer.poll() is not None:
        return
    consumer.send_signal(signal.SIGTERM)
    try:
        consumer.wait(STOP_SECONDS)
    except subprocess.TimeoutExpired:
        log.warning("job consumer %d did not stop in %.0fs: killed", consumer.pid, STOP_SECONDS)
        os.kill(consumer.pid, signal.SIGKILL)
        consumer.wait()
