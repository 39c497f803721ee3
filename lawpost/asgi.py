"""The central server for a process manager: `uvicorn --factory lawpost.asgi:create_app --workers N`.

Settings come from $LAWPOST_CONFIG ([server] section) and $LAWPOST_DATA as for `lawpost server`.
`python -m lawpost.asgi --migrate` brings the database up to date once, before the workers start
(several workers migrating one SQLite file at the same moment would race).
"""

from __future__ import annotations

import argparse
import sys

from fastapi import FastAPI

from lawpost.commands.server import server_settings


def _settings_args() -> argparse.Namespace:
    return argparse.Namespace(config=None, data=None, db=None)


def create_app() -> FastAPI:
    from server.app import create_app as build

    return build(server_settings(_settings_args()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lawpost.asgi", description=__doc__)
    parser.add_argument("--migrate", action="store_true", help="migrate the database, create the key, exit")
    args = parser.parse_args(argv)
    if not args.migrate:
        parser.print_help()
        return 2
    from server.app import build_context

    context = build_context(server_settings(_settings_args()))
    context.engine.dispose()
    print(f"lawpost server data ready in {context.settings.data_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
