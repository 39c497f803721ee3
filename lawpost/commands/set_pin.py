"""`lawpost set-pin`: set the technician PIN (stored only as a slow salted hash)."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from lawpost.commands.common import settings_from_args


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "set-pin",
        help="set the technician PIN of this kiosk",
        description="Set the technician-mode PIN (6–12 digits, not trivial). The PIN is stored "
        "only as an scrypt hash in the kiosk database; setting it also clears any lockout. "
        "Reads the PIN from the terminal, or from standard input with --stdin.",
    )
    parser.add_argument("--stdin", action="store_true", help="read the PIN from standard input")
    parser.add_argument(
        "--print-hash", action="store_true",
        help="print the PIN's hash for [technician] pin_hash in kiosk.toml (mass roll-out) and "
        "change nothing on this machine",
    )
    parser.set_defaults(handler=run_set_pin)


def run_set_pin(args: argparse.Namespace) -> int:
    from kiosk.security.audit_log import AuditLog
    from kiosk.security.technician_lock import TechnicianLock
    from kiosk.storage.database import open_database
    from lawpost.cli import CommandError

    settings = settings_from_args(args)
    if args.stdin:
        pin = sys.stdin.readline().strip()
    else:
        pin = getpass.getpass("New technician PIN: ")
        if getpass.getpass("Repeat the PIN: ") != pin:
            raise CommandError("the two PINs differ; nothing was changed")
    if args.print_hash:
        from kiosk.security.pin_hash import hash_pin, is_acceptable_pin

        if not is_acceptable_pin(pin):
            raise CommandError("PIN must be 6–12 digits and not trivial (e.g. 111111, 123456)")
        print(hash_pin(pin))
        return 0
    db = open_database(settings.data_dir)
    try:
        TechnicianLock(db).set_pin(pin)
    except ValueError as exc:
        raise CommandError(f"{exc}; nothing was changed") from exc
    AuditLog(db).append(actor="console", action="set_pin")
    print(f"technician PIN set for the kiosk data in {settings.data_dir}")
    return 0
