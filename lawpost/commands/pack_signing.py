"""`lawpost pack` actions for signed updates: keys, signing, the repository, trust, USB import."""

from __future__ import annotations

import argparse
import getpass
import json
import os
from pathlib import Path
from typing import Any

from lawpost.commands.common import settings_from_args

OFFLINE_KEYS = ("root", "targets", "publisher")


def register_actions(actions: Any) -> None:
    keygen = actions.add_parser(
        "keygen", help="create an Ed25519 signing key (and KEY.pub)",
        description="Create a private key file (mode 0600) and its public half KEY.pub. With "
        "--encrypt the key is protected by a passphrase ($LAWPOST_KEY_PASSPHRASE or asked).",
    )  # fmt: skip
    keygen.add_argument("--out", required=True, metavar="KEY", help="private key file to create")
    keygen.add_argument("--encrypt", action="store_true", help="protect the key with a passphrase")
    keygen.set_defaults(handler=run_keygen)
    sign = actions.add_parser(
        "sign", help="sign a pack with a publisher key into a bundle (offline)",
        description="Cut the pack into chunks and write BUNDLE: packs.json (current + 1, signed "
        "with KEY), manifest.json and blobs/. --current is the server's packs.json or a copy of "
        "the repository (then the bundle also carries root and targets metadata for `verify`).",
    )  # fmt: skip
    sign.add_argument("dir", help="the pack folder")
    sign.add_argument("--key", required=True, metavar="KEY", help="publisher private key")
    sign.add_argument("--current", metavar="PACKS_JSON|REPO", help="current packs.json or repository")
    sign.add_argument("--out", required=True, metavar="BUNDLE", help="bundle folder to write")
    sign.set_defaults(handler=run_sign)
    init = actions.add_parser(
        "repo-init", help="create an update repository and its keys",
        description="Create the root, targets and publisher keys (keep them offline) and the "
        "server's online key in --keys (existing ones are reused), and the repository in --repo.",
    )  # fmt: skip
    init.add_argument("--repo", required=True, metavar="DIR", help="repository folder to create")
    init.add_argument("--keys", required=True, metavar="DIR", help="folder of the key files")
    init.add_argument("--encrypt", action="store_true", help="passphrase-protect the offline keys")
    init.set_defaults(handler=run_repo_init)
    rotate = actions.add_parser(
        "rotate-root", help="new root keys, signed by the old and the new (offline)",
        description="Write the next root version with NEW keys as root keys, signed by the OLD "
        "and NEW keys. Kiosks follow it at their next check.",
    )  # fmt: skip
    rotate.add_argument("--repo", required=True, metavar="DIR", help="the repository folder")
    rotate.add_argument("--old-key", action="append", required=True, metavar="KEY", help="a current root key")
    rotate.add_argument("--new-key", action="append", required=True, metavar="KEY", help="a new root key")
    rotate.add_argument("--targets-key", metavar="PUB", help="also replace the targets key")
    rotate.add_argument("--online-key", metavar="PUB", help="also replace the online key")
    rotate.set_defaults(handler=run_rotate_root)
    delegate = actions.add_parser(
        "delegate", help="set the publisher keys (revokes any other) (offline)",
        description="Write a new targets.json (signed with the targets key) that trusts only the "
        "given publisher keys; packs.json signed by any other key is refused from then on.",
    )  # fmt: skip
    delegate.add_argument("--repo", required=True, metavar="DIR", help="the repository folder")
    delegate.add_argument("--targets-key", required=True, metavar="KEY", help="the targets private key")
    delegate.add_argument(
        "--publisher", action="append", required=True, metavar="PUB", help="a publisher key"
    )
    delegate.add_argument("--online-key", metavar="KEY", help="re-sign snapshot/timestamp now")
    delegate.set_defaults(handler=run_delegate)
    trust = actions.add_parser(
        "trust", help="pin the update root on this kiosk",
        description="Pin root.json as the kiosk's trust anchor (<data_dir>/trust/root.json).",
    )  # fmt: skip
    trust.add_argument("root", help="root.json (metadata/1.root.json of the repository)")
    trust.add_argument("--replace", action="store_true", help="replace an existing pin")
    trust.set_defaults(handler=run_trust)
    usb = actions.add_parser(
        "import-usb", help="install the newest signed pack from a drive (technician)",
        description="Verify a repository copy or bundle on a removable drive against the pinned "
        "root and install its newest pack (same checks as online; see docs/updates.md).",
    )  # fmt: skip
    usb.add_argument("path", help="repository copy or bundle folder")
    usb.add_argument("--pack-id", help="pack to install (default: the active one's)")
    usb.set_defaults(handler=run_import_usb)
    export = actions.add_parser(
        "export-usb", help="copy a server's current packs onto a drive",
        description="Download the update metadata, the newest manifest of each pack and its blobs "
        "from URL into DIR, for `import-usb` on kiosks that are never online.",
    )  # fmt: skip
    export.add_argument("url", help="the update repository URL (https://server/updates/)")
    export.add_argument("--out", required=True, metavar="DIR", help="folder on the drive")
    export.set_defaults(handler=run_export_usb)
    update = actions.add_parser(
        "update", help="check for a pack update now",
        description="One online check, as the heartbeat does: install a newer signed pack.",
    )  # fmt: skip
    update.add_argument("--url", help="repository URL (default: [updates] mirror_url or the server)")
    update.add_argument("--channel", choices=("staging", "stable"), help="default: [updates] channel")
    update.set_defaults(handler=run_update)
    status = actions.add_parser(
        "update-status", help="show the updater's last result",
        description="Print the update result record (active version, last check, failures, alert).",
    )  # fmt: skip
    status.set_defaults(handler=run_update_status)


def _passphrase(args: argparse.Namespace, *, confirm: bool) -> str | None:
    from kiosk.updates.keys import PASSPHRASE_ENV

    if not getattr(args, "encrypt", False):
        return None
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    first = getpass.getpass("口令 (passphrase): ")
    if confirm and getpass.getpass("再输入一次 (again): ") != first:
        from lawpost.cli import CommandError

        raise CommandError("两次输入的口令不一致 (passphrases differ)")
    return first


def _call(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Run `fn`, turning the update modules' refusals into one sentence on stderr."""
    from kiosk.content.pack import PackError
    from kiosk.updates.keys import KeyError_
    from kiosk.updates.repository import RepositoryError
    from kiosk.updates.trust import UpdateRefused
    from lawpost.cli import CommandError

    try:
        return fn(*args, **kwargs)
    except (PackError, KeyError_, RepositoryError, UpdateRefused) as exc:
        raise CommandError(str(exc)) from exc


def run_keygen(args: argparse.Namespace) -> int:
    from kiosk.updates.keys import generate_key, public_path

    key = _call(generate_key, Path(args.out), passphrase=_passphrase(args, confirm=True))
    print(f"key {key.keyid[:16]}… -> {args.out} (0600), public: {public_path(Path(args.out))}")
    return 0


def run_sign(args: argparse.Namespace) -> int:
    from kiosk.updates.keys import load_signer
    from kiosk.updates.repository import Repository
    from kiosk.updates.signing import include_chain, sign_pack

    signer = _call(load_signer, Path(args.key))
    current: bytes | None = None
    repo: Repository | None = None
    if args.current:
        path = Path(args.current)
        if path.is_dir():
            repo = Repository(path)
            current = repo.packs_json()
        else:
            current = path.read_bytes()
    bundle = _call(sign_pack, Path(args.dir), signer=signer, out_dir=Path(args.out), current_packs=current)
    if repo is not None:
        include_chain(repo, bundle.path)
    transfer = bundle.transfer
    size = f"{len(transfer.chunk_set())} blobs, {transfer.total_bytes() / 1e6:.1f} MB"
    name = f"{transfer.pack_id} v{transfer.version}"
    print(f"signed {name}: packs.json v{bundle.packs_version}, {size} -> {args.out}")
    return 0


def _key(folder: Path, name: str, passphrase: str | None) -> Any:
    from kiosk.updates.keys import generate_key, load_signer

    path = folder / f"{name}.key"
    if not path.exists():
        generate_key(path, passphrase=passphrase)
    return load_signer(path, passphrase=passphrase)


def run_repo_init(args: argparse.Namespace) -> int:
    from kiosk.updates.repository import init_repository

    keys, passphrase = Path(args.keys), _passphrase(args, confirm=True)
    signers = {n: _call(_key, keys, n, passphrase) for n in OFFLINE_KEYS}
    online = _call(_key, keys, "online", None)  # the server signs unattended: never encrypted
    repo = _call(
        init_repository, Path(args.repo), root_signers=[signers["root"]], targets_signer=signers["targets"],
        publisher_keys=[signers["publisher"].public_key], online=online,
    )  # fmt: skip
    print(f"repository -> {repo.path}")
    print(f"offline (keep off the server): {', '.join(str(keys / f'{n}.key') for n in OFFLINE_KEYS)}")
    print(f"server: the repository folder and {keys / 'online.key'}")
    print(f"kiosks: lawpost pack trust {repo.metadata_dir / '1.root.json'}")
    return 0


def run_rotate_root(args: argparse.Namespace) -> int:
    from kiosk.updates.keys import load_public_key, load_signer
    from kiosk.updates.repository import Repository
    from kiosk.updates.signing import rotate_root

    md = _call(
        rotate_root, Repository(Path(args.repo)),
        old_signers=[_call(load_signer, Path(k)) for k in args.old_key],
        new_signers=[_call(load_signer, Path(k)) for k in args.new_key],
        targets_key=_call(load_public_key, Path(args.targets_key)) if args.targets_key else None,
        online_key=_call(load_public_key, Path(args.online_key)) if args.online_key else None,
    )  # fmt: skip
    print(f"root v{md.signed.version} written; kiosks adopt it at their next check")
    return 0


def run_delegate(args: argparse.Namespace) -> int:
    from kiosk.updates.keys import load_public_key, load_signer
    from kiosk.updates.repository import Repository
    from kiosk.updates.signing import delegate_packs

    repo = Repository(Path(args.repo))
    md = _call(
        delegate_packs, repo, targets_signer=_call(load_signer, Path(args.targets_key)),
        publisher_keys=[_call(load_public_key, Path(p)) for p in args.publisher],
    )  # fmt: skip
    if args.online_key:
        _call(repo.refresh, _call(load_signer, Path(args.online_key)), force=True)
    print(f"targets v{md.signed.version}: packs delegated to {len(args.publisher)} key(s); "
          "re-sign the current packs.json with one of them (`pack sign --current`)")  # fmt: skip
    return 0


def run_trust(args: argparse.Namespace) -> int:
    from kiosk.updates.trust import pin_root

    data_dir = settings_from_args(args).data_dir
    root = _call(pin_root, data_dir, Path(args.root).read_bytes(), replace=args.replace)
    print(f"pinned root v{root.signed.version} ({len(root.signed.roles['root'].keyids)} root key(s))")
    return 0


def _report(status: Any) -> int:
    from lawpost.cli import CommandError

    line = f"{status.last_result}: active {status.active_pack_id} v{status.active_version}"
    if status.last_result in ("refused", "failed", "rolled_back", "not_configured"):
        raise CommandError(f"{line} — {status.last_error}")
    print(line)
    return 0


def run_import_usb(args: argparse.Namespace) -> int:
    from kiosk.updates.client import PackUpdater

    settings = settings_from_args(args)
    return _report(PackUpdater(settings.data_dir).import_from(Path(args.path), pack_id=args.pack_id))


def run_export_usb(args: argparse.Namespace) -> int:
    from tuf.api.exceptions import DownloadError

    from kiosk.updates.export import export_repository
    from lawpost.cli import CommandError

    try:
        copied = _call(export_repository, args.url, Path(args.out))
    except (DownloadError, ValueError, KeyError) as exc:
        raise CommandError(f"无法从 {args.url} 复制更新 (export failed): {exc}") from exc
    print(", ".join(f"{k} v{v}" for k, v in copied.items()) or "no packs published", f"-> {args.out}")
    return 0


def run_update(args: argparse.Namespace) -> int:
    from kiosk.updates.client import PackUpdater
    from kiosk.updates.runner import UpdateRunner

    settings = settings_from_args(args)
    updater = UpdateRunner(settings).updater(_server_url(settings))
    if args.url:
        updater.base_url = args.url.rstrip("/") + "/"
    if args.channel:
        updater.channel = args.channel
    assert isinstance(updater, PackUpdater)
    return _report(updater.check())


def _server_url(settings: Any) -> str | None:
    from kiosk.storage.database import open_database
    from kiosk.sync.enrollment import load_enrollment

    try:
        db = open_database(settings.data_dir)
    except Exception:  # no database yet: not enrolled
        return None
    try:
        enrollment = load_enrollment(db)
    except Exception:  # an unreadable token: the URL is still wanted, but not worth failing for
        enrollment = None
    finally:
        db.close()
    return enrollment.server_url if enrollment else None


def run_update_status(args: argparse.Namespace) -> int:
    from kiosk.updates.status import read_status

    status = read_status(settings_from_args(args).data_dir)
    print(json.dumps(status.as_json(), ensure_ascii=False, indent=1))
    return 0
