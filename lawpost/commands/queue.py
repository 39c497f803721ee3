"""`lawpost queue`: take a number, see the hall's queue, call from a counter, render a call."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from lawpost.commands.common import settings_from_args

_COUNTER_ACTIONS = {
    "call": "call the next visitor to COUNTER (the one it was serving counts as served)",
    "recall": "call the counter's current visitor again (or a skipped one with --number)",
    "served": "the counter's current visitor has been served",
    "skip": "skip the counter's current visitor (they can be called again with recall --number)",
    "no-show": "the counter's current visitor did not come",
    "transfer": "send the counter's current visitor to another service's line, keeping the number",
}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "queue",
        help="the hall's take-a-number queue (取号)",
        description="The kiosk's own queue, in its database; works with no network. `issue` "
        "takes a number exactly as the kiosk's 取号 tile does (and prints on the configured "
        "ticket printer); counter actions call visitors; `announce` renders the spoken call.",
    )
    actions = parser.add_subparsers(dest="queue_command", metavar="ACTION", required=True)
    issue = actions.add_parser(
        "issue",
        help="take the next number of a service",
        description="Issue a ticket of SERVICE (its letter, e.g. A) and print it. Exit status 2 "
        "with a sentence when the service is closed or unknown.",
    )
    issue.add_argument("service", help="the service's letter, e.g. A (法律援助)")
    issue.add_argument("--json", action="store_true", help="print one JSON object")
    issue.set_defaults(handler=run_issue)
    status = actions.add_parser(
        "status",
        help="today's queue: people waiting, current and recent calls",
        description="Show, per service, whether it is open, how many wait, the last number "
        "issued, and the calls in progress.",
    )
    status.add_argument("--json", action="store_true", help="print one JSON object")
    status.set_defaults(handler=run_status)
    announce = actions.add_parser(
        "announce",
        help="write the spoken call as a WAV file",
        description="Render the announcement the hall hears for NUMBER at COUNTER: a chime, "
        'then "请A012号到2号窗口" said twice by the kiosk\'s offline Mandarin voice.',
    )
    announce.add_argument("number", help="the ticket number, e.g. A012")
    announce.add_argument("counter", help="the counter, e.g. 2")
    announce.add_argument("--out", required=True, metavar="F.wav", help="the WAV file to write")
    announce.set_defaults(handler=run_announce)
    serve = actions.add_parser(
        "serve",
        help="serve the counter page and hall display on the hall LAN",
        description="Run the counter page (clerks log in and call visitors) and the hall display "
        "page /display on [queue] counter_web_host:counter_web_port (or --host/--port), with the "
        "kiosk's own database: it works with no WAN. The kiosk itself serves them too when "
        "counter_web_host is set.",
    )
    serve.add_argument("--host", help="address to listen on (default: [queue] counter_web_host)")
    serve.add_argument("--port", type=int, help="port (default: [queue] counter_web_port)")
    serve.set_defaults(handler=run_serve)
    staff = actions.add_parser(
        "staff-add",
        help="create or replace a counter clerk's login",
        description="Create (or replace) a clerk's account for the counter page. The password "
        "(at least 8 characters, not only digits) is read from standard input and stored only "
        "as an scrypt hash.",
    )
    staff.add_argument("name", help="the login name")
    staff.add_argument("--counters", required=True, help="counters the clerk may call from, e.g. 1,2")
    staff.set_defaults(handler=run_staff_add)
    for name, text in _COUNTER_ACTIONS.items():
        action = actions.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        action.add_argument("counter", help="the counter (窗口), e.g. 1")
        if name == "recall":
            action.add_argument("--number", help="a skipped ticket to call again, e.g. A012")
        if name == "transfer":
            action.add_argument("service", help="the service to send the visitor to, e.g. B")
        action.add_argument("--json", action="store_true", help="print one JSON object")
        action.set_defaults(handler=run_counter_action, action=name)


def _open(args: argparse.Namespace) -> Any:
    from kiosk.storage.database import open_database

    settings = settings_from_args(args)
    return settings, open_database(settings.data_dir)


def run_issue(args: argparse.Namespace) -> int:
    from kiosk.queue.desk import desk_from_settings
    from kiosk.queue.tickets import QueueClosedError
    from lawpost.cli import CommandError

    settings, db = _open(args)
    try:
        taken = desk_from_settings(settings, db).take(args.service)
    except KeyError:
        letters = ", ".join(s.letter for s in settings.queue.services)
        raise CommandError(f"no queue service {args.service!r}; the services are {letters}") from None
    except QueueClosedError as closed:
        when = closed.reopens.strftime("%Y-%m-%d %H:%M") if closed.reopens else "not in the next two weeks"
        raise CommandError(
            f"service {closed.service.letter} ({closed.service.name}) is closed now; it opens again {when}"
        ) from None
    finally:
        db.conn.close()
    if args.json:
        print(json.dumps(taken.as_json(), ensure_ascii=False))
    else:
        paper = "printed" if taken.printed else f"not printed ({taken.print_problem})"
        print(f"{taken.number} {taken.service_name}: {taken.ahead} ahead, {paper}; {taken.url}")
    return 0


def run_status(args: argparse.Namespace) -> int:
    from kiosk.queue.desk import rules_from_settings
    from kiosk.queue.status import queue_status

    settings, db = _open(args)
    try:
        status = queue_status(db, rules_from_settings(settings))
    finally:
        db.conn.close()
    if args.json:
        print(json.dumps(status.as_json(), ensure_ascii=False))
        return 0
    print(f"queue day {status.day}")
    for s in status.services:
        state = "open" if s.open_now else f"closed (opens {s.reopens or '-'})"
        print(f"  {s.letter} {s.name}: {s.waiting} waiting, last {s.last_issued or '-'}, {state}")
    for call in status.current:
        print(f"  now: {call.number} → counter {call.counter}")
    return 0


def run_counter_action(args: argparse.Namespace) -> int:
    from kiosk.queue import tickets
    from kiosk.queue.desk import rules_from_settings
    from lawpost.cli import CommandError

    settings, db = _open(args)
    rules = rules_from_settings(settings)
    try:
        if args.action == "call":
            ticket = tickets.call_next(db, rules, args.counter)
        elif args.action == "recall":
            ticket = tickets.recall(db, rules, args.counter, number=args.number)
        elif args.action == "transfer":
            ticket = tickets.transfer_current(db, rules, args.counter, args.service)
        else:
            outcome = {"served": "served", "skip": "skipped", "no-show": "no_show"}[args.action]
            ticket = tickets.finish_current(db, args.counter, outcome)
    except tickets.NoTicketError as exc:
        raise CommandError(f"counter {args.counter}: {exc}; nothing changed") from None
    except KeyError:
        raise CommandError(f"no queue service {args.service!r}; nothing changed") from None
    finally:
        db.conn.close()
    if args.json:
        print(
            json.dumps(
                {
                    "number": ticket.number,
                    "service": ticket.service,
                    "counter": ticket.counter,
                    "state": ticket.state,
                },
                ensure_ascii=False,
            )
        )
    else:
        print(f"{ticket.number}: {ticket.state} at counter {ticket.counter}")
    return 0


def run_announce(args: argparse.Namespace) -> int:
    from kiosk.queue.announce import EspeakVoice, render_announcement
    from lawpost.cli import CommandError

    settings = settings_from_args(args)
    voice = EspeakVoice(rate_wpm=settings.speech.rate_wpm)
    try:
        out = render_announcement(args.number, args.counter, Path(args.out), voice=voice)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    except (OSError, RuntimeError) as exc:
        raise CommandError(f"the announcement could not be rendered: {exc}") from None
    print(out)
    return 0


def run_staff_add(args: argparse.Namespace) -> int:
    import sys

    from kiosk.queue.staff import StaffError, add_staff
    from lawpost.cli import CommandError

    _settings, db = _open(args)
    try:
        account = add_staff(
            db, name=args.name, password=sys.stdin.readline().rstrip("\n"), counters=args.counters.split(",")
        )
    except StaffError as exc:
        raise CommandError(f"{exc}; nothing was changed") from None
    finally:
        db.conn.close()
    print(f"counter login {account.name} may call from counters {', '.join(account.counters)}")
    return 0


def run_serve(args: argparse.Namespace) -> int:
    import time

    from kiosk.queue.counter_web import CounterWeb
    from kiosk.queue.desk import rules_from_settings
    from kiosk.storage.database import DATABASE_FILE, open_database
    from lawpost.cli import CommandError

    settings = settings_from_args(args)
    host = args.host or settings.queue.counter_web_host
    if not host:
        raise CommandError("no address to listen on: set [queue] counter_web_host or pass --host")
    open_database(settings.data_dir).conn.close()  # schema up to date before serving
    try:
        web = CounterWeb(
            settings.data_dir / DATABASE_FILE,
            rules_from_settings(settings),
            host=host,
            port=args.port or settings.queue.counter_web_port,
        )
    except OSError as exc:
        raise CommandError(f"cannot listen on {host}: {exc}") from None
    web.start()
    print(
        f"counter page http://{host}:{web.port}/counter · hall display http://{host}:{web.port}/display",
        flush=True,
    )
    try:
        while True:
            time.sleep(3600)
    finally:
        web.close()
