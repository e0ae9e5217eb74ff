"""The command line: `salesdesk check | schema | templates | demo | quote | refresh | addin`.

Machine output with --json on stdout; progress on stderr; exit code 1 when
there are errors, 2 on wrong usage.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any, Callable, TextIO

from . import __version__

# Exit codes: the same for every command (README "Exit codes"; addin/commands/scope.py).
EXIT_CODES = """exit codes (the same for every command):
  0  clean: nothing wrong in what this command does
  1  errors in this command's job, an input it could not read, or a
     customer quote left as a DRAFT (reasons printed on it and here)
  2  wrong usage (unknown option, missing argument)
findings outside a command's job are summarised as warnings, one per
workbook, with a hint to run `salesdesk check`.
退出码（所有命令相同）：0 没有问题；1 本命令范围内有错误、有输入无法读取或客户报价单为草稿；2 用法错误。"""


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


def _lang_default() -> str:
    lang = os.environ.get("SALESDESK_LANG", "zh")
    return lang if lang in ("zh", "en") else "zh"


def _progress(enabled: bool) -> Callable[[str], None] | None:
    if not enabled:
        return None
    return lambda message: print(message, file=sys.stderr, flush=True)


def _print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def cmd_check(args: argparse.Namespace) -> int:
    from .commands.check import run_check
    from .commands.report import counts_by_code, issue_line, issues_json, sort_key, summary_line
    from .core.issues import has_errors
    from .io.ooxml.editor import SheetResult

    result = run_check([Path(p) for p in args.paths], annotate=args.annotate, lang=args.lang, progress=_progress(not args.quiet), sidecar=args.sidecar)
    if args.json:
        _print_json({"issues": issues_json(result.issues, args.lang)})
    else:
        tables = result.loaded.tables.tables
        rows = sum(len(t) for t in tables)
        if args.lang == "zh":
            print(f"读取 {len(result.loaded.files)} 个文件，识别 {len(tables)} 张表，共 {rows:,} 行。")
        else:
            print(f"Read {len(result.loaded.files)} file(s), recognised {len(tables)} sheet(s), {rows:,} row(s).")
        for issue in sorted(result.issues, key=sort_key):
            print(issue_line(issue, args.lang))
        if not tables and not result.issues:
            print("没有找到可识别的工作表：表头需与模板一致（salesdesk templates 可生成模板）。" if args.lang == "zh"
                  else "No sheet recognised: headers must match the templates (salesdesk templates writes them).")
        if len(result.issues) > 20:
            print("按问题类型：" if args.lang == "zh" else "By kind:")
            print("\n".join(counts_by_code(result.issues, args.lang)))
        print(summary_line(result.issues, args.lang))
        for sidecar in result.sidecars:
            print(("检查结果已另存：" if args.lang == "zh" else "Findings written to: ") + str(sidecar))
        if result.applied:
            for written in result.applied.written:
                if written.backup:
                    print(("已写入批注：" if args.lang == "zh" else "Annotated: ") + f"{written.path} (backup {written.backup.name})")
                else:
                    print(("无需修改：" if args.lang == "zh" else "Unchanged: ") + str(written.path))
                for sheet in (d for d in written.details if isinstance(d, SheetResult) and d.skipped):
                    print(("  未写批注的单元格（已有公式或用户批注）：" if args.lang == "zh" else "  cells left alone (formula or user note): ") + ", ".join(sheet.skipped))
    return 1 if has_errors(result.issues) else 0


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

    saved, refused = save_templates(Path(args.dir), args.lang, force=args.force)
    zh = args.lang == "zh"
    for result in saved:
        note = "" if result.written else ("（未变，未重写）" if zh else " (unchanged, not rewritten)")
        print(f"{result.path}{note}" + (f" (backup {result.backup.name})" if result.backup else ""))
    for exc in refused:
        print(_refusal_line(exc, args.lang), file=sys.stderr)
    return 1 if refused else 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .commands.demo import run_demo

    return run_demo(Path(args.dir), lang=args.lang, seed=args.seed, out=print, progress=_progress(True), force=args.force)


def cmd_quote(args: argparse.Namespace) -> int:
    from .commands.quote import run_quote_cli
    from .io.fsguard import refusal

    if args.out and Path(args.out).exists() and not Path(args.out).is_dir():
        print(_refusal_line(refusal(args.out, "output-not-folder"), args.lang), file=sys.stderr)
        return 1
    return run_quote_cli(args)


def cmd_addin(args: argparse.Namespace) -> int:
    from .excel.install import ExcelUnavailable, build, install, status

    try:
        if args.action == "build":
            print(build(Path(args.out), args.lang))
            return 0
        lines = install(args.lang) if args.action == "install" else status(args.lang)
    except ExcelUnavailable as exc:
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="salesdesk", description="销售助手 salesdesk: validate, price and track a sales rep's Excel workbooks.",
                                     epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"salesdesk {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, func: Callable[[argparse.Namespace], int], help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help, epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
        p.add_argument("--lang", choices=("zh", "en"), default=_lang_default(), help="language of messages and headers (default zh; env SALESDESK_LANG)")
        p.set_defaults(func=func)
        return p

    p = add("check", cmd_check, "check workbooks (files or folders); --annotate writes notes into them")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help='print {"issues": [...]} on stdout')
    p.add_argument("--annotate", action="store_true", help="write notes, highlights and a status column (backup kept)")
    p.add_argument("--sidecar", action="store_true", help="write the findings into NAME.salesdesk-check.xlsx beside each workbook; the workbook is not touched")
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")

    p = add("schema", cmd_schema, "print the schema of every workbook")
    p.add_argument("--json", action="store_true")
    p.add_argument("--markdown", action="store_true", help="the data dictionary as Markdown (docs/schema.md)")

    p = add("templates", cmd_templates, "write blank workbooks generated from the schema")
    p.add_argument("dir", metavar="DIR")
    p.add_argument("--force", action="store_true", help="replace workbooks salesdesk did not write (a backup is kept first)")

    p = add("demo", cmd_demo, "generate realistic demo workbooks and run every command on them")
    p.add_argument("dir", metavar="DIR", nargs="?", default="salesdesk-demo")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--force", action="store_true", help="replace workbooks salesdesk did not write (a backup is kept first)")

    p = add("quote", cmd_quote, "price every quote, write computed columns and a customer quote sheet per quote")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--quote", dest="quote_id", help="only this quote")
    p.add_argument("--json", action="store_true")
    p.add_argument("--pdf", action="store_true", help="also export each quote sheet to PDF (needs LibreOffice)")
    p.add_argument("--out", help="folder for the customer quote sheets (default: beside the workbook)")
    p.add_argument("--as-of", dest="as_of", metavar="YYYY-MM-DD", help="today's date for validity checks (default: today)")
    p.add_argument("--quiet", action="store_true")

    p = add("tidy", cmd_tidy, "turn typed text that is unambiguously a date, amount or percentage into real values (a note keeps the text; backup kept)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--dry-run", dest="dry_run", action="store_true", help="only list what would change; write nothing")
    p.add_argument("--annotate", action="store_true", help="also mark the cells left alone (ambiguous) with a note and a highlight")
    p.add_argument("--json", action="store_true", help='print {"changes": [...], "issues": [...]} on stdout')
    p.add_argument("--quiet", action="store_true", help="no progress on stderr")

    p = add("addin", cmd_addin, "the Excel add-in: build salesdesk.xlam; install it into Excel (Windows, macOS); status")
    p.add_argument("action", choices=("build", "install", "status"))
    p.add_argument("-o", "--out", default=".", help="build: folder for salesdesk.xlam (default: here)")


    p = add("refresh", cmd_refresh, "compute every deadline, write the computed columns and the to-do tab (今日待办)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--as-of", dest="as_of", metavar="ISO-DATETIME", help="the clock for every rule (default: now in the configured time zone)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--ics", metavar="FILE", help="also write the open items as an iCalendar file")
    p.add_argument("--quiet", action="store_true")
    return parser


def main(argv: list[str] | None = None) -> int:
    from .io.fsguard import os_refusal
    from .io.package import FileRefused

    args = build_parser().parse_args(argv)
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _Escaping(sys.stdout), _Escaping(sys.stderr)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("interrupted / 已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head`: not an error of ours
        sys.stderr.close()
        return 0
    except FileRefused as exc:  # a refusal no command caught: still a message with its code, never a traceback
        print(_refusal_line(exc, args.lang), file=sys.stderr)
        return 1
    except OSError as exc:
        print(_refusal_line(os_refusal(exc.filename or "", exc), args.lang), file=sys.stderr)
        return 1
    finally:
        sys.stdout, sys.stderr = streams


if __name__ == "__main__":
    sys.exit(main())
