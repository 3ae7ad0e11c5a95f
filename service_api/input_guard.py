"""What a client may send that the database cannot hold: ids beyond an integer column, NUL characters.

PostgreSQL keeps no NUL in text and no id above 2^31-1 in an integer column (SQLite none past 2^63);
refused at the edge, such input is a 4xx naming what was wrong instead of a DataError deep in a query.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from typing import Any

from flask import Flask, request
from werkzeug.routing import IntegerConverter, Map

from service_api.domain.errors import DomainError

# Every id, version and count column is a 32-bit INTEGER on PostgreSQL.
MAX_ID = 2**31 - 1
# Dates and instants a client may name: days next to date.min/date.max overflow the day arithmetic
# behind every range query and every conversion to local time (an OverflowError, a 500).
EARLIEST_DATE, LATEST_DATE = date(2000, 1, 1), date(2199, 12, 31)
EARLIEST_INSTANT = datetime.combine(EARLIEST_DATE, time(), UTC)
LATEST_INSTANT = datetime.combine(LATEST_DATE, time(23, 59, 59), UTC)
# NUL, which PostgreSQL's text types cannot store, and lone UTF-16 surrogates, which no encoder
# will write; werkzeug already turns undecodable bytes into U+FFFD.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class UnstorableInput(DomainError):
    """A 400 whose citizen page is worded by ``text_key`` in the citizen's language."""

    code = "bad_request"
    status = 400
    text_key = "errors.characters"


def in_era(moment: datetime) -> bool:
    """An aware instant between the years 2000 and 2199, the era every date the API takes lies in."""
    return EARLIEST_INSTANT <= moment <= LATEST_INSTANT


def storable(text: str) -> bool:
    return UNSTORABLE.search(text) is None


def unstorable_strings(data: Any, path: str = "") -> Iterator[str]:
    """The dotted path of every string (or object key) in a parsed JSON document the database refuses."""
    if isinstance(data, str):
        if not storable(data):
            yield path or "body"
    elif isinstance(data, dict):
        for key, value in data.items():
            where = f"{path}.{key}" if path else str(key)
            if not storable(str(key)):
                yield where
            yield from unstorable_strings(value, where)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from unstorable_strings(item, f"{path}.{index}" if path else str(index))


def whole_numbers_up_to(limit: int) -> str:
    """A regular expression of the numbers 1..``limit`` written without leading zeros."""
    digits = str(limit)
    shorter = [f"[1-9][0-9]{{0,{len(digits) - 2}}}"] if len(digits) > 1 else []
    same_length = [
        f"{digits[:i]}[{1 if i == 0 else 0}-{int(digit) - 1}][0-9]{{{len(digits) - i - 1}}}"
        for i, digit in enumerate(digits)
        if int(digit) > (1 if i == 0 else 0)
    ]
    return "(?:" + "|".join([*shorter, *same_length, digits]) + ")"


class IdConverter(IntegerConverter):
    """``<int:…>`` in every route: a number an id column can hold, or no route at all (a 404).

    Bounded by its pattern, not only by ``max``: werkzeug notes a rule's other methods before it
    converts, so a POST with an id the converter refused would be a 405 beside a GET route.
    """

    regex = whole_numbers_up_to(MAX_ID)

    def __init__(
        self,
        map: Map,
        fixed_digits: int = 0,
        min: int | None = 1,
        max: int | None = MAX_ID,
        signed: bool = False,
    ) -> None:
        super().__init__(map, fixed_digits, min, max, signed)


def _unstorable_part() -> str | None:
    if not storable(request.path):
        return "path"
    for kind, items in (("query parameter", request.args), ("form field", request.form)):
        for name, value in items.items(multi=True):
            if not (storable(name) and storable(value)):
                return f"{kind} {name!r}"
    if any(not storable(value) for _name, value in request.headers.items()):
        return "header"
    return None


def refuse_unstorable_input() -> None:
    """Path, query string, form fields and headers; JSON bodies are checked by ``api.helpers.parse_body``."""
    where = _unstorable_part()
    if where is not None:
        raise UnstorableInput(f"The {where} contains a NUL or another character that cannot be stored.")


def init_app(app: Flask) -> None:
    """Before any blueprint: the converter is bound when a route is added, and the hook runs first."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(refuse_unstorable_input)
