"""What every document builder looks things up in: one run's tables, settings, policy, clock and doubtful inputs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from ..core.identity import first_rows
from ..core.issue_factory import issue_at
from ..core.issues import Issue, file_issue
from ..core.tables import RowModel, Table, Tables
from ..deadlines.rules import Rules, rules_from_settings
from ..deadlines.run import calendar_for
from ..i18n import both, pick, translator
from ..pricing.drafts import DraftReason, InputIssues, draft_reasons
from ..pricing.policy import Policy
from ..pricing.quote import price_quotes
from ..pricing.quote_model import QuotePrice
from .model import Letterhead

Row = tuple[Table, RowModel]


@dataclass
class FormContext:
    tables: Tables
    settings: BaseModel
    policy: Policy
    found: list[Issue]  # the run's reading and check findings: a document resting on one is a draft
    as_of: datetime  # aware; the adapter reads the clock
    inputs: InputIssues = field(init=False)

    def __post_init__(self) -> None:
        self.inputs = InputIssues(self.found, self.tables)

    def setting(self, key: str, default: Any = None) -> Any:
        value = getattr(self.settings, key, default)
        return default if value is None else value

    def text(self, key: str) -> str:
        return str(self.setting(key, "") or "").strip()

    @property
    def today(self) -> date:
        return self.rules().today

    def rules(self) -> Rules:
        calendar, _ = calendar_for(self.tables, self.settings)
        return rules_from_settings(self.settings, calendar, self.as_of)

    def first(self, sheet: str, key: str, value: str | None) -> Row | None:
        if not value:
            return None
        return next(((t, r) for t, r in self.tables.rows(sheet) if getattr(r, key, None) == value), None)

    def every(self, sheet: str, key: str, value: str | None) -> list[Row]:
        return [(t, r) for t, r in self.tables.rows(sheet) if value and getattr(r, key, None) == value]

    def customer(self, customer_id: str | None) -> tuple[str, str, str]:
        """(legal name, key contact, phone); the id itself when the register lacks it."""
        found = first_rows(self.tables).get(str(customer_id or "").strip())  # the row the quote and the to-do use
        if found is None:
            return str(customer_id or ""), "", ""
        row = found[1]
        return str(row.name or customer_id or ""), str(row.key_contact or ""), str(row.phone or "")

    def product(self, sku: str, lang: str) -> tuple[str, str]:
        """(name in the document's language, unit) from the price list."""
        found = self.first("price_list", "sku", sku)
        if found is None:
            return sku, ""
        row = found[1]
        name = pick((row.name, getattr(row, "name_en", None) or row.name), lang)
        return str(name or sku), str(row.unit or "")

    def requirements(self, order_id: str | None = None, quote_id: str | None = None) -> list[Row]:
        """The requirement rows of an order (by its id, or by the quote it came from) or of a quote."""
        quotes = {quote_id} if quote_id else set()
        order = self.first("orders", "order_id", order_id)
        if order is not None and order[1].quote_id:
            quotes.add(order[1].quote_id)
        orders = {order_id} if order_id else {r.order_id for _, r in self.tables.rows("orders") if quote_id and r.quote_id == quote_id}
        return [(t, r) for t, r in self.tables.rows("requirements") if (r.order_id and r.order_id in orders) or (r.quote_id and r.quote_id in quotes)]

    def doubtful(self, rows: list[Row]) -> list[Issue]:
        """The doubtful findings on the rows a document rests on (errors, and values read with a guess)."""
        found: list[Issue] = []
        for table, row in rows:
            found += [i for i in self.inputs.on(table, row) if i not in found]
            # A customer id kept on two rows of the register: which customer is meant is in doubt (the first row is
            # printed; the duplicate-id finding says where both are): core/identity.py.
            cid = getattr(row, "customer_id", None) if table.spec.key != "customers" else None
            if cid:
                found += [i for i in self.inputs.twice(table, "customers", cid) if i not in found]
        return found

    def priced_quote(self, quote_id: str) -> tuple[QuotePrice | None, list[Issue]]:
        """The quote priced as `salesdesk quote` prices it, with its pricing findings; (None, [quote-not-found])
        when no quote has that id."""
        priced, issues = price_quotes(self.tables, self.policy, quote_id, as_of=self.today, input_issues=self.found)
        if not priced:
            return None, [file_issue("", "quote-not-found", *both("No quote {quote_id} found", quote_id=quote_id))]
        return priced[0], issues

    def letterhead(self) -> Letterhead:
        get = self.text
        return Letterhead(get("company_name"), get("company_address"), get("company_phone"), get("company_tax_id"), get("company_bank"), get("company_bank_account"))


def reasons(own: list[Issue], inputs: list[Issue]) -> tuple[DraftReason, ...]:
    """A document's own findings first, then the doubtful inputs it rests on."""
    return draft_reasons(own, inputs)


def row_issue(row: Row, key: str | None, code: str, detail: tuple[str, str] = ("", ""), value: object = None) -> Issue:
    return issue_at(row[0], row[1].row, key, code, detail, value)


def one_language(text: str, lang: str) -> str:
    """A text written "中文 / English" (the templates' defaults) in the document's language only."""
    parts = [p.strip() for p in str(text).split(" / ")]
    if len(parts) == 2 and all(parts):
        return pick((parts[0], parts[1]), lang)
    return str(text)


def yes_no(value: object, lang: str) -> str:
    _ = translator(lang)
    return "" if value is None else _("yes") if value else _("no")


def hours(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"
