"""Rendering templates with what every page needs: the signed-in person, CSRF token, catalogue, menu."""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates

from web.messages import browser_name, catalogue_json, t, type_label, vn_time

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals.update(t=t, type_label=type_label)
templates.env.filters.update(vn_time=vn_time, browser=browser_name)

# (path, message key, roles that see it; admins see everything)
MENU = (
    ("/upload", "nav.upload", {"staff"}),
    ("/review", "nav.review", {"staff"}),
    ("/cases", "nav.cases", {"staff", "prosecutor", "unit_head", "statistician"}),
    ("/search", "nav.search", {"staff", "prosecutor", "unit_head"}),
    ("/exhibits", "nav.exhibits", {"prosecutor"}),
    ("/statistics", "nav.statistics", {"statistician", "unit_head"}),
    ("/audit", "nav.audit", {"unit_head"}),
    ("/users", "nav.users", set()),
)


def menu_for(actor) -> list[tuple[str, str]]:
    if actor is None:
        return []
    return [(path, t(key)) for path, key, roles in MENU if actor.role == "admin" or actor.role in roles]


def render(request: Request, name: str, context: dict | None = None, status_code: int = 200):
    actor = getattr(request.state, "actor", None)
    data = {
        "user": actor,
        "csrf_token": actor.csrf_token if actor is not None and actor.via == "session" else "",
        "menu": menu_for(actor),
        "current_path": request.url.path,
        "messages_json": catalogue_json(),
    }
    data.update(context or {})
    return templates.TemplateResponse(request, name, data, status_code=status_code)
