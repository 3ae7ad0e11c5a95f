"""The citizen form's accessibility needs (issue 18): asked on the «Πότε» page before a time is chosen.

Needs change which times are free, so they travel in the page's query (and the hold form's hidden
fields): the calendar, its links and the hold all see the same choice, with or without JavaScript.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from werkzeug.datastructures import MultiDict

from service_api.domain.errors import RuleViolation
from service_api.domain.needs import NO_NEEDS, Need, Needs, parse_needs
from service_api.domain.needs_words import need_lines, need_word
from service_api.web.common import lang, t

FIELD = "need"
LANGUAGE_FIELD = "need_language"
ALL_EXTRA = Needs(frozenset({Need.EXTRA_TIME}))  # to word how much longer extra time makes a slot


def read_needs(values: MultiDict[str, str]) -> tuple[Needs, dict[str, str]]:
    """The needs a query or form carries, and the form's errors (field id → words) when they are wrong."""
    codes = [c for c in values.getlist(FIELD) if c]
    if not codes:
        return NO_NEEDS, {}
    try:
        return parse_needs(codes, values.get(LANGUAGE_FIELD, "")), {}
    except RuleViolation as refused:
        if "needs_language" in refused.fields:
            return NO_NEEDS, {LANGUAGE_FIELD: t("errors.needs_language")}
        return NO_NEEDS, {f"{FIELD}-{Need.WHEELCHAIR.value}": t("errors.needs_unknown")}


def query_args(needs: Needs) -> dict[str, Any]:
    """The needs as ``url_for`` arguments, so every calendar link keeps them."""
    if not needs:
        return {}
    args: dict[str, Any] = {FIELD: [need.value for need in needs.ordered()]}
    if needs.language:
        args[LANGUAGE_FIELD] = needs.language
    return args


def hidden_fields(needs: Needs) -> list[tuple[str, str]]:
    """The needs as hidden inputs of the hold form."""
    fields = [(FIELD, need.value) for need in needs.ordered()]
    if needs.language:
        fields.append((LANGUAGE_FIELD, needs.language))
    return fields


def form_context(
    needs: Needs, errors: Mapping[str, str], values: MultiDict[str, str], *, extra_minutes: int
) -> dict[str, Any]:
    """What ``web/_needs.html`` shows: each need's box (ticked as asked), the language, the errors."""
    asked = set(values.getlist(FIELD)) if errors else {need.value for need in needs.codes}
    return {
        "needs_options": [
            {
                "value": need.value,
                "id": f"{FIELD}-{need.value}",
                "label": need_word(need, lang()),
                "checked": need.value in asked,
                "hint": t("needs.extra_time_hint", n=extra_minutes) if need is Need.EXTRA_TIME else "",
            }
            for need in Need
            if need is not Need.EXTRA_TIME or extra_minutes > 0
        ],
        "needs_language": values.get(LANGUAGE_FIELD, "") if errors else needs.language,
        "needs_errors": dict(errors),
        "needs_hidden": hidden_fields(needs),
        "needs_chosen": ", ".join(need_lines(needs.to_json(), lang())),
    }


def summary_lines(stored: Mapping[str, Any] | None) -> list[str]:
    """A booking's needs, worded for the details and done pages."""
    return need_lines(stored, lang())
