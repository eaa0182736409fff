"""The sandbox report templates run in: Jinja's immutable sandbox, bounded in what it builds.

Jinja's sandbox stops a template from reaching Python internals or mutating the data, and caps
``range()`` at 100 000 items; it does not stop ``{{ 'x' * 10**9 }}`` from allocating a
gigabyte. Here every operation that can make a large value is checked *before* it runs:

- the operators ``*``, ``**``, ``+`` and ``%`` (intercepted binary operators);
- ``~`` (the code generator routes every concatenation through ``join_bounded``);
- every call a template makes (methods, globals, macros) and every filter: width arguments of
  the padding methods and filters, ``replace``, ``join``, and the widths inside format strings;

and every value a call, a filter or an operator returns is measured after it. No value may
exceed ``MAX_TEMPLATE_VALUE`` characters or items (counted through nested lists, mappings and
the view-model's records), no integer
``MAX_TEMPLATE_INT_BITS`` bits; the output as a whole is counted by ``render.py`` against
``MAX_REPORT_BYTES``. A template can still loop for a long time (nested ``range`` loops that
print nothing): the sandbox bounds memory, not time.
"""

from __future__ import annotations

import dataclasses
import re
import string
from collections.abc import Callable, Iterable, Mapping
from functools import wraps
from typing import Any

from jinja2 import Environment
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Concat, EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_REPORT_BYTES = 100 * 2**20
"""The largest report a template may produce (UTF-8 bytes): 100 MiB. The packaged templates
write about 7 KB per ranked vendor, so this holds some 15 000 of them."""

MAX_TEMPLATE_VALUE = 10 * 2**20
"""The most characters (or list items, counted through nested lists) one value may hold."""

MAX_TEMPLATE_INT_BITS = 10_000
"""The largest integer a template may compute (about 3 000 decimal digits)."""

MAX_TEMPLATE_BYTES = 2**20
"""The largest template file vendorscore reads (1 MiB; the packaged HTML one is ~15 KB)."""

_WIDTH_METHODS = {"center", "ljust", "rjust", "zfill"}
_PER_LINE = {"indent": "\n", "expandtabs": "\t"}  # width x (lines or tabs)
_SERIALISING = {"string", "pprint", "tojson", "urlencode", "xmlattr", "list"}  # a repr, at least
_PERCENT_FIELD = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(\*|\d*)(?:\.(\*|\d*))?")


class TemplateLimit(Exception):
    """A template asked for more than a documented bound (the message names the constant)."""


_SCALARS = frozenset({int, float, bool, type(None)})
_RECORDS: dict[type, tuple[int, tuple[str, ...]]] = {}
"""Per view-model record class: the length of its field names and the names (the report
measures a record per printed number: ``dataclasses.fields`` each time was a third of it)."""


def _record(kind: type) -> tuple[int, tuple[str, ...]] | None:
    """A dataclass's field names and their total length, once per class (None for anything
    that is not a plain dataclass: a mapping or a sequence is measured as one)."""
    known = _RECORDS.get(kind)
    if known is None:
        if not dataclasses.is_dataclass(kind) or issubclass(
            kind, (Mapping, list, tuple, set, frozenset)
        ):
            return None
        names = tuple(f.name for f in dataclasses.fields(kind))
        known = _RECORDS[kind] = (sum(len(name) for name in names), names)
    return known


def weight(value: Any, depth: int = 0) -> int:
    """How big a value is: characters of a text, items of a container (and of the containers
    in it, to any depth), field names and values of a view-model record (as for a mapping:
    its repr holds them all), 1 for anything else."""
    kind = type(value)
    if kind is str or isinstance(value, (str, bytes)):
        return len(value)
    if depth > 50:  # nesting this deep only comes from a template building it on purpose
        raise TemplateLimit("a value nested more than 50 levels deep")
    if kind in _SCALARS:
        return 1
    record = _RECORDS.get(kind)
    if record is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        record = _record(kind)  # None for a dataclass that is a mapping or a sequence
    if record is not None:  # a view-model record (a Figure per printed number)
        total, names = record
        for name in names:
            field = getattr(value, name)
            if type(field) is str:  # the leaves weighed here: the same as weight(field)
                total += len(field)
            elif type(field) in _SCALARS and depth < 50:  # as weight(field, depth + 1) would
                total += 1
            else:
                total += weight(field, depth + 1)
        return total
    if isinstance(value, Mapping):
        return len(value) + sum(
            weight(k, depth + 1) + weight(v, depth + 1) for k, v in value.items()
        )
    if isinstance(value, (list, tuple, set, frozenset)):
        return len(value) + sum(weight(item, depth + 1) for item in value)
    return 1


def measured(value: Any, what: str) -> Any:
    """``value``, once its ``weight`` is within ``MAX_TEMPLATE_VALUE`` (before it is printed:
    a list of a thousand references to one long text is small, its repr is not)."""
    _refuse(weight(value), what)
    return value


def _refuse(size: int, what: str) -> None:
    if size > MAX_TEMPLATE_VALUE:
        raise TemplateLimit(
            f"{what} would hold {size:,} characters or items, over the limit of "
            f"{MAX_TEMPLATE_VALUE:,} (MAX_TEMPLATE_VALUE)"
        )


def _bits(bits: int) -> None:
    if bits > MAX_TEMPLATE_INT_BITS:
        raise TemplateLimit(
            f"an integer of about {bits:,} bits, over the limit of {MAX_TEMPLATE_INT_BITS:,} "
            "(MAX_TEMPLATE_INT_BITS)"
        )


def checked(value: Any, what: str = "a value") -> Any:
    """``value``, once measured: a text or a container by its length (a shallow measure: what
    went in was measured already), an integer by its bits."""
    if _is_int(value):
        _bits(value.bit_length())
    elif isinstance(value, (str, bytes, list, tuple, set, frozenset, dict)):
        _refuse(len(value), what)
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _sequence(value: Any) -> bool:
    return isinstance(value, (str, bytes, list, tuple))


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse, before it runs, an operation whose result would pass a bound."""
    if operator == "*":
        if _sequence(left) and _is_int(right):
            _refuse(weight(left) * max(right, 0), "a repetition")
        elif _sequence(right) and _is_int(left):
            _refuse(weight(right) * max(left, 0), "a repetition")
        elif _is_int(left) and _is_int(right):
            _bits(left.bit_length() + right.bit_length())
    elif operator == "**":
        if _is_int(left) and _is_int(right) and right > 0 and abs(left) > 1:
            _bits(left.bit_length() * right)
    elif operator == "+":
        if _sequence(left) and _sequence(right):
            _refuse(weight(left) + weight(right), "a sum")
    elif operator == "%" and isinstance(left, (str, bytes)):
        template = left if isinstance(left, str) else left.decode("latin-1")
        _check_percent(template, right if isinstance(right, tuple) else (right,))


def _check_percent(template: str, args: Iterable[Any]) -> None:
    """``%`` formatting: literal widths and precisions, ``*`` ones taken from the arguments,
    and the arguments themselves (a list is written as its repr)."""
    star = False
    for match in _PERCENT_FIELD.finditer(template):
        for part in match.groups():
            star = star or part == "*"
            if part and part.isdigit():
                _refuse(int(part), "a formatted field")
    values = list(args)
    for arg in values:
        if star and _is_int(arg):
            _refuse(abs(arg), "a formatted field")
    _refuse(len(template) + sum(weight(a) for a in values), "a formatted text")


def _check_format(template: str, args: Iterable[Any]) -> None:
    """``str.format``: every number in a field's format spec (a width, a precision), the
    integer arguments when a spec takes its width from one (``{:{}}``), and the arguments."""
    try:
        specs = [spec or "" for _, _, spec, _ in string.Formatter().parse(template)]
    except ValueError:
        return  # str.format will raise the same error itself
    for spec in specs:
        for digits in re.findall(r"\d+", spec):
            _refuse(int(digits), "a formatted field")
    values = list(args)
    if any("{" in spec for spec in specs):
        for arg in values:
            if _is_int(arg):
                _refuse(abs(arg), "a formatted field")
    _refuse(len(template) + sum(weight(a) for a in values), "a formatted text")


def _check_call(name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any], method: bool) -> None:
    """Arguments that make the result of a method or a filter large: widths, replacements,
    joins, formats, serialisations. ``args[0]`` is what it works on (for a method, the object
    it is bound to)."""
    values = [*args[1:], *kwargs.values()]
    first = args[0] if args else ""
    text = first.decode("latin-1") if isinstance(first, bytes) else first
    text = text if isinstance(text, str) else ""
    what = f"the result of {name}()" if method else f"the result of the {name} filter"
    if name in _WIDTH_METHODS:
        for value in values:
            if _is_int(value):
                _refuse(abs(value), what)
    elif name in _PER_LINE:
        width = next((v for v in values if _is_int(v) or isinstance(v, str)), 0)
        size = len(width) if isinstance(width, str) else int(width)
        _refuse(len(text) + abs(size) * (text.count(_PER_LINE[name]) + 1), what)
    elif name == "replace" and len(args) >= 3 and isinstance(args[1], (str, bytes)):
        old, new = _text(args[1]), _text(args[2])
        _refuse(len(text) + (text.count(old) + 1) * max(len(new) - len(old), 0), what)
    elif name == "join" and args:
        _check_join(args, kwargs, method, what)
    elif name == "wordwrap" and not method and text:
        width = max(int(values[0]) if values and _is_int(values[0]) else 79, 1)
        wrap = str(kwargs.get("wrapstring") or (values[2] if len(values) > 2 else "\n"))
        _refuse(len(text) + (len(text) // width + text.count("\n") + 1) * len(wrap), what)
    elif name == "format" and not method and text:
        _check_percent(text, values)
    elif name in _SERIALISING and not method and args:
        _refuse(weight(args[0]), what)


def _check_join(args: tuple[Any, ...], kwargs: Mapping[str, Any], method: bool, what: str) -> None:
    """``sep.join(items)`` (the method) or ``items|join(sep)`` (the filter)."""
    if method:
        sep, items = str(args[0]), args[1] if len(args) > 1 else ()
    else:
        sep, items = str(args[1] if len(args) > 1 else kwargs.get("d", "")), args[0]
    if isinstance(items, (str, list, tuple, set, frozenset, dict)):
        _refuse(weight(items) + len(sep) * len(items), what)


def _text(value: Any) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def _call_name(obj: Any) -> str:
    return str(getattr(obj, "__name__", ""))


def guard_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that refuses arguments past the bounds and measures what it returns."""

    @wraps(function)  # keeps jinja's pass_context/pass_environment marks
    def guarded(*args: Any, **kwargs: Any) -> Any:
        plain = tuple(a for a in args if not _is_jinja_object(a))
        _check_call(name, plain, kwargs, method=False)
        return checked(function(*args, **kwargs), f"the result of the {name} filter")

    return guarded


def _is_jinja_object(value: Any) -> bool:
    """What Jinja passes a filter before its value (``pass_environment`` and the like)."""
    return isinstance(value, (Environment, Context, EvalContext))


class OutputBuffer(list[str]):
    """Where a macro, a ``{% set %}`` block, a ``{% filter %}`` block or a ``{% call %}``
    gathers its output before it is joined: bounded by ``MAX_REPORT_BYTES`` characters, as the
    report itself is (a macro looping without end would otherwise fill memory unseen)."""

    size = 0

    def _count(self, item: object) -> None:
        self.size += len(item) if isinstance(item, str) else 1
        if self.size > MAX_REPORT_BYTES:
            raise TemplateLimit(
                f"a macro or block passes {MAX_REPORT_BYTES:,} characters (MAX_REPORT_BYTES): "
                "a template that loops or repeats without end?"
            )

    def append(self, item: str) -> None:
        self._count(item)
        super().append(item)

    def extend(self, items: Iterable[str]) -> None:
        for item in items:
            self.append(item)


class _Generator(CodeGenerator):
    """Jinja's code generator, with ``a ~ b`` measured before it is joined and every output
    buffer bounded."""

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.output_buffer()")

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.join_bounded({join}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with every value a template builds bounded (see the module)."""

    code_generator_class = _Generator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.filters = {name: guard_filter(name, f) for name, f in self.filters.items()}
        del self.globals["lipsum"]  # n paragraphs of filler: nothing a report needs

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``record.field`` of a view-model record read at once: what the sandbox's checks
        would allow anyway (a public field of a plain dataclass, not a callable); anything
        else (a name with ``_``, a method, a mapping's key) goes through them."""
        record = _record(type(obj))
        if record is not None and attribute in record[1] and not attribute.startswith("_"):
            value = getattr(obj, attribute)
            if not callable(value):
                return value
        return super().getattr(obj, attribute)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return checked(super().call_binop(context, operator, left, right), "a result")

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        name = _call_name(__obj)
        bound = getattr(__obj, "__self__", None)
        if isinstance(bound, (str, bytes)):  # a text's method: what it works on comes first
            _check_call(name, (bound, *args), kwargs, method=True)
        return checked(super().call(__context, __obj, *args, **kwargs), f"the result of {name}()")

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        template = value.__self__
        run = wrapped

        def bounded(*args: Any, **kwargs: Any) -> str:
            _check_format(template, [*args, *kwargs.values()])
            return str(checked(run(*args, **kwargs), "the result of format()"))

        return bounded

    def output_buffer(self) -> OutputBuffer:
        """A new bounded output buffer (for the generated code)."""
        return OutputBuffer()

    def join_bounded(self, join: Callable[[Any], str], parts: tuple[Any, ...]) -> str:
        """``a ~ b ~ c``, refused before joining when the result would pass the bound."""
        _refuse(sum(weight(p) for p in parts), "a concatenation")
        return join(parts)
