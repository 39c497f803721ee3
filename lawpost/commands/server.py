"""`lawpost server`: run the central server, or create its first admin and enrollment codes."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

from lawpost.commands.common import settings_from_args

if TYPE_CHECKING:
    from server.context import ServerContext
    from server.settings import ServerSettings

_ROLES = ("admin", "technician", "staff", "lawyer")


def _storage_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    # On the actions too, so `lawpost server create-admin --data DIR` reads naturally; there the
    # defaults are suppressed so they do not overwrite options given before the action.
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--db",
        metavar="URL",
        default=default,
        help="database URL (default: SQLite file server.db in the data folder; "
        "PostgreSQL: postgresql+psycopg2://user:pw@host/db)",
    )
    parser.add_argument(
        "--data",
        metavar="DIR",
        default=default,
        help="server data folder: database, private key "
        "(default: [server] data_dir, else <kiosk data>/server)",
    )


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "server",
        help="run the central server (kiosk API + web consoles), or manage it",
        description=(
            "Without an action: serve the kiosk API (/api/v1) and the web consoles (/console) "
            "with uvicorn. The database is migrated and the keypair created on first start. "
            "Actions: create-admin (or create-user) makes a console account; "
            "create-enrollment-code prints a one-time code for `lawpost enroll`."
        ),
    )
    parser.add_argument("--host", metavar="ADDR", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", metavar="N", type=int, help="TCP port (default 8000)")
    parser.add_argument(
        "--workers",
        metavar="N",
        type=int,
        default=1,
        help="uvicorn worker processes (default 1; more only with PostgreSQL, see docs/server.md)",
    )
    _storage_options(parser, suppress=False)
    parser.set_defaults(handler=run_server)
    actions = parser.add_subparsers(dest="server_action", metavar="ACTION")

    admin = actions.add_parser(
        "create-admin",
        help="create a console administrator account",
        description="Create an admin account for the web console.",
    )
    _account_options(admin)
    admin.set_defaults(handler=create_account, role="admin")

    user = actions.add_parser(
        "create-user",
        help="create a console account with a role",
        description="Create a console account (admin, technician, staff, lawyer).",
    )
    _account_options(user)
    user.add_argument("--role", choices=_ROLES, required=True, help="the account's role")
    user.set_defaults(handler=create_account)

    code = actions.add_parser(
        "create-enrollment-code",
        help="print a one-time code that enrolls one kiosk",
        description="Create a single-use enrollment code; type it into `lawpost enroll --code`.",
    )
    _storage_options(code, suppress=True)
    code.add_argument("--hours", type=float, default=24.0, help="hours until it expires (24)")
    code.add_argument("--note", default="", help="where the kiosk will stand (shown in console)")
    code.add_argument("--json", action="store_true", help="print {code, expires_at} as JSON")
    code.add_argument("--qr", metavar="FILE.png",
                      help="also write a QR code of the server address and the code, for the kiosk's "
                      "set-up wizard to scan with its camera")  # fmt: skip
    code.add_argument("--server-url", metavar="URL",
                      help="the address kiosks use, in the QR code (default: [server] public_origin)")
    code.set_defaults(handler=create_enrollment_code)

    token = actions.add_parser(
        "create-publisher-token", help="print a token that may upload content packs",
        description="Create a publisher API token for `lawpost pack publish --token` (shown once; "
        "revoke it on the console's 内容发布 page).",
    )  # fmt: skip
    _storage_options(token, suppress=True)
    token.add_argument("--name", required=True, help="whose token, e.g. 内容组笔记本")
    token.set_defaults(handler=create_publisher_token)

    purge = actions.add_parser(
        "purge",
        help="delete personal data of submissions handled long ago (run daily)",
        description="Delete the sealed personal data of submissions handled more than --days ago "
        "(PIPL: keep it only as long as needed). Unhandled submissions are kept; each item's id "
        "stays recorded so a kiosk replaying it is still answered 'duplicate'.",
    )
    _storage_options(purge, suppress=True)
    purge.add_argument("--days", type=int, help="retention after handling, in days (default 180)")
    purge.add_argument("--json", action="store_true", help="print {purged, days} as JSON")
    purge.set_defaults(handler=purge_handled)

    rotate = actions.add_parser(
        "rotate-key",
        help="retire the key kiosks seal personal data to and create a new one",
        description="Rename the active private key to <name>.retired-<time> and create a new one "
        "(mode 0600). Restart the server afterwards: kiosks learn the new public key from their "
        "next heartbeat; retired keys keep opening what was sealed to them. Keep retired key files "
        "(and their backups) at least as long as [server] retention_days.",
    )
    _storage_options(rotate, suppress=True)
    rotate.add_argument("--json", action="store_true", help="print {public_key, retired_file} as JSON")
    rotate.set_defaults(handler=rotate_server_key)


def _account_options(parser: argparse.ArgumentParser) -> None:
    _storage_options(parser, suppress=True)
    parser.add_argument("--username", required=True, help="login name (3-64 of A-Z a-z 0-9 _.-)")
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from standard input (for scripts); "
        "otherwise it is asked for twice on the terminal",
    )


def server_settings(args: argparse.Namespace) -> ServerSettings:
    from server.settings import ServerSettings

    settings = settings_from_args(args)
    section = settings.server
    data = getattr(args, "data", None) or section.data_dir
    data_dir = Path(data).expanduser() if data else settings.data_dir / "server"
    settings_of_section = ServerSettings(
        data_dir=data_dir,
        database_url=getattr(args, "db", None) or section.database_url,
        private_key_path=section.private_key_path,
        heartbeat_interval_s=section.heartbeat_interval_s,
        offline_after_missed_beats=section.offline_after_missed_beats,
        session_idle_minutes=section.session_idle_minutes,
        cookie_secure=section.cookie_secure,
        stats_time_zone=section.stats_time_zone,
        retention_days=section.retention_days,
        public_origin=section.public_origin,
        allowed_hosts=tuple(section.allowed_hosts),
        trusted_proxies=tuple(section.trusted_proxies),
        turn_urls=tuple(url.strip() for url in section.turn_urls.split(",") if url.strip()),
        turn_secret=section.turn_secret,
        turn_ttl_s=section.turn_ttl_s,
        updates_repo_dir=section.updates_repo_dir,
        updates_online_key_path=section.updates_online_key_path,
        max_bundle_mb=section.max_bundle_mb,
    )
    try:
        own_keys = {f.name for f in fields(section)}
        return settings_of_section.with_limits(section.limits, own_keys=own_keys)
    except ValueError as exc:
        from lawpost.cli import CommandError

        raise CommandError(f"{exc}; see docs/server.md, Settings") from exc


def _open(args: argparse.Namespace) -> ServerContext:
    """The server context (database migrated, key loaded), or a CommandError sentence."""
    from zoneinfo import ZoneInfoNotFoundError

    from sqlalchemy.exc import SQLAlchemyError

    from lawpost.cli import CommandError
    from server.app import build_context
    from server.services.keys import KeyFileError

    settings = server_settings(args)
    try:
        return build_context(settings)
    except KeyFileError as exc:
        raise CommandError(str(exc)) from exc
    except ValueError as exc:  # a trusted_proxies entry that is not an address
        raise CommandError(f"[server] {exc}") from exc
    except ZoneInfoNotFoundError as exc:
        raise CommandError(
            f"未知时区 {settings.stats_time_zone!r} (unknown [server] stats_time_zone; "
            "use an IANA name such as Asia/Shanghai)"
        ) from exc
    except (SQLAlchemyError, OSError) as exc:
        raise CommandError(
            f"无法打开服务器数据库 (cannot open the server database "
            f"{settings.resolved_database_url.split('@')[-1]}): {exc.__class__.__name__}: "
            f"{str(exc).splitlines()[0][:200]}"
        ) from exc


def run_server(args: argparse.Namespace) -> int:
    import uvicorn

    from server.app import UVICORN_OPTIONS, create_app

    section = settings_from_args(args).server
    context = _open(args)
    context.engine.dispose()
    host = args.host or section.host
    port = args.port or section.port
    print(
        f"lawpost server: http://{host}:{port}/console/  data: {context.settings.data_dir}", file=sys.stderr
    )
    if args.workers > 1:
        import os

        from server.app import SETTINGS_ENV, settings_to_json

        # Each worker process builds its own app from the same settings (passed in the environment).
        os.environ[SETTINGS_ENV] = settings_to_json(context.settings)
        uvicorn.run(
            "server.app:app_from_environment",
            factory=True,
            workers=args.workers,
            host=host,
            port=port,
            log_level="info",
            **UVICORN_OPTIONS,
        )
        return 0
    uvicorn.run(create_app(context.settings), host=host, port=port, log_level="info", **UVICORN_OPTIONS)
    return 0


def _read_password(args: argparse.Namespace) -> str:
    from lawpost.cli import CommandError

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise CommandError("请使用 --password-stdin 提供密码 (no terminal: use --password-stdin)")
    first = getpass.getpass("密码 (password): ")
    if getpass.getpass("再次输入 (again): ") != first:
        raise CommandError("两次输入的密码不一致 (the passwords differ)")
    return first


def create_account(args: argparse.Namespace) -> int:
    from lawpost.cli import CommandError
    from server.services import audit, users

    password = _read_password(args)
    context = _open(args)
    try:
        with context.session_factory() as session:
            now = context.clock()
            user = users.create_user(
                session,
                username=args.username,
                password=password,
                role=args.role,
                now=now,
                passwords=context.passwords,
            )
            audit.record(
                session, actor="cli", action="user.create", target=f"{user.username}:{user.role}", now=now
            )
            session.commit()
    except users.AccountError as exc:
        raise CommandError(str(exc)) from exc
    finally:
        context.engine.dispose()
    print(f"created {args.role} {args.username}")
    return 0


def create_enrollment_code(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from lawpost.cli import CommandError
    from server.services import audit, enrollment
    from server.services.timestamps import iso

    if not 0 < args.hours <= 24 * 30:
        raise CommandError("--hours 须在 0 到 720 之间 (hours must be between 0 and 720)")
    server_url = ""
    if args.qr:
        server_url = (args.server_url or settings_from_args(args).server.public_origin).strip().rstrip("/")
        if not server_url.startswith(("http://", "https://")):
            raise CommandError("--qr 需要服务器地址：--server-url 或 [server] public_origin "
                               "(--qr needs the address kiosks use)")
    context = _open(args)
    try:
        with context.session_factory() as session:
            now = context.clock()
            code, row = enrollment.create_code(
                session, created_by="cli", now=now, ttl=timedelta(hours=args.hours), note=args.note
            )
            audit.record(
                session,
                actor="cli",
                action="enrollment_code.create",
                target=f"{row.id}:{row.hint}",
                detail=args.note,
                now=now,
            )
            session.commit()
    finally:
        context.engine.dispose()
    if args.qr:
        import qrcode

        from kiosk.firstboot.qr_camera import enrollment_qr_text

        qrcode.make(enrollment_qr_text(server_url, code), box_size=10, border=4).save(args.qr)
    if args.json:
        print(json.dumps({"code": code, "expires_at": iso(row.expires_at)}))
    else:
        print(code)
    return 0


def create_publisher_token(args: argparse.Namespace) -> int:
    from server.services import audit, publishers

    context = _open(args)
    try:
        with context.session_factory() as session:
            now = context.clock()
            token, row = publishers.create_token(session, name=args.name, by="cli", now=now)
            audit.record(session, actor="cli", action="publisher_token.create", target=row.name, now=now)
            session.commit()
    finally:
        context.engine.dispose()
    print(token)
    return 0


def purge_handled(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from lawpost.cli import CommandError
    from server.services import audit, handoff, retention

    context = _open(args)
    days = args.days if args.days is not None else context.settings.retention_days
    if days < 1:
        context.engine.dispose()
        raise CommandError("--days 至少为 1 (days must be at least 1)")
    try:
        with context.session_factory() as session:
            now = context.clock()
            count = retention.purge_handled(session, older_than=timedelta(days=days), now=now)
            # Take-home links and drafts past their time (ciphertext; also swept on every upload).
            expired = handoff.purge_expired(session, now=now)
            notes = retention.purge_video_notes(session, older_than=timedelta(days=days), now=now)
            audit.record(
                session,
                actor="cli",
                action="submission.purge",
                detail=f"{count} items, handled more than {days} days ago; notes of {notes} video calls",
                now=now,
            )
            session.commit()
    finally:
        context.engine.dispose()
    print(
        json.dumps({"purged": count, "days": days, "expired_handoffs": expired, "video_notes": notes})
        if args.json
        else f"purged personal data of {count} handled submissions older than {days} days, "
        f"the notes of {notes} video calls, and {expired} expired take-home links and drafts"
    )
    return 0


def rotate_server_key(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from lawpost.cli import CommandError
    from server.services import audit
    from server.services.keys import KeyFileError, public_key_b64, rotate_key

    context = _open(args)  # the key exists (created if absent) and is sound
    path = context.settings.resolved_private_key_path
    try:
        now = datetime.now(UTC)
        try:
            retired, key = rotate_key(path, now=now)
        except (KeyFileError, OSError) as exc:
            raise CommandError(f"无法轮换服务器密钥 (cannot rotate the server key): {exc}") from exc
        with context.session_factory() as session:
            audit.record(session, actor="cli", action="key.rotate", detail=retired.name, now=now)
            session.commit()
    finally:
        context.engine.dispose()
    public = public_key_b64(key)
    if args.json:
        print(json.dumps({"public_key": public, "retired_file": str(retired)}))
    else:
        print(f"new server public key: {public}")
        print(f"retired key kept as {retired}: back it up and keep it as long as retention_days")
        print("restart `lawpost server`; kiosks switch to the new key at their next heartbeat")
    return 0
