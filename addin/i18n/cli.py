"""argparse in the run's language: its own strings ("usage:", "error:", "the
following arguments are required", "invalid choice") from our catalogue.

argparse looks each of its strings up at the moment it uses them, through the
module-level names ``argparse._`` and ``argparse.ngettext`` (gettext's
functions, domain "messages", chosen by the process's locale). A
`TranslatedParser` binds those two names to its run's `Translator` only while
one of its own methods runs (building, parsing, formatting help, reporting an
error) and puts back what was there afterwards: two parsers in two languages
can live in one process, and nothing stays switched after a call.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

from . import DEFAULT_LANG, LANGUAGES, N_, Translator, known_language, translator

# argparse's own msgids (Python 3.11-3.13), marked so `dev.py messages` puts
# them into our catalogues. They keep argparse's %-style fields.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("{heading}:"),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ignored explicit argument %r"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
)


def run_language(argv: Sequence[str]) -> str:
    """The language of a run, known before parsing: `--lang X` / `--lang=X` in argv, else SALESDESK_LANG, else zh."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg.split("=", 1)[1] if arg.startswith("--lang=") else None
        if value in LANGUAGES:
            return value
    return known_language(os.environ.get("SALESDESK_LANG")) or DEFAULT_LANG


@contextmanager
def _speaking(t: Translator) -> Iterator[None]:
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = t.gettext, t.ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class _SubParsers(argparse._SubParsersAction):
    """Subcommands' parsers speak their parent's language."""

    def __init__(self, *args: Any, messages: Translator, **kwargs: Any) -> None:
        self.messages = messages
        super().__init__(*args, **kwargs)

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        kwargs.setdefault("messages", self.messages)
        return super().add_parser(name, **kwargs)


class TranslatedParser(argparse.ArgumentParser):
    """An ArgumentParser whose own strings come from `translator`; subparsers inherit it."""

    def __init__(self, *args: Any, messages: Translator | None = None, **kwargs: Any) -> None:
        self.translator = messages or translator(DEFAULT_LANG)
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        with _speaking(self.translator):
            super().__init__(*args, **kwargs)
        self.register("action", "parsers", _SubParsers)

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs.setdefault("parser_class", type(self))
        kwargs.setdefault("messages", self.translator)
        return super().add_subparsers(**kwargs)

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        with _speaking(self.translator):
            return super().parse_known_args(args, namespace)

    def parse_args(self, args: Any = None, namespace: Any = None) -> Any:  # "unrecognized arguments" is worded here
        with _speaking(self.translator):
            return super().parse_args(args, namespace)

    def format_usage(self) -> str:
        with _speaking(self.translator):
            return super().format_usage()

    def format_help(self) -> str:
        with _speaking(self.translator):
            text = super().format_help()
        for group in self._action_groups:  # argparse appends an ASCII ":" to section headings; Chinese takes "："
            if group.title:
                text = text.replace(f"\n{group.title}:\n", f"\n{self.translator('{heading}:', heading=group.title)}\n")
        return text

    def error(self, message: str) -> NoReturn:
        with _speaking(self.translator):
            super().error(message)


__all__ = ["ARGPARSE_MESSAGES", "TranslatedParser", "run_language", "translator"]
