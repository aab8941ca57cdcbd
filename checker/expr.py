"""A tiny, bounded arithmetic language for computed answers in banks: `4*hidden_size*(d + hidden_size)`.

Only numbers, names of the question's values, arithmetic, comparisons, `and`/`or`/`not`, `x if c else y`,
shapes written as `(batch, 4 * hidden_size)` and calls to a fixed list of functions are allowed; anything else is rejected when the bank is loaded.
Powers and sizes are bounded so that a bank cannot make the program hang.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Mapping
from functools import lru_cache

from checker.formulas import FORMULAS

MAX_LENGTH = 500
MAX_DEPTH = 100  # nested operations and calls (a sum of 100 terms nests 100 deep)
MAX_EXPONENT = 1000
MAX_MAGNITUDE = 1e300  # every number an expression reads or makes stays within ±1e300
MAX_ROUND_DIGITS = 300


def _round(number: object, digits: object = None) -> object:
    """round() whose digits stay small: round(5, -10**9) would compute 10**(10**9)."""
    if digits is None:
        return round(number)
    if isinstance(digits, bool) or not isinstance(digits, int) or abs(digits) > MAX_ROUND_DIGITS:
        raise ExprError(f"round() takes at most {MAX_ROUND_DIGITS} digits")
    return round(number, digits)


FUNCTIONS: dict[str, Callable[..., object]] = {
    "sqrt": math.sqrt,
    "exp": math.exp,
    "log": math.log,
    "abs": abs,
    "min": min,
    "max": max,
    "round": _round,
    **{name: f.function for name, f in FORMULAS.items()},
}

_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_COMPARE = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}


class ExprError(ValueError):
    """An expression that is not allowed, or that fails for the given values."""


_ALLOWED_NODES = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.BoolOp,
    ast.Compare,
    ast.IfExp,
    ast.Call,
    ast.Name,
    ast.Constant,
    ast.Load,
    ast.Tuple,
    ast.List,
    ast.USub,
    ast.UAdd,
    ast.Not,
    ast.And,
    ast.Or,
    *_BINARY,
    *_COMPARE,
)


@lru_cache(maxsize=1024)
def compile_expr(source: str) -> ast.Expression:
    """Parse and check an expression once; raise ExprError naming what is not allowed."""
    if len(source) > MAX_LENGTH:
        raise ExprError(f"expression longer than {MAX_LENGTH} characters")
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as error:
        raise ExprError(f"not a valid expression: {error.msg}") from None
    except (RecursionError, MemoryError, ValueError):
        raise ExprError("not a valid expression") from None
    if _depth(tree) > MAX_DEPTH:
        raise ExprError(f"an expression nests at most {MAX_DEPTH} levels")
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            raise ExprError(f"'{type(node).__name__}' is not allowed in an expression")
        if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float, bool, str)):
            raise ExprError(f"only numbers, true/false and short words are allowed, not {node.value!r}")
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) > 50:
            raise ExprError("a word in an expression has at most 50 characters")
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                raise ExprError(f"'{ast.unparse(node.func)}' is not a known function")
            if node.keywords:
                raise ExprError("functions take positional arguments only")
    return tree


def _depth(tree: ast.AST) -> int:
    """How deeply the nodes of `tree` nest, counted without recursion."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


def names_used(source: str) -> set[str]:
    """The value names an expression reads (not the functions it calls)."""
    tree = compile_expr(source)
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and id(n) not in called}


def evaluate(source: str, values: Mapping[str, object]) -> object:
    """The value of `source` with `values` bound to names."""
    tree = compile_expr(source)
    try:
        result = _eval(tree.body, values)
    except ExprError:
        raise
    except (ArithmeticError, ValueError, TypeError, IndexError, KeyError) as error:
        raise ExprError(f"{source!r} fails: {error}") from None
    return result


def bounded(value: object) -> object:
    """`value` when it is a word, a finite real number within ±MAX_MAGNITUDE, or a tuple of those."""
    if isinstance(value, tuple):
        for item in value:
            bounded(item)
        return value
    if isinstance(value, str) or value is None:
        return value
    if not isinstance(value, (int, float)):
        raise ExprError(f"the result is not a real number: {type(value).__name__}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ExprError("the result is not a finite number")
    if abs(value) > MAX_MAGNITUDE:
        raise ExprError("the result is too large")
    return value


def _power(base: object, exponent: object) -> object:
    """base ** exponent, refused before it is computed when the result could not be within bounds."""
    if abs(exponent) > MAX_EXPONENT:
        raise ExprError(f"exponent {exponent} is larger than {MAX_EXPONENT}")
    if abs(base) > 1 and exponent > 0 and exponent * math.log10(abs(base)) > math.log10(MAX_MAGNITUDE) + 1:
        raise ExprError("the result is too large")
    return base**exponent


def _eval(node: ast.AST, values: Mapping[str, object]) -> object:
    if isinstance(node, ast.Constant):
        return bounded(node.value)
    if isinstance(node, ast.Name):
        if node.id not in values:
            raise ExprError(f"unknown name '{node.id}'")
        return bounded(values[node.id])
    if isinstance(node, ast.UnaryOp):
        operand = _eval(node.operand, values)
        if isinstance(node.op, ast.Not):
            return not operand
        return bounded(-operand if isinstance(node.op, ast.USub) else +operand)
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, values), _eval(node.right, values)
        if not all(isinstance(v, (int, float)) for v in (left, right)):
            raise ExprError("arithmetic works on numbers only")
        if isinstance(node.op, ast.Pow):
            return bounded(_power(left, right))
        return bounded(_BINARY[type(node.op)](left, right))
    if isinstance(node, ast.BoolOp):
        if isinstance(node.op, ast.And):
            return all(_eval(v, values) for v in node.values)
        return any(_eval(v, values) for v in node.values)
    if isinstance(node, ast.Compare):
        left = _eval(node.left, values)
        for op, comparator in zip(node.ops, node.comparators):
            right = _eval(comparator, values)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.IfExp):
        branch = node.body if _eval(node.test, values) else node.orelse
        return _eval(branch, values)
    if isinstance(node, (ast.Tuple, ast.List)):
        if len(node.elts) > 8:
            raise ExprError("a shape has at most 8 dimensions")
        return tuple(_eval(e, values) for e in node.elts)
    if isinstance(node, ast.Call):
        args = [_eval(a, values) for a in node.args]
        return bounded(FUNCTIONS[node.func.id](*args))
    raise ExprError(f"'{type(node).__name__}' is not allowed")  # unreachable after compile_expr
