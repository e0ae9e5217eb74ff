"""The header mapping: which header of a rep's own sheet is which salesdesk column.

`salesdesk map PATH` proposes it and writes it to salesdesk_mapping.xlsx
beside the books (a file salesdesk owns: the rep's books are never changed);
the rep corrects it in Excel, and may keep it there or paste the sheet into
the settings workbook (recognised by its headers either way). One row per
header of one sheet of one workbook: entries name their workbook and sheet,
are found by header text (so re-ordered columns do not matter), and an entry
whose header is gone is reported (`mapping-stale`), never applied. A
proposal salesdesk is unsure of is written with 采用 = 否 (Use = no): it is
applied only once the rep says yes (issue 22, item 2). 列 (Col.) gives each header's column letter;
a sheet without a header row is mapped by it alone (原表头 left blank).
"""

from .dsl import T, col
from .types import SheetSpec

HEADER_MAP = SheetSpec(
    key="header_map",
    zh="表头对应",
    en="Header mapping",
    help_zh="每行一个表头：原表头对应 salesdesk 的哪一列（列键名或表头）；对应列留空表示不读该列。",
    help_en="One row per header: which salesdesk column (key or header) it is; a blank column means the header is not read.",
    columns=(
        col("map_workbook", "工作簿", "Workbook", req=True, width=24),
        col("map_sheet", "工作表", "Sheet", req=True),
        col("map_kind", "表类型", "Kind", help=("从下拉中选：salesdesk 的表类型（或键名，如 customers）；留空则不读该表", "Pick from the dropdown: salesdesk's kind (or its key, e.g. customers); blank: the sheet is not read")),
        col("map_header", "原表头", "Header", width=20, help=("原表的表头；无表头的表留空，按“列”读取", "The sheet's header; blank for a sheet without headers, read by Col.")),
        col("map_column", "对应列", "Column", width=18),
        col("map_owner", "补充负责销售", "Owner to supply", help=("表中没有负责销售列时使用", "Used when the sheet has no owner column")),
        col("map_reason", "依据", "Proposed by", width=24),
        col("map_use", "采用", "Use", T.BOOL, help=("否：猜测，确认后改为“是”才读取；留空视为“是”", "No: a guess, read only once you change it to yes; blank means yes")),
        col("map_sample", "样例", "Sample values", width=30, help=("该列前几行的值，仅供核对", "The column's first values, to check against")),
        col("map_letter", "列", "Col.", width=8, help=("该表头在原表中的列（A、B…）；无表头的表按此列读取", "Where the header is in the sheet (A, B …); a sheet without headers is read by it")),
    ),
)
