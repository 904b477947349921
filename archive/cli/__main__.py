"""`python -m archive.cli` runs the `hoso` command."""

from archive.cli.main import app

app()
