"""The registry of `salesdesk forms` document kinds, and the subcommand's arguments.

Light on purpose (the CLI builds its parser from it on every run): a kind's
builder is imported only when that kind runs. Adding a kind is one
`FormKind` entry in `KINDS`: its key, its help, a builder
`(FormContext, FormRequest) -> (Document | None, issues)`, the ids it needs
(`one_of`) and any options of its own (`options`, read from
`FormRequest.extra[dest]`).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from ..i18n import N_

if TYPE_CHECKING:
    from ..core.issues import Issue
    from ..documents.context import FormContext
    from ..documents.model import Document


@dataclass(frozen=True)
class Option:
    """A command-line option a kind reads: `--order ID` -> FormRequest.order_id (or .extra[dest])."""

    flag: str
    dest: str
    metavar: str
    help: str  # msgid


@dataclass(frozen=True)
class FormRequest:
    order_id: str | None = None
    quote_id: str | None = None
    extra: dict[str, str | None] = field(default_factory=dict)  # a kind's own options, by dest


Builder = Callable[["FormContext", FormRequest], "tuple[Document | None, list[Issue]]"]


@dataclass(frozen=True)
class FormKind:
    key: str
    help: str  # msgid
    build: Builder | None
    one_of: tuple[str, ...] = ()  # at least one of these ids must be given (usage error otherwise)
    options: tuple[Option, ...] = ()  # options of this kind only
    # A kind with a command of its own (its own reading and writer, e.g. compare): it gets the parsed
    # arguments and returns the exit code; `build` is then not used.
    command: Callable[[argparse.Namespace], int] | None = None


def _requirement(ctx: FormContext, r: FormRequest) -> tuple[Document | None, list[Issue]]:
    from ..documents.requirement import requirement_form

    return requirement_form(ctx, r.order_id, r.quote_id)


def _contract(ctx: FormContext, r: FormRequest) -> tuple[Document | None, list[Issue]]:
    from ..documents.contract import contract_draft

    return contract_draft(ctx, r.quote_id or "")


def _acceptance(ctx: FormContext, r: FormRequest) -> tuple[Document | None, list[Issue]]:
    from ..documents.handover import acceptance_checklist

    return acceptance_checklist(ctx, r.order_id or "")


def _service(ctx: FormContext, r: FormRequest) -> tuple[Document | None, list[Issue]]:
    from ..documents.handover import service_report

    return service_report(ctx, r.order_id or "")


def _survey(ctx: FormContext, r: FormRequest) -> tuple[Document | None, list[Issue]]:
    from ..documents.handover import satisfaction_survey

    return satisfaction_survey(ctx, r.order_id or "")


def _approval(ctx: FormContext, r: FormRequest) -> tuple[Document | None, list[Issue]]:
    from ..documents.approval import approval_request

    return approval_request(ctx, r.quote_id or "")
def _leads(ctx: FormContext, r: FormRequest) -> tuple[Document | None, list[Issue]]:
    from ..documents.leads import lead_sheet

    return lead_sheet(ctx, r.extra.get("event"))


def _compare_command(args: argparse.Namespace) -> int:
    from .compare import run_compare_cli

    return run_compare_cli(args)


ID_OPTIONS = (Option("--order", "order_id", "ORDER_ID", N_("the order the document is for")), Option("--quote", "quote_id", "QUOTE_ID", N_("the quote the document is for")))

KINDS: dict[str, FormKind] = {k.key: k for k in (
    FormKind("requirement", N_("requirement confirmation form for the customer to sign (--order or --quote)"), _requirement, ("order_id", "quote_id")),
    FormKind("contract", N_("contract draft from a quote (--quote)"), _contract, ("quote_id",)),
    FormKind("acceptance", N_("acceptance checklist for an order (--order)"), _acceptance, ("order_id",)),
    FormKind("service", N_("service report after acceptance (--order)"), _service, ("order_id",)),
    FormKind("survey", N_("satisfaction survey (--order)"), _survey, ("order_id",)),
    FormKind("approval", N_("approval request for the manager: why, the waterfall, margins, advice (--quote; internal)"), _approval, ("quote_id",)),
    FormKind("leads", N_("trade-show lead sheet with each product's elevator pitch (--event)"), _leads,
             options=(Option("--event", "event", "EVENT", N_("the trade show's name, printed on the sheet")),)),
    FormKind("compare", N_("competitor comparison: our offer against each competitor (--category)"), None,
             options=(Option("--category", "category", "CATEGORY", N_("only this category (the competitor's or our product's)")),),
             command=_compare_command),
)}


def _cmd_forms(args: argparse.Namespace) -> int:
    from .forms import cmd_forms

    return cmd_forms(args)


def add_forms_parser(add: Callable[..., argparse.ArgumentParser], _: Callable[..., str]) -> None:
    """The `forms` subcommand: KIND from the registry, every kind's options."""
    p = add("forms", _cmd_forms, _("the order's paperwork: requirement form, contract draft, acceptance checklist, service report, survey"))
    p.add_argument("kind", choices=tuple(KINDS), metavar="KIND", help=_("one of: {kinds}", kinds=", ".join(f"{k} ({_(v.help)})" for k, v in KINDS.items())))
    p.add_argument("paths", nargs="+", metavar="PATH", help=_("workbook files or folders (a folder: every workbook in it)"))
    seen: set[str] = set()
    for option in (*ID_OPTIONS, *(o for k in KINDS.values() for o in k.options)):
        if option.flag not in seen:
            seen.add(option.flag)
            p.add_argument(option.flag, dest=option.dest, metavar=option.metavar, help=_(option.help))
    p.add_argument("--json", action="store_true", help=_("print the document model and issues as JSON on stdout"))
    p.add_argument("--pdf", action="store_true", help=_("also export the document to PDF (needs LibreOffice)"))
    p.add_argument("--out", metavar="DIR", help=_("folder for the document (default: beside the workbook)"))
    p.add_argument("--as-of", dest="as_of", metavar="ISO-DATETIME", help=_("the clock (default: now in the configured time zone)"))
    p.add_argument("--quiet", action="store_true", help=_("no progress on stderr"))
