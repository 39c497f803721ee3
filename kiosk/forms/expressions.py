"""The safe expression language of form definitions (show_if, computed values, rules): simpleeval.

Content editors write Python-like expressions over field ids, e.g.
`case.matter == 'labour_pay' and 'migrant_worker' in applicant.groups`. Field ids contain dots,
which Python would read as attribute access (and simpleeval would then try getattr on a dict,
reaching methods like `.items`). So the expression is parsed once with `ast`, every dotted name
chain is folded into one plain name (`case.matter` → a variable of that id), and simpleeval
evaluates the folded tree with only the names and functions listed here. Nothing is ever given
to Python's eval.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from simpleeval import EvalWithCompoundTypes, InvalidExpression

from kiosk.forms.money import rmb_upper


class ExpressionError(Exception):
    """An expression cannot be parsed, or failed at run time; the message names it."""


def _dotted(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


class _FoldDottedNames(ast.NodeTransformer):
    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        name = _dotted(node)
        if name is None:
            return self.generic_visit(node)
        return ast.copy_location(ast.Name(id=name, ctx=ast.Load()), node)


def _count(items: Any) -> int:
    return len(items) if isinstance(items, list | tuple | str) else 0


def _sum_of(items: Any, key: str) -> Decimal:
    total = Decimal(0)
    for item in items if isinstance(items, list) else ():
        value = item.get(key) if isinstance(item, dict) else None
        total += _decimal(value) or Decimal(0)
    return total


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _years_between(start_value: Any, end_value: Any) -> int | None:
    """Whole years from one date to another (an age, years of service)."""
    start, end = _as_date(start_value), _as_date(end_value)
    if start is None or end is None:
        return None
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def _answered(value: Any) -> bool:
    return value not in (None, "", [], {})


# The functions an expression may call. Kept small: each one is documented in docs/forms.md.
FUNCTIONS: dict[str, Any] = {
    "count": _count,
    "sum_of": _sum_of,
    "years_between": _years_between,
    "answered": _answered,
    "rmb_upper": rmb_upper,
    "number": _decimal,
}
# Literal names an expression may use besides field ids.
CONSTANTS: dict[str, Any] = {"true": True, "false": False, "none": None, "True": True, "False": False,
                             "None": None}  # fmt: skip


@dataclass(frozen=True)
class Expression:
    """One parsed expression; `names` are the field / computed ids it reads."""

    source: str
    tree: ast.Expression
    names: frozenset[str]

    def evaluate(self, values: Mapping[str, Any], *, today: date) -> Any:
        names = dict(CONSTANTS)
        # Dates are ISO strings in answers, so `today` is one too: they compare in order.
        names["today"] = today.isoformat()
        # A name not answered yet reads as None, so `x == 'a'` is simply false until it is.
        names.update({name: values.get(name) for name in self.names if name not in names})
        evaluator = EvalWithCompoundTypes(names=names, functions=FUNCTIONS)
        try:
            return evaluator.eval(self.source, previously_parsed=self.tree.body)
        except (InvalidExpression, TypeError, ValueError, ArithmeticError, KeyError, IndexError,
                AttributeError, InvalidOperation) as exc:  # fmt: skip
            # Content editors' expressions meet unanswered (None) values; a failure is "no value".
            raise ExpressionError(f"{self.source!r}: {exc}") from exc

    def truthy(self, values: Mapping[str, Any], *, today: date) -> bool:
        try:
            return bool(self.evaluate(values, today=today))
        except ExpressionError:
            return False


@functools.lru_cache(maxsize=2048)
def parse(source: str) -> Expression:
    """Parse and fold an expression; raise ExpressionError with the reason if it is not valid."""
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"表达式写法有误 (invalid expression) {source!r}: {exc.msg}") from exc
    folded = ast.fix_missing_locations(_FoldDottedNames().visit(tree))
    assert isinstance(folded, ast.Expression)
    called = {n.func.id for n in ast.walk(folded) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    unknown_calls = called - set(FUNCTIONS)
    if unknown_calls:
        raise ExpressionError(
            f"表达式用了未知的函数 (unknown function) {sorted(unknown_calls)} in {source!r}"
        )
    names = (
        {n.id for n in ast.walk(folded) if isinstance(n, ast.Name) and n.id not in FUNCTIONS}
        - set(CONSTANTS)
        - {"today"}
    )
    return Expression(source=source, tree=folded, names=frozenset(names))
