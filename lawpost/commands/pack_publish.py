"""`lawpost pack publish`: upload a signed bundle (or sign a pack folder and upload) to the server."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import tempfile
from pathlib import Path
from typing import Any

TOKEN_ENV = "LAWPOST_PUBLISH_TOKEN"
PASSWORD_ENV = "LAWPOST_CONSOLE_PASSWORD"


def register_publish(actions: Any) -> None:
    publish = actions.add_parser(
        "publish", help="upload a pack to the central server's staging (or stable) channel",
        description="Upload a signed BUNDLE (from `lawpost pack sign`), or with --key sign the pack "
        "folder DIR against the server's current packs.json and upload it in one go. Only the "
        "chunks the server lacks are sent. Log in with a publisher token (--token or "
        f"${TOKEN_ENV}) or as a console technician/admin (--user; password asked or "
        f"${PASSWORD_ENV}). Then promote to stable in the console (内容发布).",
    )  # fmt: skip
    publish.add_argument("source", metavar="DIR|BUNDLE", help="pack folder (with --key) or signed bundle")
    publish.add_argument("--server", required=True, metavar="URL", help="e.g. https://lawpost.example.gov.cn")
    publish.add_argument(
        "--channel", default="staging", choices=("staging", "stable"), help="default staging"
    )
    publish.add_argument("--key", metavar="KEY", help="publisher private key: sign DIR here, then upload")
    publish.add_argument("--token", metavar="T", help=f"publisher API token (default ${TOKEN_ENV})")
    publish.add_argument(
        "--user", metavar="NAME", help="console account (technician or admin) instead of a token"
    )
    publish.add_argument("--ca-bundle", metavar="PEM", help="CA certificate(s) the server's TLS chains to")
    publish.add_argument("--json", action="store_true", help="print the result as JSON")
    publish.set_defaults(handler=run_publish)


def run_publish(args: argparse.Namespace) -> int:
    from lawpost.cli import CommandError
    from lawpost.publish import PublishError, PublishSession

    source = Path(args.source)
    is_bundle = (source / "packs.json").is_file()
    if not is_bundle and not args.key:
        raise CommandError(
            f"{source} 不是签好的发布包：请用 --key 发布者密钥 签署后上传，或先执行 `lawpost pack sign` "
            "(not a signed bundle: give --key, or run `lawpost pack sign` first)"
        )
    session = PublishSession(args.server, token=args.token or os.environ.get(TOKEN_ENV, ""),
                             verify=args.ca_bundle or True)  # fmt: skip
    try:
        if args.user:
            password = os.environ.get(PASSWORD_ENV) or getpass.getpass(f"{args.user} 的密码 (password): ")
            session.login(args.user, password)
        elif not (args.token or os.environ.get(TOKEN_ENV)):
            raise CommandError(f"需要 --token、${TOKEN_ENV} 或 --user (a token or a console login is needed)")
        if is_bundle:
            result = session.publish(source, channel=args.channel)
        else:
            with tempfile.TemporaryDirectory(prefix="lawpost-bundle-") as folder:
                _sign(source, key=Path(args.key), current=session.current_packs_json(), out=Path(folder))
                result = session.publish(Path(folder), channel=args.channel)
    except PublishError as exc:
        raise CommandError(str(exc)) from exc
    if args.json:
        print(json.dumps(result.__dict__, ensure_ascii=False))
    else:
        print(
            f"published {result.pack_id} v{result.version} to {result.channel} "
            f"(packs.json v{result.packs_version}); sent {result.blobs_sent} chunks, "
            f"{result.bytes_sent / 1e6:.2f} MB"
        )
    return 0


def _sign(pack: Path, *, key: Path, current: bytes | None, out: Path) -> None:
    from kiosk.updates.keys import load_signer
    from kiosk.updates.signing import sign_pack
    from lawpost.commands.pack_signing import _call

    _call(sign_pack, pack, signer=_call(load_signer, key), out_dir=out, current_packs=current)
