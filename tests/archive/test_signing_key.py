"""The signing key of cookies and CSRF tokens: one per archive, in its database, shared by every app server."""

from __future__ import annotations

from archive.core import Archive
from archive.runtime.settings import Settings
from archive.trust.signing_key import signing_key


def test_app_servers_with_homes_of_their_own_sign_with_one_key(archive, tmp_path):
    other = Archive(Settings(home=tmp_path / "may-chu-2", database_url=archive.settings.sqlalchemy_url, workers=1))
    try:
        key = signing_key(archive)
        assert len(key) == 32 and signing_key(other) == key == signing_key(archive)
        assert not (other.settings.resolved_home / "secret.key").exists()
    finally:
        other.close()


def test_the_key_an_older_install_kept_in_its_home_is_kept(archive):
    kept = bytes(range(32))
    (archive.settings.resolved_home / "secret.key").write_bytes(kept)
    assert signing_key(archive) == kept
