"""The administrators' accounts page: add, edit (name, role, unit), lock and unlock, reset passwords, end
sessions, issue and revoke API tokens.

Every form posts to its own route and comes back to /users. A refused form is shown again as it was sent
(passwords excepted), with each reason in Vietnamese next to the field it is about. The rules (who may
change what, the last administrator, one's own account) and the audit rows are in archive/trust/accounts.py.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select

from archive.records.models import ROLES, Unit, User
from archive.trust import accounts
from archive.trust.accounts import AccountError
from web.accounts_api import record_refusal
from web.auth import Actor, require_role
from web.guards import get_archive
from web.messages import t
from web.templating import render

router = APIRouter()
admin_only = require_role("admin")

USERS_DONE = {
    "disabled": "users.done.disabled",
    "enabled": "users.done.enabled",
    "reset": "users.done.reset",
    "sessions": "users.done.sessions",
    "token_revoked": "users.done.token_revoked",
    "updated": "users.done.updated",
    "updated_revoked": "users.done.updated_revoked",
    "unchanged": "users.done.unchanged",
}
# Which field of a form a refusal is about (the rest are shown above the form).
FIELD_OF = {
    "invalid_username": "username",
    "username_taken": "username",
    "weak_password": "password",
    "password_digits": "password",
    "password_is_name": "password",
    "password_common": "password",
    "invalid_full_name": "full_name",
    "invalid_role": "role",
    "last_admin": "role",
    "unknown_unit": "unit",
    "unit_required": "unit",
    "invalid_days": "days",
}


def _users_context(request: Request, actor: Actor, edit: str | None = None) -> dict:
    archive = get_archive(request)
    with archive.session() as session:
        users = session.scalars(select(User).order_by(User.username)).all()
        units = session.scalars(select(Unit).order_by(Unit.code)).all()
        live: dict[str, int] = {}
        for row in accounts.list_sessions(session, None, archive.settings):
            live[row["user"]] = live.get(row["user"], 0) + 1
        user_rows = [
            {
                "username": u.username,
                "full_name": u.full_name,
                "role": u.role,
                "active": u.active,
                "unit": u.unit.code if u.unit else "",
                "unit_name": u.unit.name if u.unit else "",
                "sessions": live.get(u.username, 0),
                "me": u.username == actor.username,
            }
            for u in users
        ]
        unit_rows = [
            {"code": u.code, "name": u.name, "level": u.level, "parent": u.parent.code if u.parent else ""}
            for u in units
        ]
        tokens = accounts.list_tokens(session)
    done_key = USERS_DONE.get(request.query_params.get("done", ""))
    target = request.query_params.get("username", "")
    edit = edit if edit is not None else request.query_params.get("edit")
    editing = next((dict(u) for u in user_rows if u["username"] == edit), None)
    return {
        "title": t("users.title"),
        "users": user_rows,
        "units": unit_rows,
        "roles": ROLES,
        "tokens": tokens,
        "created": request.query_params.get("created"),
        "token_days": archive.settings.token_days,
        "done": t(done_key, username=target) if done_key else None,
        "editing": editing,
        "create_form": {},
        "errors": {},
        "error": None,
        "error_form": None,
    }


def _refused(
    request: Request,
    actor: Actor,
    form: str,
    problems: list[AccountError],
    *,
    edit: str | None = None,
    values: dict | None = None,
):
    """The page again, the refused form filled with what was sent and each reason beside its field."""
    unknown = any(p.code == "unknown_user" for p in problems)
    context = _users_context(request, actor, edit=None if unknown else edit)
    errors: dict[str, str] = {}
    general: list[str] = []
    for problem in problems:
        field = FIELD_OF.get(problem.code)
        if field and field not in errors:
            errors[field] = problem.message()
        elif not field:
            general.append(problem.message())
    context.update(errors=errors, error=" ".join(general) or None, error_form=form)
    if form == "create":
        context["create_form"] = values or {}
    elif context["editing"] is not None and values:
        context["editing"].update(values)
    response = render(request, "users.html", context, status_code=404 if unknown else 422)
    response.headers["Cache-Control"] = "no-store"
    return response


def _done(done: str, username: str = "", edit: bool = False) -> RedirectResponse:
    again = f"&edit={quote(username)}#edit" if edit else ""
    return RedirectResponse(f"/users?done={done}&username={quote(username)}{again}", status_code=303)


@router.get("/users", response_class=HTMLResponse)
def users_page(request: Request, actor: Actor = Depends(admin_only)):
    return render(request, "users.html", _users_context(request, actor))


@router.post("/users", response_class=HTMLResponse)
def users_create(
    request: Request,
    username: str = Form(""),
    full_name: str = Form(""),
    role: str = Form(""),
    unit: str = Form(""),
    password: str = Form(""),
    actor: Actor = Depends(admin_only),
):
    values = {"username": username, "full_name": full_name, "role": role, "unit": unit}
    with get_archive(request).transaction() as session:
        problems = accounts.new_user_problems(session, username, password, role, unit or None, full_name)
        if not problems:
            accounts.create_user(
                session, username, password, role, unit or None, full_name=full_name, actor=actor.username
            )
    if problems:
        return _refused(request, actor, "create", problems, values=values)
    return RedirectResponse(f"/users?created={quote(username.strip())}", status_code=303)


@router.post("/users/{username}/edit", response_class=HTMLResponse)
def users_edit(
    request: Request,
    username: str,
    full_name: str = Form(""),
    role: str = Form(""),
    unit: str = Form(""),
    actor: Actor = Depends(admin_only),
):
    """Name, role and unit; a new role or unit ends the account's sessions and tokens."""
    try:
        with get_archive(request).transaction() as session:
            changed = accounts.update_user(
                session,
                accounts.find_user(session, username),
                role=role,
                unit_code=unit,
                full_name=full_name,
                actor=actor.username,
            )
    except AccountError as exc:
        record_refusal(request, username, exc, actor, role=role)
        return _refused(
            request, actor, "edit", [exc], edit=username, values={"full_name": full_name, "role": role, "unit": unit}
        )
    if changed.get("sessions_revoked") or changed.get("tokens_revoked"):
        return _done("updated_revoked", username)
    return _done("updated" if changed else "unchanged", username)


@router.post("/users/{username}/active", response_class=HTMLResponse)
def users_set_active(request: Request, username: str, active: str = Form(""), actor: Actor = Depends(admin_only)):
    enable = active == "1"
    try:
        with get_archive(request).transaction() as session:
            accounts.set_active(session, accounts.find_user(session, username), enable, actor=actor.username)
    except AccountError as exc:
        record_refusal(request, username, exc, actor, action="user.disable")
        return _refused(request, actor, "active", [exc], edit=username)
    return _done("enabled" if enable else "disabled", username)


@router.post("/users/{username}/password", response_class=HTMLResponse)
def users_reset_password(request: Request, username: str, password: str = Form(""), actor: Actor = Depends(admin_only)):
    try:
        with get_archive(request).transaction() as session:
            accounts.reset_password(session, accounts.find_user(session, username), password, actor=actor.username)
    except AccountError as exc:
        return _refused(request, actor, "password", [exc], edit=username)
    return _done("reset", username)


@router.post("/users/{username}/sessions/end", response_class=HTMLResponse)
def users_end_sessions(request: Request, username: str, actor: Actor = Depends(admin_only)):
    try:
        with get_archive(request).transaction() as session:
            accounts.end_all_sessions(session, accounts.find_user(session, username), actor=actor.username)
    except AccountError as exc:
        return _refused(request, actor, "sessions", [exc])
    return _done("sessions", username)


@router.post("/users/{username}/tokens", response_class=HTMLResponse)
def users_create_token(
    request: Request, username: str, name: str = Form(""), days: int = Form(0), actor: Actor = Depends(admin_only)
):
    """The new token is shown on this one page and never again."""
    archive = get_archive(request)
    try:
        with archive.transaction() as session:
            value = accounts.create_token(
                session,
                accounts.find_user(session, username),
                name,
                days=days or archive.settings.token_days,
                actor=actor.username,
            )
    except AccountError as exc:
        return _refused(request, actor, "token", [exc], edit=username, values={"token_name": name})
    context = _users_context(request, actor, edit=username)
    context["new_token"] = {"username": username, "value": value}
    response = render(request, "users.html", context)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/tokens/{token_id}/revoke", response_class=HTMLResponse)
def tokens_revoke(request: Request, token_id: int, actor: Actor = Depends(admin_only)):
    try:
        with get_archive(request).transaction() as session:
            accounts.revoke_token_id(session, token_id, actor=actor.username)
    except AccountError as exc:
        return _refused(request, actor, "tokens", [exc])
    return _done("token_revoked")
