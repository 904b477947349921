"""Content-addressed storage of originals (write once, never modified), page images and digital copies.

Two stores with one interface: a folder under HOSO_HOME (the default) and an S3-compatible object
store (`HOSO_BLOB_URL=s3://bucket/prefix`). Both keep the same layout of keys:

    originals/ab/cd/<sha256>        the uploaded bytes, written once, named by their SHA-256
    pages/ab/<sha256>/00001.jpg     page images (derived, rebuildable, replaced freely)
    copies/ab/<sha256>.pdf          the searchable PDF of each document (derived)

Incoming files are always staged (copied and hashed) in the local tmp/ folder first; a worker that
needs an original as a file (OCR, pikepdf) gets a local copy in tmp/ for as long as it needs it.
"""

from __future__ import annotations

import base64
import hashlib
import os
import socket
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlparse

from archive import errors
from archive.runtime.owner import pid_alive

CHUNK = 1024 * 1024
STALE_TMP_SECONDS = 24 * 3600


class TooBig(errors.TooBig):
    """The incoming stream is larger than allowed."""

    def __init__(self, size: int = 0):
        super().__init__(logged=f"{size} bytes")
        self.size = size


class StoreUnavailable(errors.Unavailable):
    """The blob store could not be written or read (down, refusing, cut off mid-transfer)."""

    def __init__(self, logged: str = ""):
        super().__init__(logged=logged)


class OriginalConflict(errors.Conflict):
    """A different object already sits under an original's name: the store holds altered bytes."""

    code = "original_conflict"

    def __init__(self, logged: str = ""):
        super().__init__(logged=logged)


@dataclass(frozen=True)
class Staged:
    """An incoming file copied to a temporary place, hashed, not yet stored."""

    path: Path
    sha256: str
    size: int


@dataclass
class Blob:
    """A stored object opened for reading: a local file, or a stream from the object store."""

    size: int
    path: Path | None = None  # set when the object is a file on this machine
    _chunks: Iterator[bytes] | None = None

    def chunks(self) -> Iterator[bytes]:
        if self.path is not None:
            with self.path.open("rb") as fh:
                while chunk := fh.read(CHUNK):
                    yield chunk
        else:
            yield from self._chunks or ()

    def read(self) -> bytes:
        return b"".join(self.chunks())


def original_key(sha256: str) -> str:
    return f"originals/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def page_image_key(sha256: str, number: int) -> str:
    return f"pages/{sha256[:2]}/{sha256}/{number:05d}.jpg"


def copy_key(sha256: str) -> str:
    return f"copies/{sha256[:2]}/{sha256}.pdf"


class Staging:
    """What both stores share: incoming files staged in the local tmp/ folder, swept when abandoned."""

    tmp: Path

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

    def discard(self, staged: Staged) -> None:
        staged.path.unlink(missing_ok=True)

    def hash_original(self, sha256: str) -> str | None:
        """The SHA-256 of the bytes the store gives back now, or None when the original is missing."""
        blob = self.open_original(sha256)
        return None if blob is None else _sha256_of(blob.chunks())

    def read_page_image(self, sha256: str, number: int) -> bytes | None:
        blob = self.open_page_image(sha256, number)
        return None if blob is None else blob.read()


class BlobStore(Staging):
    """Blobs as files: originals under `originals/ab/cd/<sha256>`, page images under `pages/`."""

    def __init__(self, originals: Path, pages: Path, tmp: Path, copies: Path | None = None):
        self.originals = originals
        self.pages = pages
        self.tmp = tmp
        self.copies = copies or originals.parent / "copies"
        for folder in (originals, pages, tmp):
            folder.mkdir(parents=True, exist_ok=True)

    def describe(self) -> str:
        return str(self.originals.parent)

    def original_path(self, sha256: str) -> Path:
        return self.originals / sha256[:2] / sha256[2:4] / sha256

    def page_image_path(self, sha256: str, number: int) -> Path:
        return self.pages / sha256[:2] / sha256 / f"{number:05d}.jpg"

    def copy_path(self, sha256: str) -> Path:
        return self.copies / sha256[:2] / f"{sha256}.pdf"

    def commit(self, staged: Staged) -> None:
        """Move a staged file into place under its hash; an existing original is kept as is."""
        target = self.original_path(staged.sha256)
        if target.exists():
            staged.path.unlink(missing_ok=True)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        with staged.path.open("rb") as fh:
            os.fsync(fh.fileno())
        os.chmod(staged.path, 0o444)
        os.replace(staged.path, target)
        _fsync_dir(target.parent)

    def has_original(self, sha256: str) -> bool:
        return self.original_path(sha256).exists()

    @contextmanager
    def local_original(self, sha256: str) -> Iterator[Path | None]:
        """The original as a file on this machine (here, the stored file itself), or None when missing."""
        path = self.original_path(sha256)
        yield path if path.exists() else None

    def iter_originals(self) -> Iterator[Path]:
        yield from (p for p in self.originals.glob("*/*/*") if p.is_file())

    def open_original(self, sha256: str) -> Blob | None:
        return _open_file(self.original_path(sha256))

    def write_page_image(self, sha256: str, number: int, data: bytes) -> None:
        """Store a derived page image (rebuildable, so simply replaced atomically)."""
        replace_file(self.page_image_path(sha256, number), data)

    def open_page_image(self, sha256: str, number: int) -> Blob | None:
        return _open_file(self.page_image_path(sha256, number))

    def write_copy(self, sha256: str, data: bytes) -> None:
        replace_file(self.copy_path(sha256), data)

    def open_copy(self, sha256: str) -> Blob | None:
        return _open_file(self.copy_path(sha256))


class S3BlobStore(Staging):
    """Blobs as objects in an S3-compatible store, under `prefix/` of one bucket.

    Originals are put with their SHA-256 for the store to check (`ChecksumSHA256`) and only if
    no object has the name yet (`If-None-Match: *`): an original is never overwritten.
    """

    def __init__(self, bucket: str, prefix: str, tmp: Path, client):
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.tmp = tmp
        self.client = client
        tmp.mkdir(parents=True, exist_ok=True)

    @classmethod
    def from_settings(cls, settings) -> S3BlobStore:
        # boto3 and botocore are imported where an S3 store uses them: 0.3 s of every start otherwise
        import boto3
        from botocore.config import Config

        url = urlparse(settings.blob_url)
        config = Config(
            retries={"max_attempts": settings.s3_attempts, "mode": "standard"},
            connect_timeout=settings.s3_timeout_seconds,
            read_timeout=settings.s3_timeout_seconds,
            s3={"addressing_style": "path"} if settings.s3_endpoint_url else None,
        )
        client = boto3.client(
            "s3",
            endpoint_url=settings.s3_endpoint_url,
            region_name=settings.s3_region,
            aws_access_key_id=settings.s3_access_key,
            aws_secret_access_key=settings.s3_secret_key.get_secret_value() if settings.s3_secret_key else None,
            config=config,
        )
        return cls(url.netloc, url.path, settings.tmp_dir, client)

    def describe(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    def _key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def commit(self, staged: Staged) -> None:
        """Put a staged original under its hash, once; the same bytes already there are a duplicate."""
        from botocore.exceptions import BotoCoreError, ClientError

        key = self._key(original_key(staged.sha256))
        checksum = _b64_sha256(staged.sha256)
        try:
            with staged.path.open("rb") as body:
                self.client.put_object(
                    Bucket=self.bucket,
                    Key=key,
                    Body=body,
                    ContentLength=staged.size,
                    ChecksumAlgorithm="SHA256",
                    ChecksumSHA256=checksum,
                    IfNoneMatch="*",
                    ContentType="application/octet-stream",
                )
        except ClientError as exc:
            if _error_code(exc) not in ("PreconditionFailed", "ConditionalRequestConflict"):
                raise StoreUnavailable(f"put {key}: {exc}") from exc
            found = self.hash_original(staged.sha256)
            if found is None:  # a concurrent write of the name has not landed yet
                raise StoreUnavailable(f"put {key}: conflicting write in progress") from exc
            if found != staged.sha256:
                raise OriginalConflict(f"{key} holds {found}") from exc
        except BotoCoreError as exc:
            raise StoreUnavailable(f"put {key}: {exc}") from exc
        finally:
            staged.path.unlink(missing_ok=True)

    def has_original(self, sha256: str) -> bool:
        return self._head(original_key(sha256)) is not None

    @contextmanager
    def local_original(self, sha256: str) -> Iterator[Path | None]:
        """The original downloaded to this machine's tmp/ while the caller works on it, then removed."""
        blob = self.open_original(sha256)
        if blob is None:
            yield None
            return
        fd, name = tempfile.mkstemp(dir=self.tmp, prefix=_staging_prefix())
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in blob.chunks():
                    out.write(chunk)
            yield Path(name)
        finally:
            Path(name).unlink(missing_ok=True)

    def iter_originals(self) -> Iterator[str]:
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self._key("originals/")):
            yield from (item["Key"] for item in page.get("Contents", []))

    def open_original(self, sha256: str) -> Blob | None:
        return self._open(original_key(sha256))

    def write_page_image(self, sha256: str, number: int, data: bytes) -> None:
        self._put(page_image_key(sha256, number), data, "image/jpeg")

    def open_page_image(self, sha256: str, number: int) -> Blob | None:
        return self._open(page_image_key(sha256, number))

    def write_copy(self, sha256: str, data: bytes) -> None:
        self._put(copy_key(sha256), data, "application/pdf")

    def open_copy(self, sha256: str) -> Blob | None:
        return self._open(copy_key(sha256))

    def _put(self, key: str, data: bytes, content_type: str) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.put_object(
                Bucket=self.bucket,
                Key=self._key(key),
                Body=data,
                ContentType=content_type,
                ChecksumSHA256=base64.b64encode(hashlib.sha256(data).digest()).decode(),
            )
        except (BotoCoreError, ClientError) as exc:
            raise StoreUnavailable(f"put {key}: {exc}") from exc

    def _head(self, key: str) -> dict | None:
        from botocore.exceptions import ClientError

        try:
            return self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if _error_code(exc) in ("404", "NoSuchKey", "NotFound"):
                return None
            raise StoreUnavailable(f"head {key}: {exc}") from exc

    def _open(self, key: str) -> Blob | None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if _error_code(exc) in ("404", "NoSuchKey", "NotFound"):
                return None
            raise StoreUnavailable(f"get {key}: {exc}") from exc
        except BotoCoreError as exc:
            raise StoreUnavailable(f"get {key}: {exc}") from exc
        body = response["Body"]

        def chunks() -> Iterator[bytes]:
            try:
                yield from body.iter_chunks(CHUNK)
            except (BotoCoreError, OSError) as exc:  # cut off mid-object
                raise StoreUnavailable(f"get {key}: {exc}") from exc
            finally:
                body.close()

        return Blob(size=response["ContentLength"], _chunks=chunks())


def open_blob_store(settings) -> BlobStore | S3BlobStore:
    """The store the settings name: an S3 bucket for `s3://...`, else the folder under HOSO_HOME."""
    if settings.blob_url:
        scheme = urlparse(settings.blob_url).scheme
        if scheme != "s3":
            raise errors.Invalid(
                f"HOSO_BLOB_URL phải có dạng s3://tên-bucket/tiền-tố, không phải {settings.blob_url!r}.",
                logged=f"HOSO_BLOB_URL must be s3://bucket/prefix, not {settings.blob_url!r}",
            )
        return S3BlobStore.from_settings(settings)
    return BlobStore(settings.originals_dir, settings.pages_dir, settings.tmp_dir, settings.resolved_home / "copies")


def _open_file(path: Path) -> Blob | None:
    try:
        return Blob(size=path.stat().st_size, path=path)
    except FileNotFoundError:
        return None


def _sha256_of(chunks: Iterator[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()


def _b64_sha256(hex_digest: str) -> str:
    return base64.b64encode(bytes.fromhex(hex_digest)).decode()


def _error_code(exc) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


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
