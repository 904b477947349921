"""The document viewer in Chromium with blobs in an S3 server (moto on loopback): the page image and the
thumbnails come from the bucket through the app, the browser asks no other host, nothing lands in HOSO_HOME.

Screenshots go where tests/e2e/test_workbench.py puts them.
"""

from __future__ import annotations

import pytest

from tests.e2e.test_workbench import SIZES, Visit, browser, server  # noqa: F401  (pytest fixtures)
from tests.web.test_s3_store import bucket, keys, local_files, proxy, s3_server, settings  # noqa: F401  (pytest fixtures)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", SIZES)
def test_viewer_shows_the_page_image_from_the_bucket(server, browser, bucket, settings, size):  # noqa: F811
    base, world = server["url"], server["world"]
    assert any(key.endswith("/00001.jpg") for key in keys(bucket, "tinh-phu-tho/pages/"))
    visit = Visit(browser, base, size, "ksv_p")
    page = visit.page
    page.goto(f"{base}/documents/{world.docs['P']}")
    image = page.locator("#page-image")
    page.wait_for_function(
        "() => { const i = document.getElementById('page-image'); return i && i.complete && i.naturalWidth > 0; }"
    )
    assert image.evaluate("(img) => [img.naturalWidth, img.naturalHeight]") == [400, 560]
    thumbnail = page.locator("img[src$='/thumbnail']").first
    thumbnail.evaluate("(img) => img.complete || new Promise((ok) => img.addEventListener('load', ok))")
    assert thumbnail.evaluate("(img) => img.naturalWidth") > 0
    visit.shot("xem-tai-lieu-kho-s3")
    assert visit.hosts == {base.removeprefix("http://")}  # the store is reached by the app, never the browser
    assert visit.errors == []
    assert local_files(settings) == []
    visit.close()
