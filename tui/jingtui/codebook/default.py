"""The default codebook: what a user who writes none gets (metric 1, slogan 2, anecdote 3)."""

from __future__ import annotations

from functools import lru_cache

from jingtui.codebook.model import Code, Codebook, FieldSpec

METRIC_FIELDS = (
    FieldSpec("value", "value", "number", description="the number, multipliers applied (1.4万 -> 14000)"),
    FieldSpec("unit", "unit", "text", description="what is counted (起, 元, %)"),
    FieldSpec("change", "change", "number", description="the size of a change (同比提升51.46% -> 51.46)"),
    FieldSpec("period", "period", "text", description="the time the number covers (2020年, 全年)"),
    FieldSpec("subject", "subject", "text", description="what the number is about (破获刑事案件)"),
)

DEFAULT_CODES = (
    Code(
        "metric", "metric", key="1", colour="#1f5fb4",
        definition="A number-backed claim: a count, amount, rate, change or ranking.",
        inclusion="The sentence states a figure about the world (cases solved, money spent, growth).",
        exclusion="Dates, numbered lists and ordinals of meetings (第十九次) alone.",
        examples=("全年共破获刑事案件1.4万起",),
        fields=METRIC_FIELDS, suggested_by="metric",
    ),
    Code(
        "slogan", "slogan", key="2", colour="#b8860b",
        definition="A set political formula, quoted or not.",
        inclusion="Fixed phrases of the Party and state (四个意识, 两个维护, 以人民为中心).",
        exclusion="Ordinary phrases in quotation marks.",
        examples=("坚持以人民为中心的发展思想",),
        suggested_by="slogan",
    ),
    Code(
        "anecdote", "anecdote", key="3", colour="#2e8b57",
        definition="A story about people: a named or described person doing something.",
        inclusion="Individual cases, model workers, scenes with people in them.",
        exclusion="Statements about groups without a story.",
        examples=("民警张某连续工作三十六小时",),
        suggested_by="anecdote",
    ),
)


@lru_cache(maxsize=1)
def default_codebook() -> Codebook:
    return Codebook(DEFAULT_CODES)
