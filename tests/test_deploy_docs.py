"""What deploy/ and the README tell a sysadmin to type exists: every HOSO_* name is a setting, every
`hoso <command> --option` is in the command line, the unit files parse and agree with nginx and PgBouncer."""

from __future__ import annotations

import configparser
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import typer.main

from archive.cli.main import app
from archive.runtime.settings import Settings
from web.api import UPLOAD_MARGIN_BYTES

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
README = ROOT / "README.md"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
ENV_EXAMPLE = DEPLOY / "hoso.env.example"
NGINX = DEPLOY / "nginx" / "hoso.conf"
PGBOUNCER = DEPLOY / "pgbouncer" / "pgbouncer.ini"
PREFIX = Settings.model_config["env_prefix"]
SETTINGS = {PREFIX + name.upper() for name in Settings.model_fields}
NAME = re.compile(rf"\b{PREFIX}[A-Z0-9_]*[A-Z0-9]")


def deploy_files() -> list[Path]:
    return sorted(p for p in DEPLOY.rglob("*") if p.is_file())


def multi_machine_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## Nhiều máy chủ\n")
    end = text.index("\n## ", start + 1)
    return text[start:end]


def read_by_code(name: str) -> bool:
    """A variable the code reads from the environment itself (the demo's, the tests'), not a setting."""
    quoted = (f'"{name}"', f"'{name}'")
    for folder in ("archive", "web", "search", "ocr", "scripts", "tests", "bench"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".sh") and path.name != Path(__file__).name:
                text = path.read_text(encoding="utf-8", errors="replace")
                if any(q in text for q in quoted) or (path.suffix == ".sh" and name in text):
                    return True
    return False


def test_every_setting_named_in_deploy_and_the_multi_machine_section_is_a_setting():
    for source, text in [(p.relative_to(ROOT), p.read_text(encoding="utf-8")) for p in deploy_files()] + [
        ("README.md, Nhiều máy chủ", multi_machine_section())
    ]:
        unknown = set(NAME.findall(text)) - SETTINGS
        assert not unknown, f"{source} names settings that do not exist: {sorted(unknown)}"


def test_every_hoso_name_in_the_readme_is_a_setting_or_read_by_the_code():
    unknown = {name for name in set(NAME.findall(README.read_text(encoding="utf-8"))) - SETTINGS}
    assert not {name for name in unknown if not read_by_code(name)}


def test_the_settings_file_names_every_setting_and_its_values_are_valid(monkeypatch):
    named = set().union(*(NAME.findall(p.read_text(encoding="utf-8")) for p in deploy_files()))
    # HOSO_HOME is set by each unit, the rest in the shared settings file
    assert SETTINGS <= named, f"not in deploy/: {sorted(SETTINGS - named)}"
    for variable in [v for v in os.environ if v.startswith(PREFIX)]:
        monkeypatch.delenv(variable)
    settings = Settings(_env_file=ENV_EXAMPLE)
    assert settings.resolved_search_backend == "postgres"
    assert settings.queue_url.startswith("redis://") and settings.blob_url.startswith("s3://")
    assert settings.trust_proxy and settings.https
    assert settings.system_account == "hệ thống"


def env_values() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, sep, value = line.partition("=")
            assert sep and re.fullmatch(r"[A-Z_][A-Z0-9_]*", key), f"not NAME=value: {line!r}"
            values[key] = value.strip('"')
    return values


# -- the command line ------------------------------------------------------------------------------

SHELL_BREAKS = {"&&", "||", ";", "|"}


def code_of(text: str) -> list[str]:
    """The code in Markdown: inline spans and fenced blocks (each line); a file of deploy/ is all code."""
    blocks = re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S)
    spans = re.findall(r"`([^`\n]+)`", re.sub(r"```[a-z]*\n.*?```", "", text, flags=re.S))
    return [line for block in blocks for line in block.splitlines()] + spans


def invocations(code: list[str]) -> list[list[str]]:
    """The words after each `hoso` (or `…/bin/hoso`) that starts a command line, up to a shell separator."""
    found = []
    for line in code:
        tokens = line.split()
        for i, token in enumerate(tokens):
            if token.strip("`'\"") != "hoso" and not token.endswith("/bin/hoso"):
                continue
            if i and tokens[i - 1].startswith("-"):  # `sudo -u hoso`: the user, not the command
                continue
            words = []
            for word in tokens[i + 1 :]:
                if word in SHELL_BREAKS or word.strip("`'\"") == "hoso" or word.endswith("/bin/hoso"):
                    break
                words.append(word)
            if words and re.fullmatch(r"[a-z][a-z-]*", words[0]):  # `hoso "$@"`: not a command yet
                found.append(words)
    return found


# Typer carries its own copy of click: commands and groups are known by what they hold, not by class.
def option_names(command) -> set[str]:
    return {name for p in command.params if p.param_type_name == "option" for name in p.opts + p.secondary_opts}


def check_invocation(words: list[str]) -> None:
    command = typer.main.get_command(app)
    path = ["hoso"]
    rest = list(words)
    while getattr(command, "commands", None) and rest:
        name = rest.pop(0)
        assert name in command.commands, f"`{' '.join(path)} {name}`: no such command"
        command = command.commands[name]
        path.append(name)
    for word in rest:
        if word in SHELL_BREAKS or word.startswith(("#", ">")):
            break
        option = word.strip("[]()").split("=")[0]
        if not option.startswith("--"):
            continue
        assert option in option_names(command), f"`{' '.join(path)}` has no option {option}"


def documented_commands() -> list[list[str]]:
    code = code_of(multi_machine_section())
    for path in deploy_files():
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            code += code_of(text)
            continue
        for line in text.splitlines():  # comments are prose, but for what they quote in backticks
            code += re.findall(r"`([^`]+)`", line) if line.lstrip().startswith(("#", ";")) else [line]
    return invocations(code)


def test_every_command_in_deploy_and_the_multi_machine_section_exists_with_its_options():
    commands = documented_commands()
    assert ["serve", "--host", "0.0.0.0", "--port", "8000", "--no-workers"] in commands
    assert ["worker"] in commands and ["status"] in commands
    for words in commands:
        check_invocation(words)


def test_a_command_or_option_that_does_not_exist_is_caught():
    with pytest.raises(AssertionError, match="no such command"):
        check_invocation(["serv", "--port", "1"])
    with pytest.raises(AssertionError, match="no option --colour"):
        check_invocation(["users", "add", "x", "--colour", "red"])
    assert invocations(["sudo -u hoso sh -c '… exec /opt/hoso/.venv/bin/hoso \"$@\"' hoso status --json"]) == [
        ["status", "--json"]
    ]


# -- unit files, nginx, PgBouncer --------------------------------------------------------------------


def parse_unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",), comment_prefixes=("#", ";"))
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"), source=str(path))
    return parser


@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.name)
def test_unit_files_parse_with_what_a_service_needs(path):
    unit = parse_unit(path)
    assert {"Unit", "Service", "Install"} <= set(unit.sections())
    service = unit["Service"]
    assert service["ExecStart"].split()[0].endswith("/bin/hoso")
    assert service["User"] == "hoso" and service["User"] != "root"
    assert service["Restart"] in ("on-failure", "always")
    assert service["EnvironmentFile"] == "/etc/hoso/hoso.env"
    assert "HOSO_HOME=" in service["Environment"]
    for key, value in {"NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes"}.items():
        assert service[key] == value, key
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_worker_instances_have_homes_of_their_own():
    worker = parse_unit(DEPLOY / "systemd" / "hoso-worker@.service")["Service"]
    assert "%i" in worker["Environment"] and "%i" in worker["StateDirectory"]
    assert worker["ExecStart"].split()[1:] == ["worker"]


def serve_port() -> int:
    words = parse_unit(DEPLOY / "systemd" / "hoso-serve.service")["Service"]["ExecStart"].split()
    return int(words[words.index("--port") + 1])


def nginx_upstream_ports() -> set[int]:
    body = re.search(r"upstream\s+\w+\s*\{(.*?)\}", NGINX.read_text(encoding="utf-8"), flags=re.S).group(1)
    servers = re.findall(r"^\s*server\s+([^\s;]+)", body, flags=re.M)
    assert len(servers) >= 2, "nginx should front two app servers"
    return {int(server.rsplit(":", 1)[1]) for server in servers}


def test_nginx_sends_to_the_port_the_app_servers_listen_on():
    assert nginx_upstream_ports() == {serve_port()}


def test_nginx_accepts_the_largest_upload_the_app_does():
    size = re.search(r"client_max_body_size\s+(\d+)([kmg]?);", NGINX.read_text(encoding="utf-8"))
    nginx_bytes = int(size.group(1)) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[size.group(2)]
    limit = int(env_values()["HOSO_MAX_UPLOAD_BYTES"])
    assert limit == Settings.model_fields["max_upload_bytes"].default
    assert nginx_bytes >= limit + UPLOAD_MARGIN_BYTES
    text = NGINX.read_text(encoding="utf-8")
    for header in ("X-Forwarded-For", "X-Forwarded-Proto"):
        assert f"proxy_set_header {header}" in text


def test_pgbouncer_pools_transactions_for_the_database_the_settings_name():
    parser = configparser.ConfigParser(interpolation=None, inline_comment_prefixes=None)
    parser.read_string(PGBOUNCER.read_text(encoding="utf-8"))
    assert parser["pgbouncer"]["pool_mode"] == "transaction"
    url = urlsplit(env_values()["HOSO_DATABASE_URL"])
    assert url.port == int(parser["pgbouncer"]["listen_port"])
    assert url.path.lstrip("/") in parser["databases"]
