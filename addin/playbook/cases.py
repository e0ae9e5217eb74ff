"""The case library (案例库, domain.md §1 "Tool kit ... case library"; §1 "value made visible").

A case fits a customer when its industry is the customer's (compared ignoring case, width and spaces)
or it names one of the products quoted; cases of the same industry come first, then those sharing
more products, then by case_id. Nothing fits: no case (never an unrelated one).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Iterable

from ..core.tables import Tables
from ..i18n import translator


def _norm(value: object) -> str:
    return "".join(unicodedata.normalize("NFKC", str(value or "")).casefold().split())


@dataclass(frozen=True)
class Case:
    case_id: str
    industry: str
    customer_name: str
    skus: tuple[str, ...]
    before: str
    after: str
    result: str
    testimonial: str

    def line(self, lang: str) -> str:
        """One line for a document or message: customer, before -> after, result."""
        _ = translator(lang)
        change = f"{self.before} → {self.after}" if self.before and self.after else self.before or self.after
        parts = [p for p in (change, self.result) if p]
        return _.labelled(self.customer_name or self.industry, _.clauses(parts)) if parts else self.customer_name


def case_library(tables: Tables) -> list[Case]:
    out = []
    for _, r in tables.rows("cases"):
        if not r.case_id or not r.industry:
            continue
        skus = tuple(s.strip() for s in str(r.skus or "").replace("，", ",").replace("、", ",").split(",") if s.strip())
        out.append(Case(str(r.case_id), str(r.industry), str(r.customer_name or ""), skus, str(r.before or ""), str(r.after or ""),
                        str(r.result or ""), str(r.testimonial or "")))
    return out


def pick_cases(cases: Iterable[Case], industry: object, skus: Iterable[str], limit: int = 2) -> list[Case]:
    """The `limit` cases that fit best (see the module's rule); [] when none fits."""
    want = _norm(industry)
    quoted = {str(s) for s in skus if s}
    scored = []
    for case in cases:
        same = bool(want) and _norm(case.industry) == want
        shared = len(quoted & set(case.skus))
        if same or shared:
            scored.append((not same, -shared, case.case_id, case))
    return [c for *_, c in sorted(scored, key=lambda t: t[:3])][:limit]


def cases_for_quotes(tables: Tables) -> dict[str, list[Case]]:
    """quote_id -> the cases picked by the quote's customer's industry and the SKUs on its lines."""
    library = case_library(tables)
    if not library:
        return {}
    industry = {str(c.customer_id): c.industry for _, c in tables.rows("customers") if c.customer_id}
    skus: dict[str, list[str]] = {}
    for _, line in tables.rows("quote_lines"):
        if line.quote_id and line.sku:
            skus.setdefault(str(line.quote_id), []).append(str(line.sku))
    out = {}
    for _, q in tables.rows("quotes"):
        if q.quote_id:
            out[str(q.quote_id)] = pick_cases(library, industry.get(str(q.customer_id or "")), skus.get(str(q.quote_id), []))
    return out
