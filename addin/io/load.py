"""Loading files and folders into the core's tables (the reading half of the file adapter)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from pydantic import BaseModel

from ..core.build import build_table
from ..core.issues import CODES, Issue
from ..core.keys import is_machine_account, rep_for_path, resolve_customer_names
from ..core.near_miss import near_miss_issue, nothing_recognised_issue
from ..core.real_rows import Keys, copies_anywhere, filtered_copies
from ..core.recognise import NearMiss, Recognised, classify
from ..core.settings import read_settings, zone_of
from ..core.tables import Tables
from ..domain.plausible import screen
from ..i18n import Translator, both, both_with, pick
from ..mapping.confirmed import apply_mapping, read_mappings
from .csv_grid import read_csv_grid
from .fsguard import refusal
from .ooxml.generated_sheet import generated_sheet_names
from .package import FileRefused
from .progress import Progress, steps
from .reader import OOXML_SUFFIXES, Grid, Unread, expand_paths, read_book


@dataclass
class Loaded:
    files: list[Path]
    tables: Tables
    issues: list[Issue]
    settings: BaseModel
    refused: list[FileRefused] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)  # sheets that could not be read (each also an issue)
    # How each sheet that looks like one of salesdesk's was read: (file, sheet, match); check --explain / --json.
    sheets: list[tuple[str, str, Recognised | NearMiss]] = field(default_factory=list)
    # Formula cells per sheet read (file, sheet) -> (count, first cells (row, col) 1-based): import says they became values.
    formulas: dict[tuple[Path, str], tuple[int, tuple[tuple[int, int], ...]]] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """Everything named was read: no file refused or not read, no sheet unread."""
        return not self.refused and not self.unread


def display_name(path: Path, roots: list[Path]) -> str:
    """Paths in reports are short: relative to the folder that was named."""
    for root in roots:
        base = root if root.is_dir() else root.parent
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            continue
    return path.name


def load(paths: list[Path], progress: Progress | None = None, raw: dict[tuple[Path, str], list[list[object]]] | None = None,
         read_csv: bool = False, live: tuple[Path, list[Grid]] | None = None,
         scope: Callable[[list[Grid]], list[Grid]] | None = None) -> Loaded:
    """Files and folders read and typed.

    `raw`, when given, receives a copy of every sheet's cells (file, sheet) -> rows, before they are typed (import);
    `read_csv`: .csv files are read as one sheet each (import), not listed as not read;
    `live`: a workbook open in Excel, (its path, its grids), read from Excel instead of from its file on disk
    (the live source: excel/live_book.py);
    `scope`: given the grids read, returns those to type and check (a document's rows only: commands/scope.py)."""
    files = expand_paths([p for p in paths if live is None or p != live[0]])
    refused: list[FileRefused] = []
    unread: list[Unread] = []
    grids: list[Grid] = list(live[1]) if live else []
    step = steps(progress, len(files))
    deferred: list[Path] = []  # CSV files `check` reads only when a confirmed mapping names them (issue 22, item 2)
    for path in files:
        if step:
            step(path.name)
        try:
            if path.suffix.lower() == ".csv" and not read_csv:
                deferred.append(path)
                continue
            if read_csv and path.suffix.lower() == ".csv":
                grids.append(read_csv_grid(path))
                continue
            book = read_book(path)  # refuses a corrupt or hostile file before anything else opens it
            owned = generated_sheet_names(path) if path.suffix.lower() in OOXML_SUFFIXES else set()  # the to-do tab and other sheets salesdesk wrote
        except FileRefused as exc:
            refused.append(exc)
            continue
        except OSError as exc:
            refused.append(refusal(path, "file-unreadable", exc.strerror or str(exc)))
            continue
        grids.extend(g for g in book.grids if g.sheet not in owned)
        unread.extend(u for u in book.unread if u.sheet not in owned)
    named = mapped_files(grids) if deferred else set()
    for path in deferred:
        try:
            if path.name.casefold() in named:
                grids.append(read_csv_grid(path))
            else:
                read_book(path)  # refuses it: CSV text is read through a confirmed mapping, or by import
        except FileRefused as exc:
            refused.append(exc)
        except OSError as exc:
            refused.append(refusal(path, "file-unreadable", exc.strerror or str(exc)))
    for folder in paths:
        if folder.is_dir() and not any(f.is_relative_to(folder) for f in files):
            refused.append(FileRefused(folder, "folder-no-workbook", *both("The folder holds no workbook (.xlsx/.xlsm/.xls/.ods).")))
    if scope is not None:
        grids = scope(grids)
    if raw is not None:
        raw.update({(g.file, g.sheet): [list(r) for r in g.rows] for g in grids})
    name_of = lambda path: display_name(path, paths)  # noqa: E731
    if live:
        files.insert(0, live[0])
    loaded = load_grids(grids, name_of)
    loaded.files, loaded.refused, loaded.unread = files, refused, unread
    loaded.formulas = {(g.file, g.sheet): (g.formulas, g.formula_cells) for g in grids if g.formulas}
    loaded.issues[:0] = [unread_issue(u, name_of(u.file)) for u in unread]
    if files and not grids and not refused:
        loaded.issues.append(nothing_recognised_issue(name_of(files[0]) if len(files) == 1 else ""))
    return loaded


def mapped_files(grids: list[Grid]) -> set[str]:
    """File names (casefolded) a confirmed header mapping among `grids` reads: entries with a kind and not
    marked as an unconfirmed guess (Use = no). Shape: {"leads.csv", ...}."""
    from datetime import timezone

    from ..core.parsers import parser_for
    from ..core.recognise import Recognised, recognise
    from ..schema.mapping import HEADER_MAP

    use = parser_for(HEADER_MAP.column("map_use"), timezone.utc)
    names: set[str] = set()
    for grid in grids:
        found = recognise(grid.rows, (HEADER_MAP,))
        if not isinstance(found, Recognised) or "map_kind" not in found.columns:
            continue
        at, kind, confirmed = found.columns["map_workbook"], found.columns["map_kind"], found.columns.get("map_use")
        for row in grid.rows[found.header_index + 1 :]:
            book, named, said = (row[i] if i is not None and i < len(row) else None for i in (at, kind, confirmed))
            if book and named and str(named).strip() and (said in (None, "") or use(said).value is not False):
                names.add(str(book).strip().casefold())
    return names


def _messages(build: Callable[[Translator], str]) -> dict[str, str]:
    zh, en = both_with(build)
    return {"message_zh": zh, "message_en": en}


def unread_issue(unread: Unread, file: str) -> Issue:
    info = CODES["sheet-unreadable"]
    return Issue(
        file=file,
        sheet=unread.sheet,
        row=None,
        column=None,
        code="sheet-unreadable",
        **_messages(lambda _: _("{title}: {reason}", title=info.title(_.lang), reason=pick((unread.zh, unread.en), _.lang))),
    )


def _cut_issue(grid: Grid, file: str) -> Issue:
    info = CODES["sheet-cells-cut"]
    return Issue(
        file=file,
        sheet=grid.sheet,
        row=None,
        column=None,
        code="sheet-cells-cut",
        **_messages(lambda _: _("{title} ({n} cells)", title=info.title(_.lang), n=format(grid.cut_cells, ","))),
    )


def _how_to_read(spec) -> bool:
    """Sheets that say how to read the rest (settings, header mappings, reps by folder), not data."""
    return bool(spec.key_value) or spec.key in ("header_map", "rep_folders")


def _mtime(grid: Grid) -> float:
    """A grid's file modification time (0 for a workbook open in Excel with no file yet)."""
    try:
        return grid.file.stat().st_mtime
    except OSError:
        return 0.0


def load_grids(grids: list[Grid], name_of: Callable[[Path], str] = lambda path: path.name) -> Loaded:
    """Recognises and types grids from any source: files, or a workbook open in Excel.

    Order: key/value sheets and header mappings first (the settings' time zone types every
    date-time of the rest; a confirmed mapping decides how a rep's own sheet is read), then the rest."""
    judged: list[tuple[Recognised | NearMiss | None, Grid]] = [(classify(grid.rows), grid) for grid in grids]
    tables, issues = Tables(), [_cut_issue(grid, name_of(grid.file)) for grid in grids if grid.cut_cells]
    zone = zone_of(read_settings(tables)[0])
    owners: dict[int, tuple[str, str]] = {}
    rep_rules: list[tuple[str, str]] = []

    def machine_owner(grid: Grid, owner: str, where: Callable[[Translator], str]) -> None:
        """An owner typed where salesdesk looks for one that is a computer account: not used, and said so (else the
        missing-owner error asks the rep to type an owner where they already typed one)."""
        zh, en = both_with(lambda _: _("The owner \"{owner}\" in {where} is a computer account, not a rep: not used; type the rep's name there",
                                       owner=owner, where=where(_)))
        issues.append(Issue(file=name_of(grid.file), sheet=grid.sheet, row=None, column=None, code="owner-machine-account",
                            message_zh=zh, message_en=en, value=owner))

    def build(found: Recognised, grid: Grid) -> None:
        # The owner a sheet lacks: the mapping's supplied value, then the settings' rep for the folder, else none (the
        # missing-column issue says where to supply it); never the workbook's last author (WPS_385287289, newuser: issue 22).
        by_folder = rep_for_path(grid.file.resolve().parts, rep_rules)
        if by_folder is not None and is_machine_account(by_folder) and "owner_rep" in found.to_supply and id(grid) not in owners:
            from ..schema.settings import REP_FOLDERS

            machine_owner(grid, by_folder, lambda _: _("the settings workbook's \"{sheet}\" sheet", sheet=REP_FOLDERS.title(_.lang)))
        by_folder = None if by_folder is None or is_machine_account(by_folder) else by_folder
        owner = owners.get(id(grid)) or ((by_folder, "settings") if by_folder else None)
        table, table_issues = build_table(found, grid.rows, name_of(grid.file), grid.sheet, zone, grid.date1904, grid.width, consume=True,
                                          owner=owner if "owner_rep" in found.to_supply else None)
        table.path = grid.file
        tables.add(table)
        issues.extend(table_issues)

    first = [(f, g) for f, g in judged if isinstance(f, Recognised) and (f.spec.key_value or f.spec.key in ("header_map", "rep_folders"))]
    for early, grid in first:
        build(early, grid)
    settings, setting_issues = read_settings(tables)
    issues.extend(setting_issues)
    zone = zone_of(settings)
    rep_rules.extend((str(r.folder_pattern), str(r.folder_rep).strip()) for _t, r in tables.rows("rep_folders") if r.folder_pattern and r.folder_rep)
    mappings, mapping_issues = read_mappings(tables)
    issues.extend(mapping_issues)
    for position, (judgement, grid) in enumerate(judged):
        mapping = mappings.get((grid.file.name.casefold(), grid.sheet))
        if mapping is None or (judgement is not None and judgement.spec.key == "header_map"):
            continue
        mapped, stale = apply_mapping(grid.rows, mapping, name_of(grid.file), grid.sheet)
        issues.extend(stale)
        judged[position] = (mapped, grid)
        if mapping.owner and not is_machine_account(mapping.owner):
            owners[id(grid)] = (mapping.owner, "mapping")
        elif mapping.owner:
            machine_owner(grid, mapping.owner, lambda _: "salesdesk_mapping.xlsx")
    issues += [near_miss_issue(miss, name_of(grid.file), grid.sheet) for miss, grid in judged if isinstance(miss, NearMiss)]
    recognised = [(grid, (grid.file, f.spec.key), f.header_index, grid.rows) for f, grid in judged if isinstance(f, Recognised) and not f.spec.key_value]
    keys: Keys = {}  # every sheet's row keys, computed once for the three passes below
    copies = filtered_copies(recognised, keys)  # read once: not hundreds of duplicate ids
    # Then across files of one folder: a copy of a workbook beside it ("订单 - 副本.xlsx") would count every order twice.
    # The shorter file name is taken as the original ("X - 副本.xlsx", "X (1).xlsx", "Copy of X.xlsx" are longer).
    # Only files in one folder: two reps' folders may well hold the same list (the reps differ: a conflict, not a copy).
    left = sorted(((g, (g.file.parent, key[1]), h, rows) for g, key, h, rows in recognised if all(g is not c for c, _o in copies)),
                  key=lambda item: (len(item[0].file.name), item[0].file.name))
    copies += filtered_copies(left, keys)
    # Then anywhere under the paths, at any depth (旧/, 备份/, 2025/): a sheet whose rows equal another's, or are 20 or
    # more of its rows, is a copy; read once, the newest file winning (domain.md "Team identity and consistency").
    # A sheet without an owner column belongs to the rep salesdesk supplies for it: two reps' folders holding the same
    # list are two reps' customers (a conflict the summary lists), not a copy.
    supplied = {id(g): f.to_supply for f, g in judged if isinstance(f, Recognised)}

    def owner_hint(grid: Grid) -> str:
        if "owner_rep" not in supplied.get(id(grid), ()):
            return ""
        mapped = owners.get(id(grid))
        if mapped:
            return mapped[0]
        rep = rep_for_path(grid.file.resolve().parts, rep_rules)  # never the workbook's author (issue 22)
        return rep if rep and not is_machine_account(rep) else ""

    rest = [(g, (key[1], owner_hint(g)), h, rows) for g, key, h, rows in recognised if all(g is not c for c, _o in copies)]
    anywhere = copies_anywhere(rest, _mtime, cache=keys)
    for copy, original in copies:
        judged = [(None, g) if g is copy else (f, g) for f, g in judged]
        zh, en = both("A filtered copy of {file} / {sheet} (same headers, a subset of its rows): not read again", file=name_of(original.file), sheet=original.sheet)
        issues.append(Issue(file=name_of(copy.file), sheet=copy.sheet, row=None, column=None, code="filtered-copy", message_zh=zh, message_en=en))
    for copy, original in anywhere:
        judged = [(None, g) if g is copy else (f, g) for f, g in judged]
        zh, en = both("A copy of {file} / {sheet} (the same rows): not read again", file=name_of(original.file), sheet=original.sheet)
        issues.append(Issue(file=name_of(copy.file), sheet=copy.sheet, row=None, column=None, code="copy-of", message_zh=zh, message_en=en,
                            value=f"{name_of(original.file)}:{original.sheet}"))
    done = {id(g) for _f, g in first}
    for judgement, grid in judged:
        if isinstance(judgement, Recognised) and id(grid) not in done:
            build(judgement, grid)
    # A value no rep means (a date in 9999, Excel's empty date, 1e-40 yuan, a 40,000-day term): an issue on its cell,
    # and the cell read as empty, for every command alike (domain/plausible.py).
    issues += screen(tables, settings)
    issues += resolve_customer_names(tables)
    if grids and not any(isinstance(f, Recognised) and not _how_to_read(f.spec) for f, _g in judged):
        # a mapping or the settings say how to read data: alone they are no data, never a clean pass
        issues.append(nothing_recognised_issue(name_of(grids[0].file) if len({g.file for g in grids}) == 1 else ""))
    sheets = [(name_of(grid.file), grid.sheet, found) for found, grid in judged if found is not None]
    return Loaded(files=sorted({g.file for g in grids}), tables=tables, issues=issues, settings=settings, sheets=sheets)
