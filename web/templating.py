"""Rendering templates with what every page needs: the signed-in person, CSRF token, catalogue, menu."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import jinja2
from fastapi import Request
from fastapi.templating import Jinja2Templates

from web.messages import browser_name, catalogue_json, t, type_label, vn_time


class DataEnvironment(jinja2.Environment):
    """Templates render dicts of data: `row.items` is the row's "items" key when it has one, not dict.items
    (Jinja looks attributes up first, so a key named like a dict method would print the method's repr)."""

    def getattr(self, obj, attribute):
        if isinstance(obj, Mapping) and isinstance(attribute, str):
            try:
                return obj[attribute]
            except (KeyError, TypeError):
                pass
        return super().getattr(obj, attribute)


templates = Jinja2Templates(
    env=DataEnvironment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"), autoescape=jinja2.select_autoescape()
    )
)
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


def render(
    request: Request, name: str, context: dict | None = None, status_code: int = 200, headers: dict | None = None
):
    actor = getattr(request.state, "actor", None)
    data = {
        "user": actor,
        "csrf_token": actor.csrf_token if actor is not None and actor.via == "session" else "",
        "menu": menu_for(actor),
        "current_path": request.url.path,
        "messages_json": catalogue_json(),
    }
    data.update(context or {})
    return templates.TemplateResponse(request, name, data, status_code=status_code, headers=headers)
