"""`lawpost calc`: run a calculator (算一算) from the command line, as the kiosk does."""

from __future__ import annotations

import argparse
import json
from functools import partial
from typing import Any

from lawpost.commands.common import settings_from_args


def _calculator_list() -> str:
    from kiosk.calc.calculators import CALCULATORS

    lines = ["calculators and their keys (key=value; money in yuan, dates YYYY-MM-DD):", ""]
    for calculator in CALCULATORS:
        lines.append(f"  {calculator.name}: {calculator.help}")
        for key in calculator.keys:
            need = "required" if key.required else "optional"
            choices = f" — one of {', '.join(key.choices)}" if key.choices else ""
            lines.append(f"      {key.name} ({key.kind}, {need}): {key.help}{choices}")
    lines += [
        "",
        'With --json one object is printed; money is a string with two decimals ("2000.00"),',
        "null where the amount is a range the province has not fixed (see fee_min / fee_max).",
        "examples:",
        "  lawpost calc litigation-fee --json kind=property amount=88000",
        "  lawpost calc severance --json start=2018-07-01 end=2023-11-20 monthly_wage=5200 "
        "local_average_wage=7600",
        "",
    ]
    return "\n".join(lines)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "calc",
        help="litigation, preservation and enforcement fees; labour severance",
        description="Run one of the kiosk's calculators (算一算). Bad input exits with status 2 "
        "and a sentence saying what to fix.",
        epilog=_calculator_list(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("name", metavar="NAME", help="the calculator, e.g. litigation-fee or severance")
    # REMAINDER, so that --json may come before or after the inputs (argparse cannot mix a '*'
    # positional with options); run_calc takes --json and --lang out of it again.
    parser.add_argument(
        "inputs", nargs=argparse.REMAINDER, metavar="KEY=VALUE", help="the calculator's inputs"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--lang",
        choices=["zh_CN", "en"],
        default="zh_CN",
        help="language of the formula and notes (default zh_CN)",
    )
    parser.set_defaults(handler=run_calc)


def _options_among(args: argparse.Namespace) -> list[str]:
    """Take --json and --lang out of the inputs (they may follow the first KEY=VALUE)."""
    from lawpost.cli import CommandError

    items: list[str] = []
    tokens = iter(args.inputs)
    for token in tokens:
        if token == "--json":
            args.json = True
        elif token == "--lang" or token.startswith("--lang="):
            value = token.partition("=")[2] or next(tokens, "")
            if value not in ("zh_CN", "en"):
                raise CommandError(f"--lang 只能是 zh_CN 或 en (--lang must be zh_CN or en, not {value!r})")
            args.lang = value
        else:
            items.append(token)
    return items


def _pairs(items: list[str]) -> dict[str, str]:
    from lawpost.cli import CommandError

    inputs: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise CommandError(f"输入应写成 key=value，“{item}”不是 (inputs are key=value, not {item!r})")
        if key.strip() in inputs:
            raise CommandError(f"“{key}”写了两次 ({key!r} is given twice)")
        inputs[key.strip()] = value
    return inputs


def run_calc(args: argparse.Namespace) -> int:
    from kiosk.calc.calculators import calculate
    from kiosk.calc.result import CalcInputError
    from kiosk.i18n import load_catalogs
    from lawpost.cli import CommandError

    items = _options_among(args)
    settings = settings_from_args(args)
    catalogs = load_catalogs()
    text = partial(catalogs.text, args.lang)
    try:
        result = calculate(args.name, _pairs(items), settings=settings.calc, text=text)
    except CalcInputError as exc:
        zh = exc.sentence(partial(catalogs.text, "zh_CN"))
        en = exc.sentence(partial(catalogs.text, "en"))
        raise CommandError(f"{zh} ({en})") from None
    if args.json:
        print(json.dumps({"calculator": result.calculator, **result.to_json()}, ensure_ascii=False))
        return 0
    for figure in result.figures:
        print(f"{figure.label}: {figure.amount}")
    print()
    print(result.formula)
    for citation in result.articles:
        print(f"《{citation.law}》第{citation.article}条 — {citation.note}")
    for note in result.notes:
        print(note)
    return 0
