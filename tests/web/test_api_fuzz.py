"""The JSON API under a fuzzer: schemathesis generates requests for every /api operation from the
app's own OpenAPI schema (valid ones and invalid ones) and checks that none is answered with a 5xx,
that every status code is one the schema declares, and that every body matches its declared schema.

Signed in as an administrator (a bearer token), so role checks do not stop requests at the door.
The fuzzer's writes go to a throwaway HOSO_HOME. Examples are bounded and derandomised so a run is
repeatable and short. No operation is excluded: uploads and CSV imports are fuzzed with generated
bytes too, which must be refused with a reason, never crash."""

from __future__ import annotations

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from archive.core import Archive
from archive.records.models import User
from archive.runtime.settings import Settings
from archive.trust.accounts import create_token
from tests.web.conftest import build_world
from web.app import create_app

MAX_EXAMPLES = 25  # per operation and phase; about 45 operations
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
CONFIG = {
    "seed": 20240601,
    "generation": {"max-examples": MAX_EXAMPLES, "deterministic": True, "database": "none", "mode": "all"},
    "phases": {"stateful": {"enabled": False}},
}


class WithoutLifespan:
    """The app minus its lifespan: the fixture owns the archive and closes it itself."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":
            return
        await self.app(scope, receive, send)


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory):
    home = tmp_path_factory.mktemp("fuzz") / "hoso-data"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOSO_HOME", str(home))
        patch.delenv("HOSO_DATABASE_URL", raising=False)
        patch.delenv("HOSO_QUEUE_URL", raising=False)
        archive = Archive(Settings(home=home, workers=1))
        try:
            build_world(archive)
            with archive.transaction() as session:
                token = create_token(session, session.query(User).filter_by(username="admin").one(), "fuzz")
            yield WithoutLifespan(create_app(archive)), token
        finally:
            archive.close()


# The schema does not depend on the archive: built from an app without one, at collection time,
# so each operation is its own test; requests go to the fixture's app.
schema = schemathesis.openapi.from_dict(create_app().openapi(), config=schemathesis.Config.from_dict(CONFIG)).include(
    path_regex="^/api/"
)


@schema.parametrize()
def test_api_holds_under_fuzzing(case, fuzzed):
    app, token = fuzzed
    case.call_and_validate(app=app, headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
