"""`lawpost enroll`: register this kiosk with the central server using a one-time code."""

from __future__ import annotations

import argparse
import json

from lawpost.commands.common import settings_from_args


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "enroll",
        help="register this kiosk with the central server (一次性注册码)",
        description=(
            "Trade a one-time enrollment code, made by an administrator in the server console, "
            "for this kiosk's device id, secret token and the server's public key, and store them "
            "in the kiosk database. Submissions with personal data are refused until this is done."
        ),
    )
    parser.add_argument(
        "--server",
        metavar="URL",
        help="base URL of the central server, e.g. https://lawpost.example.gov.cn "
        "(default: [sync] server_url in the settings)",
    )
    parser.add_argument("--code", metavar="CODE", required=True, help="one-time enrollment code")
    parser.add_argument(
        "--name", metavar="NAME", help="kiosk name shown in the console (default: service point)"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace an existing enrollment (items still queued will be sent as the new device)",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from kiosk import __version__
    from kiosk.security.token_vault import TokenUnreadableError
    from kiosk.storage.database import open_database
    from kiosk.sync import outbox
    from kiosk.sync.client import SyncError, Timeouts, enroll
    from kiosk.sync.enrollment import EnrollmentError, load_enrollment, save_enrollment
    from lawpost.cli import CommandError

    settings = settings_from_args(args)
    server_url = (args.server or settings.sync.server_url).strip().rstrip("/")
    if not server_url.startswith(("http://", "https://")):
        raise CommandError(
            "请用 --server 指定服务器地址，例如 https://lawpost.example.gov.cn "
            "(give the server's base URL with --server or [sync] server_url)"
        )
    db = open_database(settings.data_dir)
    try:
        try:
            existing = load_enrollment(db)
        except TokenUnreadableError:
            existing = None  # unusable here (a copied data folder): re-enrolling is the remedy
        if existing is not None and not args.force:
            raise CommandError(
                f"此设备已注册为 {existing.device_id}（{existing.server_url}）；"
                "如需重新注册请加 --force (already enrolled; use --force to replace)"
            )
        kiosk_name = args.name or settings.kiosk.service_point_name
        try:
            answer = enroll(
                server_url=server_url,
                code=args.code.strip(),
                kiosk_name=kiosk_name,
                app_version=__version__,
                timeouts=Timeouts(
                    connect_s=settings.sync.connect_timeout_s, read_s=settings.sync.read_timeout_s
                ),
                ca_bundle=settings.sync.ca_bundle,
            )
            enrollment = save_enrollment(db, server_url=server_url, kiosk_name=kiosk_name, answer=answer)
        except (SyncError, EnrollmentError) as exc:
            raise CommandError(f"注册失败：{exc}") from exc
        depth = outbox.stats(db).depth
    finally:
        db.close()
    # The token is a secret: it is stored, never printed.
    result = {
        "device_id": enrollment.device_id,
        "server_url": enrollment.server_url,
        "kiosk_name": enrollment.kiosk_name,
        "heartbeat_interval_s": enrollment.heartbeat_interval_s,
        "outbox_depth": depth,
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"注册成功 (enrolled): 设备 {enrollment.device_id} @ {enrollment.server_url}")
        if depth:
            print(f"待发送 {depth} 条 (queued items will now be sent)")
    return 0
