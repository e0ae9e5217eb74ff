"""From a recognised grid to a typed table plus the value-level issues.

Per value: type (tolerant parsing), required, range. Cross-field and
cross-row rules live in `checks/`.
"""

from __future__ import annotations

import re
from datetime import tzinfo
from decimal import Decimal
from functools import partial
from operator import is_not, itemgetter

from ..i18n import N_, both, both_with
from ..schema.types import Column, ColumnType, SheetSpec
from .date_columns import both_orders, infer_order
from .fastpath import convert_column
from .header_tokens import header_tokens, rows_with_header_texts
from .issue_factory import cell_issue
from .issues import CODES, Issue
from .keys import ID_PATTERNS, block_owners, generated_ids, is_machine_account, join_names, normalise_name, supplied_issue
from .real_rows import LINE_IDS, fold_continuations
from .recognise import KEYED_BY_NAME, Recognised
from .tables import SheetLayout, Table, build_row, row_model
from .values import CellMark

_EXPECTED = {
    ColumnType.INT: N_("a whole number"),
    ColumnType.NUMBER: N_("a number"),
    ColumnType.MONEY: N_("an amount"),
    ColumnType.PERCENT: N_("a percentage"),
    ColumnType.DATE: N_("a date"),
    ColumnType.MONTH: N_("a month"),
    ColumnType.DATETIME: N_("a date and time"),
    ColumnType.BOOL: N_("yes/no"),
}


def _choice_hint(column: Column) -> tuple[str, str]:
    return both_with(lambda _: _("allowed: {choices}", choices=_(", ").join(column.choice_label(c.key, _.lang) for c in column.choices)))


def _detail(code: str, column: Column) -> tuple[str, str]:
    if code == "choice-unknown":
        return _choice_hint(column)
    if code == "value-unparseable":
        what = _EXPECTED.get(column.type)
        return both_with(lambda _: _("expected {what}", what=_(what))) if what else ("", "")
    info = CODES[code]
    return (info.help("zh").rstrip("。"), info.help("en").rstrip("."))  # shown in parentheses


def _is_blank(row: list[object]) -> bool:
    return all(c is None or c == "" for c in row)


def _out_of_range_positions(column: Column, typed: list[object]) -> list[int]:
    lo = Decimal(str(column.min_value)) if column.min_value is not None else None
    hi = Decimal(str(column.max_value)) if column.max_value is not None else None
    present: list[Decimal] = list(filter(partial(is_not, None), typed))  # type: ignore[arg-type]  # typed numbers are Decimal or int: compared in C
    try:
        if not present or ((lo is None or min(present) >= lo) and (hi is None or max(present) <= hi)):
            return []  # the common case: one C-level pass instead of a Python test per value
    except TypeError:  # a column of another type with a range: test value by value
        pass
    return [
        i for i, v in enumerate(typed)
        if (type(v) is Decimal or type(v) is int) and ((lo is not None and v < lo) or (hi is not None and v > hi))
    ]


def _range_hint(column: Column) -> tuple[str, str]:
    lo, hi = column.min_value, column.max_value
    pct = column.type is ColumnType.PERCENT
    fmt = (lambda v: f"{v:.0%}") if pct else (lambda v: f"{v:g}")
    if lo is not None and hi is not None:
        return both("must lie between {lo} and {hi}", lo=fmt(lo), hi=fmt(hi))
    if lo is not None:
        return both("must be >= {value}", value=fmt(lo))
    return both("must be <= {value}", value=fmt(hi))


def _blank(row: list[object]) -> bool:
    # C-level checks, far cheaper than a Python loop over the cells; the exact
    # count only runs for the rare row whose cells are all falsy (0, "", None).
    return not any(row) and row.count("") + row.count(None) == len(row)


def _supplied(key: str, keys: list[str], columns: list[list[object]], excel_rows: list[int], sheet: str, owner: tuple[str, str] | None) -> list[object] | None:
    """Values for a required column the sheet lacks (core/keys.py), or None when salesdesk has none to give."""
    if key in ID_PATTERNS and "name" in keys:
        fingerprint = [columns[keys.index(k)] if k in keys else [None] * len(excel_rows) for k in ("name", "phone", "email", "tax_id")]
        rows: list[tuple[object, ...] | None] = [None if all(v is None for v in values) else values for values in zip(*fingerprint)]
        return list(generated_ids(key, rows))
    if key in KEYED_BY_NAME and "name" in keys:
        first: dict[str, object] = {}  # normalised name -> the name as first written: one customer (item), one id
        names = columns[keys.index("name")]
        return [None if n is None else first.setdefault(normalise_name(n), str(n).strip()) for n in names]
    if key in ("order_id", "ticket_id"):
        return [f"{sheet}!{row}" for row in excel_rows]
    if key == "owner_rep" and owner:
        return [owner[0]] * len(excel_rows)
    return None


_LABEL_NOISE = re.compile(r"[\s:：]")
TOTAL_LABELS = frozenset({"合计", "总计", "小计", "总合计", "合计金额", "共计", "累计", "total", "totals", "grandtotal", "subtotal", "sum"})


def totals_rows(spec: SheetSpec, columns: dict[str, int], body: list[tuple[int, list[object]]]) -> tuple[list[tuple[int, list[object]]], list[tuple[int, str]]]:
    """A sheet's 合计 / Total lines (a footer summing the rows above): a cell saying so and no id or name of the
    kind's own (those cells blank or the label itself). They are no customer, order or ticket: taken out, and listed."""
    keys = [k for k in (spec.id_column, "name") if k and k in columns]
    if not keys or spec.key == "header_map" or spec.key_value:  # salesdesk's own sheets list headers such as "Sum"
        return body, []
    kept: list[tuple[int, list[object]]] = []
    found: list[tuple[int, str]] = []
    indexes = [columns[k] for k in keys]
    for row, raw in body:
        own = [raw[i] if i < len(raw) else None for i in indexes]
        # The common row has an id or name of its own that is no total label: then no label elsewhere in the row can
        # make it a totals line (its own cells would have to be that label), so its cells are not all looked at.
        mark = next((text for text in (str(v).strip() for v in own if v is not None) if text), None)
        if mark is not None and _LABEL_NOISE.sub("", mark).casefold() not in TOTAL_LABELS:
            kept.append((row, raw))
            continue
        label = next((str(c).strip() for c in raw if isinstance(c, str)
                      and re.sub(r"[\s:：]", "", c).casefold() in TOTAL_LABELS), None)
        if label is not None and all(v is None or str(v).strip() in ("", label) for v in own):
            found.append((row, label))
        else:
            kept.append((row, raw))
    return kept, found


def stacked_blocks(header: list[object], columns: dict[str, int], body: list[tuple[int, list[object]]]) -> tuple[list[tuple[int, list[object]]], list[tuple[int, str]]]:
    """Rows of stacked blocks (a title row and the header repeated, per rep or per site) taken out of the body:
    a row repeating the header in most matched columns, and a title row (one or two cells) just above it.
    Returns the body left and each block's (header row, title); issue 22, item 1."""
    header_token = header_tokens()
    positions = [i for i in sorted(columns.values()) if i < len(header) and header[i] not in (None, "")]
    if len(positions) < 2:
        return body, []
    first, wanted = positions[0], [header_token(header[i]) for i in positions]
    repeats = set()
    for position, (_row, raw) in enumerate(body):
        if first < len(raw) and raw[first] is not None and header_token(raw[first]) == wanted[0]:
            same = sum(1 for i, token in zip(positions, wanted) if i < len(raw) and raw[i] is not None and header_token(raw[i]) == token)
            if same * 5 >= len(positions) * 4:
                repeats.add(position)
    # The header again with its columns in another order (the next rep's block laid out differently): its rows read by
    # the first header's positions would put a phone under the name and a city under the owner, so they are not read.
    everything = {header_token(c) for c in header if c not in (None, "")}
    wanted_set = set(wanted)
    # Which cells can hold a wanted token at all: when none is ASCII, only non-ASCII text (and the odd value of
    # another type) can; numbers, dates and ASCII ids, most of a sheet, are never turned into tokens.
    ascii_free = not any(token.isascii() for token in wanted_set)
    reordered = set()
    likely = rows_with_header_texts(body, wanted, header_token) if ascii_free else None
    for position, (_row, raw) in enumerate(body):
        if position in repeats or (likely is not None and position not in likely):
            continue
        if likely is None:
            hits = {header_token(c) for c in raw if c is not None}
            if sum(1 for token in wanted if token in hits) * 5 < len(wanted) * 4:
                continue  # too few of the header's texts in the row: the exact test below cannot pass
        tokens = {header_token(c) for c in raw if c is not None and str(c).strip()}
        if sum(1 for token in wanted if token in tokens) * 5 >= len(wanted) * 4 and len(tokens - everything) * 5 <= len(tokens):
            reordered.add(position)
    if not repeats and not reordered:
        return body, []
    blocks: list[tuple[int, str]] = []
    dropped = set(repeats) | set(reordered)
    for position in sorted(reordered):  # its rows, up to the next header row
        following = [p for p in range(position + 1, len(body)) if p not in repeats and p not in reordered]
        stop = min([p for p in repeats | reordered if p > position], default=len(body))
        dropped.update(p for p in following if p < stop)
    for position in sorted(repeats | reordered):
        title = ""
        if position - 1 >= 0 and position - 1 not in repeats:
            cells = [c for c in body[position - 1][1] if c is not None and str(c).strip()]
            if 1 <= len(cells) <= 2 and body[position - 1][0] == body[position][0] - 1:
                title = " ".join(str(c).strip() for c in cells)
                dropped.add(position - 1)
        end = min([p for p in repeats | reordered if p > position], default=len(body))
        if end < len(body) and end - 1 > position and 1 <= sum(1 for c in body[end - 1][1] if c is not None and str(c).strip()) <= 2:
            end -= 1  # the next block's title row
        last = body[end - 1][0] if position in reordered and end - 1 > position else 0
        blocks.append((body[position][0], title) if position not in reordered else (-body[position][0], f"{title}\x1f{last}"))
    return [item for position, item in enumerate(body) if position not in dropped], blocks


def _any_machine_account(owners: list[object]) -> bool:
    """Whether an owner below is a computer account: judged once per distinct name (a sheet has a few reps)."""
    try:
        distinct = set(owners)
    except TypeError:
        return True  # the row-by-row test decides
    return any(v is not None and not str(v).strip().isdigit() and is_machine_account(v) for v in distinct)


def _where_to_supply(column: Column, suppliable: bool = True) -> tuple[str, str]:
    """The missing column and where to supply it: for an owner salesdesk can supply, the mapping's column and the settings'
    sheet (issue 22, item 3); for any other column, a header mapped to it in the mapping, or the column added."""
    if column.key not in ("owner_rep", "rep") or not suppliable:
        return both_with(lambda _: _(
            "{column}: map one of the sheet's headers to it in salesdesk_mapping.xlsx (salesdesk map writes it), or add the column",
            column=column.header(_.lang)))
    from ..schema.mapping import HEADER_MAP
    from ..schema.settings import REP_FOLDERS

    return both_with(lambda _: _(
        "{column}: type the owner in the \"{map_column}\" column of salesdesk_mapping.xlsx (salesdesk map writes it), "
        "or the rep for this folder in the settings workbook's \"{sheet}\" sheet",
        column=column.header(_.lang), map_column=HEADER_MAP.column("map_owner").header(_.lang), sheet=REP_FOLDERS.title(_.lang)))


def build_table(
    found: Recognised,
    grid: list[list[object]],
    file: str,
    sheet: str,
    zone: tzinfo,
    date1904: bool = False,
    width: int | None = None,
    consume: bool = False,
    owner: tuple[str, str] | None = None,
) -> tuple[Table, list[Issue]]:
    """`date1904`: the workbook's date system; `width`: the sheet's true width when its rows were cut short;
    `consume`: the grid is emptied once its columns are typed, so a 1M-row sheet's raw cells and its row
    objects are never in memory together; `owner`: (rep, source) for a sheet without an owner column (core/keys.py)."""
    spec: SheetSpec = found.spec
    width = max([width or 0, *(len(r) for r in grid)])
    layout = SheetLayout(header_row=found.header_index + 1, columns=dict(found.columns), width=width, lang=found.lang, confidence=found.confidence)
    issues: list[Issue] = []

    def issue(row: int | None, key: str | None, code: str, detail=("", ""), value=None) -> None:
        issues.append(cell_issue(file, sheet, spec, layout, row, key, code, detail, value))

    for key in found.missing_required:  # one finding per sheet and column, never one per row (issue 22, item 1)
        issue(found.header_index + 1, None, "sheet-missing-columns", _where_to_supply(spec.column(key), key in spec.suppliable))

    start = found.header_index + 1
    body = [(start + 1 + offset, raw) for offset, raw in enumerate(grid[start:]) if not _blank(raw)]
    body, blocks = stacked_blocks(grid[found.header_index] if 0 <= found.header_index < len(grid) else [], found.columns, body)  # -1: no header row
    same = [b for b in blocks if b[0] > 0]
    if same:
        issue(None, None, "stacked-blocks", both("{n} repeated header row(s) start new blocks (their title rows name them): read as the header's columns, not as rows",
                                                 n=len(same)))
    for row, title in (b for b in blocks if b[0] < 0):  # a block whose header has its columns in another order
        last = int(title.rsplit("\x1f", 1)[1])
        issue(-row, None, "stacked-blocks-reordered", both(
            "Row {row} repeats the header with the columns in another order: the block's rows (to row {last}) were not read; "
            "put its columns in the first block's order", row=-row, last=max(last, -row)))
    body, totals = totals_rows(spec, found.columns, body)
    for row, label in totals:
        issue(row, None, "totals-row", value=label)
    qty = found.columns.get("qty") if spec.key in ("order_lines", "quote_lines") else None
    if qty is not None:  # a line with no quantity is a product not ordered (an order form), not a missing value
        body = [(row, raw) for row, raw in body if qty < len(raw) and raw[qty] is not None and str(raw[qty]).strip() != ""]
    body, folded = fold_continuations(spec.key, found.columns, body)
    if folded:
        column = spec.column(LINE_IDS.get(spec.key) or "order_id")
        issue(None, column.key, "continuation-rows", both("{n} row(s) without {column} read as further lines of the row above", n=folded, column=column.header(layout.lang)))
    excel_rows = [excel_row for excel_row, _ in body]
    raw_rows = [raw for _, raw in body]
    width_min = min(map(len, raw_rows), default=0)

    # Column by column; computed columns are ours: recomputed, never validated on read (a kept one is read back as text).
    keys: list[str] = []
    columns: list[list[object]] = []
    for column in spec.columns:
        if (column.computed and not column.read_back) or column.key not in found.columns:
            continue
        index = found.columns[column.key]
        if index < width_min:  # calamine rows are all as wide: one C-level pass
            raw_values = list(map(itemgetter(index), raw_rows))
        else:
            raw_values = [raw[index] if index < len(raw) else None for raw in raw_rows]
        if column.computed:  # read back for comparison only: what cannot be read is simply not compared
            typed = [None if isinstance(v, CellMark) else v for v in convert_column(raw_values, column, zone, date1904)[0]]
        elif spec.key_value and column.key == "value":
            typed = raw_values  # typed per setting by core/settings.py
            for position, value in enumerate(raw_values):
                if isinstance(value, CellMark):
                    issue(excel_rows[position], column.key, value.code, _detail(value.code, column), value)
                    typed[position] = None
        else:
            typed, problems = convert_column(raw_values, column, zone, date1904)
            if problems and column.type in (ColumnType.DATE, ColumnType.DATETIME):
                problems, order = infer_order(raw_values, typed, problems, column, zone, date1904)
                if order:
                    issue(None, column.key, "date-order-inferred", both_orders(order))
            for position, parsed in problems:
                code = parsed.code or "value-unparseable"  # problems always carry a code
                issue(excel_rows[position], column.key, code, _detail(code, column), raw_values[position])
            if column.required and None in typed:
                rejected = {p for p, parsed in problems if parsed.value is None}
                for position, value in enumerate(typed):
                    if value is None and position not in rejected:
                        issue(excel_rows[position], column.key, "required-missing")
            if column.min_value is not None or column.max_value is not None:
                for position in _out_of_range_positions(column, typed):
                    issue(excel_rows[position], column.key, "value-out-of-range", _range_hint(column), raw_values[position])
                    typed[position] = None
        keys.append(column.key)
        columns.append(typed)
        if consume and index < width_min:  # the raw cells of this column are done with: their memory serves the next
            raw_values = []
            for raw in raw_rows:
                raw[index] = None

    if "family_name" in keys and "name" in keys:  # first and last name in two columns: one name (core/keys.py)
        at = keys.index("name")
        columns[at] = [join_names(given, family) for given, family in zip(columns[at], columns[keys.index("family_name")])]
    by_block: list[object] | None = None
    if "owner_rep" in found.to_supply and blocks and not (owner and owner[1] == "mapping"):  # the mapping's owner wins
        above = grid[found.header_index - 1] if 0 < found.header_index <= len(grid) else []
        cells = [c for c in above if c is not None and str(c).strip()]
        by_block = block_owners(" ".join(map(str, cells)) if 1 <= len(cells) <= 2 else "", blocks, found.header_index + 1, excel_rows)
        if by_block is not None:
            owner = (" / ".join(dict.fromkeys(map(str, by_block))), "block")
    for key in found.to_supply:
        values = by_block if key == "owner_rep" and owner and owner[1] == "block" else _supplied(key, keys, columns, excel_rows, sheet, owner)
        if values is None:
            issue(found.header_index + 1, None, "sheet-missing-columns", _where_to_supply(spec.column(key)))
            continue
        keys.append(key)
        columns.append(values)
        source = {"customer_id": "generated", "sku": "item_name", "owner_rep": owner[1] if owner else ""}.get(key, "row")
        detail = owner[0] if owner and key == "owner_rep" else f"{ID_PATTERNS[key]}0001" if key in ID_PATTERNS else ""
        issues.append(supplied_issue(file, sheet, (spec.column(key).header("zh"), spec.column(key).header("en")), len(values), source, detail, key=key))

    if "owner_rep" in keys and "owner_rep" not in found.to_supply:  # the sheet's own owner column
        owners = columns[keys.index("owner_rep")]
        for position, value in enumerate(owners if _any_machine_account(owners) else ()):
            # WPS_385287289, Administrator: no rep (issue 22); a number may well be the rep's staff number here
            if value is not None and not str(value).strip().isdigit() and is_machine_account(value):
                issue(excel_rows[position], "owner_rep", "owner-machine-account", value=value)
                issue(excel_rows[position], "owner_rep", "required-missing")  # the row has no owner now
                owners[position] = None
    del body, raw_rows
    if consume:
        grid.clear()
    model = row_model(spec)
    fields_set = {"row", *keys}
    value_rows = zip(*columns) if columns else [()] * len(excel_rows)
    rows = [build_row(model, excel_row, keys, values, fields_set) for excel_row, values in zip(excel_rows, value_rows)]
    issues.sort(key=lambda i: (i.row or 0, i.column or ""))
    return Table(spec=spec, file=file, sheet=sheet, layout=layout, rows=rows), issues
