"""The archive as one object: settings, database, blob store, page executor, search index, queue.

Built once per process from settings; every entry point (CLI, web app, worker) opens one.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from functools import cached_property

from sqlalchemy.orm import Session

from archive.processing import summaries as _summaries  # noqa: F401  (uploads summarised again when their parts change)
from archive.runtime import outbox as _outbox  # noqa: F401  (registers the outbox rows of every change)
from archive.runtime.blobs import open_blob_store
from archive.runtime.db import make_engine, make_session_factory, migrate, transaction
from archive.runtime.outbox import Outbox
from archive.runtime.settings import Settings
from archive.trust import audit as _audit  # noqa: F401  (registers the chaining of audit rows)
from archive.trust.access_log import AccessLog
from ocr import OcrOptions


class Archive:
    """Owns the long-lived resources; cheap parts are built eagerly, costly ones on first use."""

    def __init__(self, settings: Settings | None = None):
        self.settings = settings or Settings()
        self.settings.resolved_home.mkdir(parents=True, exist_ok=True)
        self.engine = make_engine(self.settings.sqlalchemy_url)
        migrate(self.engine)
        self.session_factory = make_session_factory(self.engine)
        self.blobs = open_blob_store(self.settings)
        self.blobs.sweep_tmp()  # what a killed run left half-written
        self.ocr_options = OcrOptions(languages=self.settings.ocr_languages)
        self._lock = threading.Lock()

    def session(self) -> Session:
        return self.session_factory()

    @contextmanager
    def transaction(self):
        with transaction(self.session_factory) as session:
            yield session

    # The costly parts' modules are imported on first use too, so that a CLI command or a test that
    # needs none of them starts without them: OpenCV and Tesseract (executor), the search engine
    # (search), Huey and Redis (queue) took 1.3 s of a cold `hoso` start on this machine.
    @cached_property
    def executor(self):
        from archive.runtime.executor import PageExecutor

        return PageExecutor.from_settings(self.settings)

    @cached_property
    def search(self):
        from archive.retrieval.indexing import SearchService

        return SearchService(self)

    @cached_property
    def outbox(self):
        return Outbox(self)

    @cached_property
    def access_log(self):
        return AccessLog(self)

    @cached_property
    def queue(self):
        from archive.runtime.jobs import JobQueue

        return JobQueue(self)

    def close(self) -> None:
        if "queue" in self.__dict__:
            self.queue.stop_consumer()
        if "outbox" in self.__dict__:
            self.outbox.stop()
        if "access_log" in self.__dict__:
            self.access_log.close()
        if "search" in self.__dict__:
            self.search.close()
        if "executor" in self.__dict__:
            self.executor.shutdown()
        self.engine.dispose()
