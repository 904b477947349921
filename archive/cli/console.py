"""What every `hoso` command shares: its consoles, the one-line failure, JSON output, progress bars.

Commands import the rooms they use inside themselves, for a quick start (archive/cli/__init__.py).
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import socket
import sys

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from typer.core import TyperGroup

from archive.errors import HosoError

out = Console()
err = Console(stderr=True)


def fail(reason: str, problems: list[str] | None = None, code: int = 1) -> None:
    """Stop with a one-line Vietnamese reason on stderr (after any per-line problems) and a non-zero exit."""
    for problem in problems or []:
        err.print(f"  {problem}", highlight=False, markup=False)
    # escaped: a reason quoting user input such as "[/]" is text, not markup; never wrapped: one line
    err.print(f"[red]Lỗi:[/red] {escape(reason)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


class HosoCommands(TyperGroup):
    """The `hoso` command: an archive error raised by any sub-command ends it with its Vietnamese message on one
    line and exit code 1, the one place where the CLI translates errors."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except HosoError as exc:
            fail(exc.message())


def open_archive():
    """The archive of HOSO_HOME, warnings and errors logged to stderr; what the command does is audited
    as the system account, from this machine's user and host."""
    from archive.core import Archive
    from archive.trust.audit import AuditContext, set_context

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    archive = Archive()
    set_context(
        AuditContext(
            actor=archive.settings.system_account, role="system", client=f"cli:{_os_user()}@{socket.gethostname()}"[:64]
        )
    )
    return archive


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())


def emit_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def progress_bar() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )
