"""Querysets compiled to SQL once per process, for the few that every full render runs.

Django builds a queryset and compiles its SQL anew each time it runs; for the short
queries of a page of comments that costs five to ten times what the database needs to
answer them (bench/profiling.py). A PreparedQuery keeps the compiled SQL instead, the way
a prepared statement would, and runs it with new values:

    page = PreparedQuery(lambda start, stop, *, article_id: Comment.objects....values_list(...))
    rows = page(0, 50, article_id=7)

The builder returns a values_list() queryset. Its positional arguments shape the SQL
(slice bounds, a language, the number of ids): each new combination is compiled once.
Its keyword arguments are values, ints or strings, that only ever reach the SQL as
parameters. To find them there, the queryset is compiled twice, with two sets of marker
values, and the two must give the same SQL and differ in exactly the markers' parameters.
Anything else, such as a value transformed on its way into the SQL, or a value the
builder computes itself (a timezone.now()), makes the query refuse to prepare: it fails
loudly at its first use, it never runs with a stale or misplaced value.
"""

from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models.query import ValuesListIterable

# Unlikely as constants, in the range of any integer column (a value out of a column's
# range would make Django compile "matches nothing"); one per value, by its position
# among the names; two sets, to tell a value from a constant.
_INT_MARKERS = (2_000_000_000 + 7919, 2_000_000_000 + 104729)
_STR_MARKERS = ("\x1fprepared-a-{}\x1f", "\x1fprepared-b-{}\x1f")


class PreparationError(Exception):
    """The builder's queryset cannot be prepared: its SQL depends on more than its shape."""


@dataclass(frozen=True)
class _Compiled:
    alias: str
    sql: str
    slots: tuple  # per parameter: a value name (str) or a constant, as (is_name, item)
    compiler: object  # applies the column converters to the rows (results_iter)


class PreparedQuery:
    def __init__(self, build):
        self._build = build
        self._compiled = {}

    def __call__(self, *shape, **values):
        """The rows (tuples) of build(*shape, **values), with the SQL compiled once."""
        kinds = tuple(sorted((name, _kind(value)) for name, value in values.items()))
        key = (shape, kinds)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(shape, kinds)
        params = [values[item] if is_name else item for is_name, item in compiled.slots]
        with connections[compiled.alias].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        return list(compiled.compiler.results_iter([rows], tuple_expected=True))

    def _compile(self, shape, kinds):
        first, second = (self._compile_with(shape, kinds, round_) for round_ in (0, 1))
        (alias, sql, params, compiler), (_alias, sql_again, params_again, _) = first, second
        if sql != sql_again or len(params) != len(params_again):
            raise PreparationError(f"{self._build!r}: the SQL changes with the values")
        markers = {
            (_marker(position, kind, 0), _marker(position, kind, 1)): name
            for position, (name, kind) in enumerate(kinds)
        }
        slots = []
        for value, value_again in zip(params, params_again, strict=True):
            if value == value_again:
                if any(value in pair for pair in markers):
                    raise PreparationError(f"{self._build!r}: a value is used as a constant")
                slots.append((False, value))
            elif (value, value_again) in markers:
                slots.append((True, markers[value, value_again]))
            else:
                raise PreparationError(
                    f"{self._build!r}: a parameter changes by itself or is transformed"
                )
        used = {item for is_name, item in slots if is_name}
        if missing := {name for name, _kind in kinds} - used:
            raise PreparationError(f"{self._build!r}: values not in the SQL: {sorted(missing)}")
        return _Compiled(alias, sql, tuple(slots), compiler)

    def _compile_with(self, shape, kinds, round_):
        queryset = self._build(
            *shape,
            **{
                name: _marker(position, kind, round_) for position, (name, kind) in enumerate(kinds)
            },
        )
        if queryset._iterable_class is not ValuesListIterable:
            raise PreparationError(f"{self._build!r}: not a values_list() queryset")
        compiler = queryset.query.get_compiler(queryset.db)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            # Matches nothing, whatever the values? Or a value out of a column's range:
            # either way, not a query to keep.
            raise PreparationError(f"{self._build!r}: the query matches nothing") from None
        return queryset.db, sql, tuple(params), compiler


def _kind(value):
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"a prepared query takes ints and strings as values, not {value!r}")
    return type(value).__name__


def _marker(position, kind, round_):
    if kind == "int":
        return _INT_MARKERS[round_] + position
    return _STR_MARKERS[round_].format(position)
