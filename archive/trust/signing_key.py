"""The key sign-in cookies and CSRF tokens are signed with: one for the whole archive, kept in its database.

Every app server (the web processes of one `hoso serve --processes N`, or app servers on several hosts
with homes of their own) reads the same key, so that a sign-in form served by one is accepted by another
and a session begun on one is good on all. The first server to need it makes it; an install that kept
its key in HOSO_HOME/secret.key brings that key along, so that nobody is signed out by the upgrade.
"""

from __future__ import annotations

import secrets

from sqlalchemy.exc import IntegrityError

from archive.records.models import SigningKey

KEY_BYTES = 32
LEGACY_FILE = "secret.key"


def signing_key(archive) -> bytes:
    with archive.session() as session:
        row = session.get(SigningKey, 1)
        if row is not None:
            return row.key
    legacy = archive.settings.resolved_home / LEGACY_FILE
    key = legacy.read_bytes() if legacy.is_file() else b""
    if len(key) < KEY_BYTES:
        key = secrets.token_bytes(KEY_BYTES)
    try:
        with archive.transaction() as session:
            session.add(SigningKey(id=1, key=key))
    except IntegrityError:
        pass  # another server made it first: its key is the key
    with archive.session() as session:
        return session.get(SigningKey, 1).key
