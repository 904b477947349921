"""The API's interactive documentation at /docs: Swagger UI served by the app itself (the assets come with
the `fastapi-offline` package), so the page loads under the app's own policy of nothing from elsewhere."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from web.templating import render

router = APIRouter()
# swagger-ui-bundle.js and swagger-ui.css of swagger-ui-dist (Apache-2.0), as that package ships them
SWAGGER_ASSETS = Path(str(files("fastapi_offline") / "static"))
ASSETS_URL = "/static/swagger-ui"


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def api_docs(request: Request):
    return render(request, "api_docs.html", {"assets": ASSETS_URL, "openapi_url": request.app.openapi_url})
