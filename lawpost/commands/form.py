"""`lawpost form list|check|render`: the guided forms of the installed pack, for reviewers and scripts."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from lawpost.commands.common import settings_from_args


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "form",
        help="list, check and render the guided forms (legal aid, mediation, complaints, IOU …)",
        description="The guided forms of the installed content pack (or the bundled default pack). "
        'Answers are a flat JSON object keyed by field id, e.g. {"applicant.name": "王小明"}.',
    )
    commands = parser.add_subparsers(dest="form_command", metavar="ACTION", required=True)
    listing = commands.add_parser("list", help="list the forms", description="List the forms of the pack.")
    listing.add_argument("--json", action="store_true", help='print [{"id": …, "title": …}]')
    listing.set_defaults(handler=run_list)
    check = commands.add_parser(
        "check", help="check answers against a form",
        description="Check answers; exit 0 whether or not they are complete, 2 for an unknown form "
        "or unreadable answers. For legal_aid the eligibility pre-check is added.",
    )  # fmt: skip
    check.add_argument("form", help="form id, e.g. legal_aid")
    check.add_argument("--answers", required=True, metavar="FILE", help="answers as a JSON object")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.add_argument("--lang", choices=["zh_CN", "en"], default="zh_CN", help="language of the messages")
    check.set_defaults(handler=run_check)
    render = commands.add_parser(
        "render", help="write the form's document as a PDF",
        description="Write the A4 document; refuses (exit 1) while the answers are incomplete, "
        "unless --draft, which marks every page 草稿.",
    )  # fmt: skip
    render.add_argument("form", help="form id")
    render.add_argument("--answers", required=True, metavar="FILE", help="answers as a JSON object")
    render.add_argument("--out", required=True, metavar="PDF", help="where to write the PDF")
    render.add_argument("--draft", action="store_true", help="render even if incomplete, marked 草稿")
    render.set_defaults(handler=run_render)


def _catalog(args: argparse.Namespace) -> Any:
    from kiosk.content.installer import active_pack
    from kiosk.content.pack import DEFAULT_PACK_DIR
    from kiosk.forms.catalog import catalog_from_pack
    from kiosk.forms.definition import DefinitionError
    from lawpost.cli import CommandError

    settings = settings_from_args(args)
    installed = active_pack(settings.data_dir)
    try:
        catalog = catalog_from_pack(installed.path if installed else DEFAULT_PACK_DIR)
    except DefinitionError as exc:
        raise CommandError(
            f"内容包里的表单无法读取，请重新安装内容包 (forms in the pack are unreadable): {exc}"
        ) from exc
    return settings, catalog


def _form_and_answers(args: argparse.Namespace) -> tuple[Any, Any, Any, dict[str, Any]]:
    from lawpost.cli import CommandError

    settings, catalog = _catalog(args)
    definition = catalog.get(args.form)
    if definition is None:
        known = ", ".join(sorted(catalog.forms)) or "(none)"
        raise CommandError(f"没有这个表单 {args.form!r}；可用的有 {known} (unknown form)")
    try:
        answers = json.loads(Path(args.answers).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CommandError(
            f"无法读取答案文件 {args.answers}：{exc} (answers must be a readable JSON file)"
        ) from exc
    if not isinstance(answers, dict):
        raise CommandError(
            "答案文件必须是一个 JSON 对象，键是字段 id (answers must be a JSON object keyed by field id)"
        )
    return settings, catalog, definition, answers


def run_list(args: argparse.Namespace) -> int:
    _settings, catalog = _catalog(args)
    listing = catalog.listing()
    if args.json:
        print(json.dumps(listing, ensure_ascii=False))
    else:
        for item in listing:
            print(f"{item['id']:<24} {item['title']}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from kiosk.forms.check import check_answers
    from kiosk.forms.legal_aid import pre_check

    settings, catalog, definition, answers = _form_and_answers(args)
    result = check_answers(definition, answers, today=date.today(), regions=catalog.regions)
    report: dict[str, Any] = {
        "form": definition.id,
        "complete": result.complete,
        "errors": result.messages(args.lang),
    }
    report["steps"] = [s.id for s in result.visible_steps]
    if definition.id == "legal_aid":
        standard = settings.legal_aid.hardship_monthly_income_per_person or None
        report["eligibility"] = pre_check(result.values, standard=standard).as_json(args.lang)
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return 0
    print(f"{definition.title.get(args.lang)}: {'完整 complete' if result.complete else '未完成 incomplete'}")
    for key, message in report["errors"].items():
        print(f"  {key}: {message}")
    if "eligibility" in report:
        print(f"  eligibility: {report['eligibility']['outcome']} — {report['eligibility']['explanation']}")
    return 0


def run_render(args: argparse.Namespace) -> int:
    from kiosk.forms.check import check_answers
    from kiosk.forms.render import DocumentRenderer, RenderError
    from lawpost.cli import CommandError

    _settings, catalog, definition, answers = _form_and_answers(args)
    today = date.today()
    result = check_answers(definition, answers, today=today, regions=catalog.regions)
    if not result.complete and not args.draft:
        print(f"lawpost: 答案还不完整，未生成文书（{len(result.errors)} 处问题；用 `lawpost form check` 查看"
              "，"
              "或加 --draft 生成草稿）(answers incomplete; use --draft for a draft"
              ")", file=sys.stderr)  # fmt: skip
        return 1
    try:
        pdf = DocumentRenderer(regions=catalog.regions).render(
            definition, result, draft=args.draft, today=today
        )
        Path(args.out).write_bytes(pdf)
    except (RenderError, OSError) as exc:
        raise CommandError(f"无法写出文书 {args.out}：{exc}") from exc
    return 0
