"""Configuration from the environment (`HOSO_*` variables) with zero-setup defaults."""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from search import SHARED_BACKEND, check_backend, default_backend


class Settings(BaseSettings):
    """Everything that changes between one machine and many: set by environment variables."""

    model_config = SettingsConfigDict(env_prefix="HOSO_", env_file=".env", extra="ignore")

    home: Path = Field(default=Path("./hoso-data"), description="Where all data lives")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; SQLite in home by default")
    blob_url: str | None = Field(
        default=None,
        description="s3://bucket/prefix for an S3-compatible object store; the folder under home by default",
    )
    s3_endpoint_url: str | None = Field(default=None, description="e.g. http://minio:9000; AWS itself when unset")
    s3_access_key: str | None = None
    s3_secret_key: SecretStr | None = None
    s3_region: str = "us-east-1"
    s3_attempts: int = Field(default=3, ge=1, description="Tries of one request to the object store")
    s3_timeout_seconds: float = Field(default=30.0, gt=0)
    queue_url: str | None = Field(default=None, description="redis://... for many machines; SQLite by default")
    search_backend: str | None = Field(
        default=None,
        description="tantivy, whoosh or postgres; unset: postgres when the database is PostgreSQL, else tantivy",
    )
    ocr_languages: str = "vie"
    workers: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1)
    job_threads: int = Field(default=2, ge=1, description="Documents processed at once")
    watch_dir: Path | None = None
    max_upload_bytes: int = 512 * 1024 * 1024
    max_pixels: int = 120_000_000
    max_pages: int = 2000
    max_zip_entries: int = 10_000
    max_zip_ratio: int = 200
    page_seconds: float = Field(
        default=120.0, gt=0, description="Longest one page may take before its worker is killed and the document failed"
    )
    page_memory_mb: int = Field(default=2048, ge=0, description="Address-space cap of each OCR worker (0 = none)")
    job_attempts: int = 3
    stale_after_seconds: int = 600
    system_account: str = "hệ thống"
    # Signing in: sessions end after this long, or after this long unused; tokens last this many days.
    session_hours: float = Field(default=12, gt=0)
    session_idle_minutes: float = Field(default=120, gt=0)
    token_days: int = Field(default=90, ge=1)
    # Sign-in is refused for a while after this many wrong passwords within the window.
    login_window_minutes: float = Field(default=15, gt=0)
    login_failures_per_account: int = Field(default=5, ge=1)
    login_failures_per_client: int = Field(default=20, ge=1)
    https: bool = Field(default=False, description="Served over HTTPS: Secure cookies and HSTS")
    trust_proxy: bool = Field(default=False, description="Believe X-Forwarded-Proto/-For from a reverse proxy")

    @cached_property
    def resolved_home(self) -> Path:
        return self.home.expanduser().resolve()

    @property
    def sqlalchemy_url(self) -> str:
        return self.database_url or f"sqlite:///{self.resolved_home / 'hoso.db'}"

    @property
    def originals_dir(self) -> Path:
        return self.resolved_home / "originals"

    @property
    def pages_dir(self) -> Path:
        return self.resolved_home / "pages"

    @property
    def tmp_dir(self) -> Path:
        return self.resolved_home / "tmp"

    @property
    def resolved_search_backend(self) -> str:
        """HOSO_SEARCH_BACKEND when set; otherwise PostgreSQL's own search when the records live in
        PostgreSQL (every app server shares it), else the embedded Tantivy index."""
        return check_backend(self.search_backend) or default_backend(self.sqlalchemy_url)

    def index_dir(self, backend: str) -> Path:
        return self.resolved_home / f"index-{backend}"

    def search_location(self, backend: str) -> Path | str:
        """Where the index of `backend` lives: the database itself for postgres, else a folder in home."""
        return self.sqlalchemy_url if backend == SHARED_BACKEND else self.index_dir(backend)

    @property
    def queue_path(self) -> Path:
        return self.resolved_home / "queue.db"
