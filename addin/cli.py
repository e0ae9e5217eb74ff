"""The command line: `salesdesk check | schema | templates | demo | quote | refresh | addin`.

Machine output with --json on stdout; progress on stderr; exit code 1 when
there are errors, 2 on wrong usage.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, TextIO

from . import __version__
from .i18n import LANGUAGES, N_, Translator, translator
from .i18n.cli import TranslatedParser, run_language

if TYPE_CHECKING:
    from .mapping.propose import Entry

# Exit codes: the same for every command (README "Exit codes"; addin/commands/scope.py).
EXIT_CODES = N_("""exit codes (the same for every command):
  0  clean: nothing wrong in what this command does
  1  errors in this command's job, an input it could not read, or a
     customer quote left as a DRAFT (reasons printed on it and here)
  2  wrong usage (unknown option, missing argument)
findings outside a command's job are summarised as warnings, one per
workbook, with a hint to run `salesdesk check`.""")


# Control characters (ESC[2J clears the screen), C1 controls, bidi overrides and lone
# surrogates from a cell never reach the terminal raw: they are printed as \u001b etc.
# (valid JSON escapes too, so --json output parses to the same data).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def terminal_safe(text: str) -> str:
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class _Escaping:
    """stdout/stderr for the run: everything printed passes through terminal_safe."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(terminal_safe(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _refusal_line(exc: Any, lang: str) -> str:
    return f"{exc.path}: [{exc.code}] {exc.message(lang)}"


def _refused(args: argparse.Namespace, exc: Any) -> int:
    """A refusal that ends the run: its line on stderr, and with --json a valid {"issues": [...]} on stdout."""
    from .commands.check import refused_issue
    from .commands.report import issues_json

    print(_refusal_line(exc, args.lang), file=sys.stderr)
    if getattr(args, "json", False):
        _print_json({"issues": issues_json([refused_issue(exc)], args.lang)})
    return 1


def _print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def cmd_check(args: argparse.Namespace) -> int:
    from .commands.check import run_check_cli

    return run_check_cli(args)


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema.dump import schema_dict

    data = schema_dict()
    if args.markdown:
        from .schema.dump import schema_markdown

        print(schema_markdown(), end="")
        return 0
    if args.json:
        _print_json(data)
        return 0
    for wb in data["workbooks"]:
        print(f"# {wb['title_zh']} / {wb['title_en']} ({wb['file_name']})")
        for sheet in wb["sheets"]:
            print(f"  ## {sheet['key']}: {sheet['title_zh']} / {sheet['title_en']}")
            for c in sheet["columns"]:
                flags = ("*" if c["required"] else "") + ("=" if c["computed"] else "")
                print(f"    {flags}{c['key']} ({c['type']}): {c['header_zh']} / {c['header_en']}")
    return 0


def cmd_templates(args: argparse.Namespace) -> int:
    from .io.templates import save_templates

    _ = translator(args.lang)
    saved, refused = save_templates(Path(args.dir), args.lang, force=args.force)
    for result in saved:
        note = "" if result.written else _(" (unchanged, not rewritten)")
        print(f"{result.path}{note}" + (_(" (backup {name})", name=result.backup.name) if result.backup else ""))
    for exc in refused:
        print(_refusal_line(exc, args.lang), file=sys.stderr)
    return 1 if refused else 0


def _map_line(entry: Entry, _: Translator) -> str:
    """One proposed entry in the run's language: kind and column by their titles, the key in brackets (what the mapping sheet holds)."""
    from .commands.map import reason_text
    from .schema.catalog import sheet_spec

    spec = sheet_spec(entry.kind) if entry.kind else None
    column = f"{spec.column(entry.column).header(_.lang)} [{entry.column}]" if spec and entry.column else "-"
    return _("{workbook} / {sheet} ({kind}): {header} → {column} ({reason})", workbook=entry.workbook, sheet=entry.sheet,
             kind=spec.title(_.lang) if spec else _("kind not recognised"),
             header=entry.header or _("column {letter}", letter=entry.letter), column=column, reason=reason_text(entry, _.lang))


def cmd_map(args: argparse.Namespace) -> int:
    from .commands.map import run_map
    from .i18n import translator

    _ = translator(args.lang)
    result = run_map([Path(p) for p in args.paths], Path(args.out) if args.out else None, args.lang, force=args.force)
    if args.json:
        _print_json({"mapping": str(result.target) if result.saved else None,
                     "entries": [e.__dict__ for e in result.entries],
                     "refused": [{"file": str(r.path), "code": r.code, "message": r.message(args.lang)} for r in result.refused]})
    else:
        for entry in result.entries:
            print(_map_line(entry, _))
        for refused in result.refused:
            print(_refusal_line(refused, args.lang))
        if result.saved:
            print(_("Mapping written to {path}: correct it in Excel; every command uses it", path=result.target))
        elif not result.entries:
            print(_("No sheet looks like one of salesdesk's kinds: nothing to map"))
    return 1 if result.refused or not result.entries else 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .commands.demo import run_demo
    from .io.progress import progress_bar

    with progress_bar() as advance:
        return run_demo(Path(args.dir), lang=args.lang, seed=args.seed, out=print, progress=advance, force=args.force)


def cmd_quote(args: argparse.Namespace) -> int:
    from .commands.quote import run_quote_cli
    from .io.fsguard import refusal

    if args.out and Path(args.out).exists() and not Path(args.out).is_dir():
        return _refused(args, refusal(args.out, "output-not-folder"))
    return run_quote_cli(args)


def cmd_addin(args: argparse.Namespace) -> int:
    from .excel.conf import ConfRefused
    from .excel.install import ExcelUnavailable, build, install, status

    if args.action == "bundle":
        from .excel.bundle import run_bundle_cli

        return run_bundle_cli(args)
    try:
        if args.action == "build":
            print(build(Path(args.out), args.lang))
            _ = translator(args.lang)
            print(_("Next, on the rep's Windows or Mac PC with Excel and Python: copy this project folder there and run "
                    "`py dev.py salesdesk addin install` (Mac: python3), as the README's section \"In Excel\" says; restart Excel and the 销售助手 tab is there."))
            return 0
        lines = install(args.lang, keep_python=args.keep_python) if args.action == "install" else status(args.lang)
    except (ExcelUnavailable, ConfRefused) as exc:
        print(exc.message(args.lang), file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0


def cmd_refresh(args: argparse.Namespace) -> int:
    from .commands.refresh import run_refresh_cli

    return run_refresh_cli(args)


def cmd_tidy(args: argparse.Namespace) -> int:
    from .commands.tidy import run_tidy_cli

    return run_tidy_cli(args)


def cmd_import(args: argparse.Namespace) -> int:
    from .commands.import_books import run_import_cli

    return run_import_cli(args)


def cmd_order(args: argparse.Namespace) -> int:
    from .commands.order import run_order_cli

    return run_order_cli(args)


def cmd_summary(args: argparse.Namespace) -> int:
    from .commands.summary import run_summary_cli

    return run_summary_cli(args)


def build_parser(lang: str | None = None) -> argparse.ArgumentParser:
    """The parser of a run in `lang` (default: `--lang` in argv, else SALESDESK_LANG, else zh): help and errors in it."""
    _ = translator(lang or run_language(sys.argv[1:]))
    epilog = _(EXIT_CODES)
    parser = TranslatedParser(prog="salesdesk", description=_("salesdesk: validate, price and track a sales rep's Excel workbooks."), epilog=epilog, messages=_)
    parser.add_argument("--version", action="version", version=f"salesdesk {__version__}", help=_("print salesdesk's version and exit"))
    # Also before the command (`salesdesk --lang en --help`): the run's language is read from anywhere in argv.
    parser.add_argument("--lang", dest="top_lang", choices=tuple(LANGUAGES), help=_("language of messages (default zh; env SALESDESK_LANG)"))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", title=_("commands"))

    def add(name: str, func: Callable[[argparse.Namespace], int], help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help, epilog=epilog)
        p.add_argument("--lang", choices=tuple(LANGUAGES), default=_.lang, help=_("language of messages (default zh; env SALESDESK_LANG)"))
        p.set_defaults(func=func)
        return p

    def paths(p: argparse.ArgumentParser) -> None:
        p.add_argument("paths", nargs="+", metavar="PATH", help=_("workbook files or folders (a folder: every workbook in it)"))

    def quiet(p: argparse.ArgumentParser) -> None:
        p.add_argument("--quiet", action="store_true", help=_("no progress on stderr"))

    p = add("check", cmd_check, _("check workbooks (files or folders); --annotate writes notes into them"))
    paths(p)
    p.add_argument("--json", action="store_true", help=_("print the issues as JSON on stdout"))
    p.add_argument("--annotate", action="store_true", help=_("write notes, highlights and a status column (backup kept)"))
    p.add_argument("--sidecar", action="store_true", help=_("write the findings into NAME.salesdesk-check.xlsx beside each workbook; the workbook is not touched"))
    p.add_argument("--explain", action="store_true", help=_("say which header matched which column and why (with --json: a \"sheets\" list)"))
    p.add_argument("--as-of", dest="as_of", metavar="ISO-DATETIME", help=_("the clock for the dated checks: quote validity, past close dates (default: today)"))
    quiet(p)

    p = add("map", cmd_map, _("propose a header mapping for your own workbooks (salesdesk_mapping.xlsx beside them; your files are not changed)"))
    paths(p)
    p.add_argument("-o", "--out", metavar="FILE", help=_("the mapping file to write (default: salesdesk_mapping.xlsx beside the first PATH)"))
    p.add_argument("--json", action="store_true", help=_("print the proposed mapping as JSON on stdout"))
    p.add_argument("--force", action="store_true", help=_("replace a mapping file you edited (a backup is kept)"))
    quiet(p)  # accepted by every command, as the README says (map shows no progress)

    p = add("import", cmd_import, _("move your own books into salesdesk's workbooks (new files in DIR; your files are not changed)"))
    paths(p)
    p.add_argument("-o", "--out", metavar="DIR", help=_("folder for the new workbooks (created if missing); not needed to import filled survey forms"))
    p.add_argument("--json", action="store_true", help=_("print what was written, carried over and not carried over as JSON on stdout"))
    p.add_argument("--force", action="store_true", help=_("replace workbooks salesdesk did not write (a backup is kept first)"))
    quiet(p)

    p = add("schema", cmd_schema, _("print the schema of every workbook"))
    p.add_argument("--json", action="store_true", help=_("the schema as JSON (the data dictionary, machine-readable)"))
    p.add_argument("--markdown", action="store_true", help=_("the data dictionary as Markdown (docs/schema.md)"))

    force = _("replace workbooks salesdesk did not write (a backup is kept first)")
    p = add("templates", cmd_templates, _("write blank workbooks generated from the schema"))
    p.add_argument("dir", metavar="DIR", help=_("folder for the blank workbooks (created if missing)"))
    p.add_argument("--force", action="store_true", help=force)

    p = add("tidy", cmd_tidy, _("turn typed text that is unambiguously a date, amount or percentage into real values (a note keeps the text; backup kept)"))
    paths(p)
    p.add_argument("--dry-run", dest="dry_run", action="store_true", help=_("only list what would change; write nothing"))
    p.add_argument("--annotate", action="store_true", help=_("also mark the cells left alone (ambiguous) with a note and a highlight"))
    p.add_argument("--json", action="store_true", help=_("print the changes and issues as JSON on stdout"))
    quiet(p)

    p = add("demo", cmd_demo, _("generate realistic demo workbooks and run every command on them"))
    p.add_argument("dir", metavar="DIR", nargs="?", default="salesdesk-demo", help=_("folder for the demo (default: salesdesk-demo)"))
    p.add_argument("--seed", type=int, default=2026, help=_("random seed of the generated data (default: 2026; same seed, same workbooks)"))
    p.add_argument("--force", action="store_true", help=force)

    p = add("quote", cmd_quote, _("price every quote, write computed columns and a customer quote sheet per quote"))
    paths(p)
    p.add_argument("--quote", dest="quote_id", metavar="QUOTE_ID", help=_("only this quote"))
    p.add_argument("--json", action="store_true", help=_("print the quotes and issues as JSON on stdout"))
    p.add_argument("--pdf", action="store_true", help=_("also export each quote sheet to PDF (needs LibreOffice)"))
    p.add_argument("--out", metavar="DIR", help=_("folder for the customer quote sheets (default: beside the workbook)"))
    p.add_argument("--as-of", dest="as_of", metavar="YYYY-MM-DD", help=_("today's date for validity checks, e.g. 2026-11-02 (a time is accepted and ignored; default: today)"))
    quiet(p)

    p = add("addin", cmd_addin, _("the Excel add-in: build salesdesk.xlam; install it into Excel (Windows, macOS); status"))
    p.add_argument("action", choices=("build", "install", "status", "bundle"),
                   help=_("build: make salesdesk.xlam; install: into Excel; status: what is installed where; "
                          "bundle: a folder with every wheel, the add-in and an install script, to install without PyPI"))
    p.add_argument("-o", "--out", default=".", metavar="DIR",
                   help=_("build: folder for salesdesk.xlam (default: here); bundle: the folder to write (default: salesdesk-bundle-PLATFORM-pyX.Y)"))
    p.add_argument("--platform", metavar="TAG", help=_("bundle: the rep's platform as pip names it: win_amd64, win32, macosx_11_0_arm64, "
                                                       "macosx_10_13_x86_64 (default: this machine's)"))
    p.add_argument("--keep-python", action="store_true", dest="keep_python",
                   help=_("install (Windows): keep one Python running between clicks (xlwings' COM server); faster clicks after the first"))
    p.add_argument("--python", metavar="X.Y", help=_("bundle: the Python version to install on the rep's PC, e.g. 3.12 (default: this one's)"))

    p = add("refresh", cmd_refresh, _("compute every deadline, write the computed columns and the to-do tab"))
    paths(p)
    p.add_argument("--as-of", dest="as_of", metavar="ISO-DATETIME", help=_("the clock for every rule (default: now in the configured time zone)"))
    p.add_argument("--json", action="store_true", help=_("print the deadlines, to-do items and issues as JSON on stdout"))
    p.add_argument("--ics", metavar="FILE", help=_("also write the open items as an iCalendar file"))
    p.add_argument("--rep", metavar="NAME", help=_("list only this rep's items (the owner rep of each order, ticket or customer), also in --json and --ics"))
    p.add_argument("--quiet", action="store_true", help=_("no progress on stderr and no item lines: the counts, the issues and the files written"))

    p = add("order", cmd_order, _("append the order drawn from a quote (its lines and payment milestones) to the order progress book"))
    paths(p)
    p.add_argument("--from-quote", dest="from_quote", required=True, metavar="QUOTE_ID", help=_("the quote the order is drawn from"))
    p.add_argument("--draft", action="store_true", help=_("draw it even from a draft quote (its reasons are reported)"))
    p.add_argument("--json", action="store_true", help=_("print the order, its lines, payments and issues as JSON on stdout"))
    p.add_argument("--as-of", dest="as_of", metavar="ISO-DATETIME", help=_("the signing date of the order (default: today)"))
    quiet(p)

    p = add("summary", cmd_summary, _("consolidate every rep's workbooks into the manager summary (KPI tabs with charts)"))
    paths(p)
    p.add_argument("-o", "--out", metavar="OUT.xlsx", help=_("the summary workbook to write"))
    p.add_argument("--month", metavar="YYYY-MM", help=_("the month summarised (default: the last complete month; the month to date is shown beside it)"))
    p.add_argument("--months", type=int, default=6, help=_("months compared, the month included (default 6)"))
    p.add_argument("--as-of", dest="as_of", metavar="ISO-DATETIME", help=_("the clock (default: now in the configured time zone)"))
    p.add_argument("--json", action="store_true", help=_("print every tab's figures on stdout"))
    p.add_argument("--force", action="store_true", help=_("replace an OUT that salesdesk did not write (a backup is kept first)"))
    p.add_argument("--into", action="store_true", help=_("also write each rep's summary as a tab of the rep's own customer register (backup kept)"))
    quiet(p)

    from .commands.form_kinds import add_forms_parser

    add_forms_parser(add, _)
    return parser


def main(argv: list[str] | None = None) -> int:
    from .io.fsguard import os_refusal
    from .io.package import FileRefused

    args = build_parser(run_language(sys.argv[1:] if argv is None else argv)).parse_args(argv)
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Escaping(sys.stdout), _Escaping(sys.stderr)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print(translator(args.lang)(N_("interrupted")), file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head`: not an error of ours
        sys.stderr.close()
        return 0
    except FileRefused as exc:  # a refusal no command caught: still a message with its code, never a traceback
        return _refused(args, exc)
    except OSError as exc:
        return _refused(args, os_refusal(exc.filename or "", exc))
    finally:
        sys.stdout, sys.stderr = streams


if __name__ == "__main__":
    sys.exit(main())
