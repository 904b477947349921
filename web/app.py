"""Builds the FastAPI application around one archive; starts and stops its workers."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from web import api, pages

HERE = Path(__file__).parent


def create_app(archive=None, run_workers: bool = False) -> FastAPI:
    """The app; `run_workers` starts the job consumer and the watched folder in this process."""

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        nonlocal archive
        if archive is None:
            from archive.core import Archive

            archive = Archive()
        app.state.archive = archive
        watcher = None
        if run_workers:
            archive.queue.start_consumer()
            if archive.settings.watch_dir:
                from archive.watch import FolderWatcher

                watcher = FolderWatcher(archive, archive.settings.watch_dir, enqueue=archive.queue.enqueue)
                watcher.start()
        try:
            yield
        finally:
            if watcher is not None:
                watcher.stop()
            archive.close()

    app = FastAPI(title="hoso", description="Số hóa hồ sơ vụ án và kho chứng cứ điện tử", lifespan=lifespan)
    app.include_router(api.router, prefix="/api")
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    return app
