"""Issues are data: a stable code, a severity, where, and a message in zh and en.

Checks return lists of `Issue`; the same list becomes the CLI report, the
JSON output, cell notes and highlights. Tests and users filter on `code`,
never on message text.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ..i18n import both


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class IssueCode:
    code: str
    severity: Severity
    title_zh: str
    title_en: str
    help_zh: str
    help_en: str
    tags: tuple[str, ...] = ()


def _c(code: str, sev: str, zh: str, en: str, help_zh: str, help_en: str, *tags: str) -> IssueCode:
    return IssueCode(code, Severity(sev), zh, en, help_zh, help_en, tags)


CODES: dict[str, IssueCode] = {
    c.code: c
    for c in (
        _c("required-missing", "error", "必填项为空", "Required value missing", "补上该列的值。", "Fill in this column.", "value"),
        _c("value-unparseable", "error", "无法识别的值", "Value not understood", "按列的格式重新填写。", "Retype it in the column's format.", "value"),
        _c("date-ambiguous", "error", "日期有歧义", "Ambiguous date", "写成 2026-03-05 或 2026年3月5日。", "Write it as 2026-03-05 or 2026年3月5日.", "value", "date"),
        _c("choice-unknown", "error", "不在可选值中", "Not an allowed value", "从下拉列表中选择。", "Pick a value from the dropdown.", "value"),
        _c("value-out-of-range", "error", "超出允许范围", "Out of range", "检查数值范围。", "Check the allowed range.", "value"),
        _c("percent-points", "warning", "数字已按百分数读取（15 即 15%）", "Read as percentage points (15 means 15%)", "请写成 15% 或 0.15。", "Write 15% or 0.15.", "value"),
        _c("duplicate-id", "error", "编号重复", "Duplicate ID", "每个编号只能出现一次。", "Each ID may appear once.", "reference"),
        _c("unknown-reference", "error", "引用了不存在的记录", "Unknown reference", "先在对应表中登记，或更正编号。", "Register it in its sheet first, or fix the ID.", "reference"),
        _c("date-order", "error", "日期先后顺序不对", "Dates out of order", "签约 ≤ 发货 ≤ 到货 ≤ 安装 ≤ 验收。", "signed <= shipped <= arrived <= installed <= accepted.", "date"),
        _c("payment-shares-sum", "error", "付款比例合计不是 100%", "Payment shares do not add up to 100%", "调整各付款节点比例。", "Adjust the milestone shares.", "payment"),
        _c("tier-mismatch", "warning", "分层与评分不符", "Tier disagrees with scores", "A：两项均 ≥4；C：两项均 ≤2；其余为 B。", "A: both >= 4; C: both <= 2; otherwise B.", "customer"),
        _c("sheet-missing-columns", "error", "缺少必需的列", "Required columns missing", "按模板补齐表头。", "Add the headers from the template.", "structure"),
        _c("setting-unknown", "warning", "未知的设置项", "Unknown setting", "检查设置项名称。", "Check the setting's key.", "settings"),
        _c("file-open-in-excel", "error", "文件正在被 Excel 打开", "File is open in Excel", "关闭 Excel 中的该文件后重试。", "Close it in Excel and run again.", "file"),
        _c("file-open-read", "warning", "文件正在被 Excel 打开，检查的是上次保存的版本", "File is open in Excel: checked as last saved", "先在 Excel 中保存。", "Save it in Excel first.", "file"),
        _c("file-missing", "error", "找不到文件", "File not found", "检查路径。", "Check the path.", "file"),
        _c("file-xlsb", "error", "不支持 .xlsb", ".xlsb not supported", "另存为 .xlsx。", "Save as .xlsx.", "file"),
        _c("file-encrypted", "error", "文件已加密", "File is encrypted", "去掉密码后另存为 .xlsx。", "Remove the password and save as .xlsx.", "file"),
        _c("file-corrupt", "error", "文件已损坏", "File is corrupt", "在 Excel 中打开修复后另存。", "Open and repair it in Excel, then save.", "file"),
        _c("file-hostile", "error", "文件结构异常，已拒绝", "Hostile file refused", "文件可能被篡改，请勿使用。", "The file may have been tampered with; do not use it.", "file"),
        _c("file-unsupported", "error", "无法无损修改该文件", "Cannot edit this file without loss", "使用 --sidecar 输出到单独文件。", "Use --sidecar to write a separate file.", "file"),
        # Writing files (io/safe_write.py and io/fsguard.py hold the full messages)
        _c("file-disk-full", "error", "磁盘空间不足", "Disk full", "腾出磁盘空间后重试；原文件未改动。", "Free some disk space and run again; the original is untouched.", "file"),
        _c("file-permission", "error", "没有写入权限", "No permission to write", "检查文件和文件夹的权限。", "Check the permissions of the file and its folder.", "file"),
        _c("file-write-failed", "error", "写入失败", "Writing failed", "查看说明中的系统原因后重试。", "See the system's reason in the message and run again.", "file"),
        _c("file-read-only", "error", "文件是只读的", "File is read-only", "如需写入，先取消只读。", "Clear the read-only flag first if it should be written.", "file"),
        _c("folder-read-only", "error", "文件夹是只读的", "Folder is read-only", "换一个可写的文件夹。", "Use a folder you can write to.", "file"),
        _c("file-unreadable", "error", "文件无法读取", "File cannot be read", "检查文件权限。", "Check the file's permissions.", "file"),
        _c("file-not-regular", "error", "不是普通文件", "Not a regular file", "给出工作簿文件或文件夹（不是管道或设备）。", "Give a workbook file or a folder (not a pipe or device).", "file"),
        _c("file-changed-during-run", "error", "文件在运行期间被修改", "File changed during the run", "未做替换；重新运行即可。", "Nothing was replaced; run again.", "file"),
        _c("file-owner-not-kept", "error", "无法保留文件所有者", "File owner cannot be kept", "以文件所有者身份运行。", "Run as the file's owner.", "file"),
        _c("file-not-ours", "error", "目标文件不是 salesdesk 生成的", "Target is not salesdesk's output", "换一个文件夹，或加 --force（先备份再替换）。", "Choose another folder, or add --force (backup first).", "file"),
        _c("output-name-clash", "error", "输出文件名冲突", "Output name clash", "两个编号只在大小写或写法上不同，请改其一。", "Two ids differ only in case or form; change one.", "file"),
        _c("output-is-folder", "error", "输出路径是文件夹", "Output path is a folder", "移走或改名该文件夹。", "Move or rename that folder.", "file"),
        _c("output-not-folder", "error", "输出位置不是文件夹", "Output location is not a folder", "--out 须指向文件夹。", "--out must name a folder.", "file"),
        _c("write-verify-failed", "error", "写出的文件未通过校验", "Written file failed verification", "原文件未改动；请把文件发给维护人员。", "The original is untouched; please send the file to the maintainers.", "file"),
        _c("status-column-no-room", "warning", "没有空列可放检查结果", "No free column for the status", "工作表已用到最后一列 XFD；检查结果见批注与报告。", "The sheet uses the last column (XFD); see the notes and the report.", "file"),
        _c("internal-error", "error", "内部错误", "Internal error", "请把文件发给维护人员。", "Please send the file to the maintainers.", "internal"),
        # Pricing and policy
        _c("price-below-floor", "error", "成交价低于底价", "Price below floor", "减少议价折扣，或改用赠品/促销。", "Reduce the negotiated discount, or offer a gift or promotion.", "pricing"),
        _c("approval-required", "warning", "超出销售权限，需要审批", "Needs approval above the rep", "按审批级别报批，或改用赠品/促销。", "Get the approval shown, or offer a gift or promotion.", "pricing"),
        _c("unknown-sku", "error", "价格表中没有该产品", "SKU not in price list", "先在价格表中登记该产品。", "Add the SKU to the price list first.", "pricing", "reference"),
        _c("policy-floor-above-list", "error", "底价高于目录价", "Floor above list price", "底价应 ≤ 目录价。", "The floor must be <= the list price.", "policy"),
        _c("policy-tiers-unordered", "error", "折扣档位重复或无序", "Overlapping or unordered tiers", "门槛递增且不重复，折扣不递减。", "Thresholds rise without repeats; rates never fall.", "policy"),
        _c("policy-rate-out-of-range", "error", "折扣率超出 0-100%", "Rate outside 0-100%", "折扣率应在 0 到 100% 之间。", "Rates lie between 0 and 100%.", "policy"),
        _c("policy-ladder-unordered", "error", "审批权限上限无序", "Approval ladder out of order", "销售代表上限 ≤ 销售经理上限。", "The rep's limit must be <= the manager's.", "policy"),
        _c("quote-has-no-lines", "warning", "报价单没有明细", "Quote has no lines", "在报价明细中添加产品。", "Add lines to the quote.", "pricing"),
        # Customer documents: each of these makes a quote a draft (issue #8)
        _c("quote-qty-invalid", "error", "数量须为正整数", "Quantity must be a positive whole number", "填写大于 0 的整数数量。", "Type a whole quantity above 0.", "pricing", "value"),
        _c("list-price-missing", "error", "价格表中没有可用的目录价", "No usable list price", "在价格表中填写数字目录价（不能写「面议」）。", "Type a numeric list price in the price list (not 'on request').", "pricing", "reference"),
        _c("floor-price-missing", "error", "价格表中没有底价", "No floor price", "在价格表中填写底价，才能判断是否低于底价。", "Type the floor price in the price list so the floor can be checked.", "pricing", "reference"),
        _c("customer-not-found", "error", "客户档案中没有该客户", "Customer not in the register", "先在客户档案中登记，或更正客户编号。", "Register the customer first, or fix the ID.", "pricing", "reference"),
        _c("quote-valid-before-date", "error", "有效期早于报价日期", "Valid until is before the quote date", "有效期应晚于报价日期。", "The validity must end after the quote date.", "pricing", "date"),
        _c("quote-expired", "warning", "报价已过有效期", "Quote validity has passed", "更新报价日期和有效期后重新报价。", "Update the quote date and validity, then quote again.", "pricing", "date"),
        _c("reference-sheet-missing", "warning", "找不到引用的数据表", "Referenced sheet not found", "把该工作簿放在同一文件夹中，或一并指定。", "Put that workbook in the same folder, or name it too.", "reference"),
        _c("company-name-missing", "warning", *both("Company name not set"),
           *both("Fill in company_name (and the letterhead: address, phone, tax ID, bank) on the settings sheet."), "settings", "pricing"),
        _c("quote-not-found", "error", "找不到报价单", "Quote not found", "检查报价单号。", "Check the quote ID.", "pricing"),
        _c("findings-elsewhere", "warning", "本命令范围之外的问题", "Findings outside this command", "运行 salesdesk check 查看。", "Run salesdesk check to see them.", "summary"),
        # Deadlines (refresh)
        _c("calendar-unofficial-year", "warning", "该年官方放假安排未知，按规则估算", "Official holiday schedule unknown: estimated",
           "公布后在“日历调整”表中录入放假与调休上班日。", "Type the published holidays and worked weekends into Calendar overrides.", "calendar"),
        _c("calendar-country-unknown", "warning", "不支持的日历国家", "Calendar country not supported", "填写 ISO 国家代码，如 CN。", "Use an ISO country code such as CN.", "calendar", "settings"),
        _c("business-hours-unreadable", "warning", "工作时间无法识别", "Business hours not understood", "写成 09:00-12:00,13:30-18:00。", "Write 09:00-12:00,13:30-18:00.", "calendar", "settings"),
        _c("feedback-loop-open", "warning", "改进已上线但未告知客户", "Improvement shipped, customer not told", "告知提出建议的客户并填写告知时间。", "Tell the customer and fill in when.", "deadline", "feedback"),
        # The surgical writer (issue 7)
        _c("file-write-invalid", "error", "修改结果未通过结构校验，文件未改动", "Edit failed the structural check; file unchanged", "使用 --sidecar 输出到单独文件，并把文件发给维护人员。", "Use --sidecar, and send the file to the maintainers.", "file"),
        _c("file-ambiguous-parts", "error", "文件中的部件名称有歧义", "Package names a part ambiguously", "在 Excel 中打开并另存为 .xlsx。", "Open it in Excel and save it as .xlsx again.", "file"),
        _c("file-sheet-protected", "warning", "工作表有密码保护，salesdesk 仍写入了批注", "Sheet is password-protected: annotated anyway", "如不希望写入，请改用 --sidecar。", "Use --sidecar if the sheet must not change.", "file"),
        # Reading (issue #8): nothing unread without saying so, no odd value taken as blank
        _c("sheet-unreadable", "error", "工作表无法读取", "Sheet could not be read", "在 Excel 中打开该文件，检查此工作表后另存为 .xlsx。", "Open the file in Excel, check this sheet and save it as .xlsx again.", "file"),
        _c("value-not-finite", "error", "不是有效数字（NaN/无穷大）", "Not a finite number (NaN/infinity)", "填写实际数值。", "Enter the actual number.", "value"),
        _c("value-too-large", "error", "数值大得不合理", "Number implausibly large", "检查数值（是否多打了位数）。", "Check the number (extra digits?).", "value"),
        _c("cell-error-value", "error", "单元格是错误值", "Cell holds an Excel error", "修正公式或引用，使单元格显示正常的值。", "Fix the formula or its references so the cell shows a value.", "value"),
        _c("formula-no-value", "error", "公式没有计算结果", "Formula has no calculated value", "在 Excel 或 LibreOffice 中打开并保存一次，让公式算出结果。", "Open and save the workbook once in Excel or LibreOffice so its formulas are calculated.", "value"),
        _c("file-not-read", "error", "未读取该文件", "File not read", "另存为 .xlsx 后再运行。", "Save it as .xlsx and run again.", "file"),
        _c("folder-no-workbook", "error", "没有找到工作簿", "No workbook found", "检查路径：应包含 .xlsx/.xlsm/.xls/.ods 文件。", "Check the path: it should hold .xlsx/.xlsm/.xls/.ods files.", "file"),
        _c("sheet-cells-cut", "warning", "工作表过于稀疏，远处的单元格未读取", "Sparse sheet: far-away cells not read", "删除表格右侧远处的单元格内容。", "Clear the far-away cells to the right of the table.", "file"),
    )
}


@dataclass(frozen=True)
class Issue:
    """One finding, pointing at a cell (`row`/`column` may be None for a whole sheet or file)."""

    file: str
    sheet: str
    row: int | None
    column: str | None  # Excel column letter, e.g. "C"
    code: str
    message_zh: str
    message_en: str
    column_key: str | None = None
    value: str | None = None

    @property
    def severity(self) -> Severity:
        return CODES[self.code].severity

    @property
    def cell(self) -> str | None:
        if self.row is None or self.column is None:
            return None
        return f"{self.column}{self.row}"

    def message(self, lang: str) -> str:
        return self.message_zh if lang == "zh" else self.message_en

    def location(self) -> str:
        where = f"{self.file}:{self.sheet}" if self.sheet else self.file
        if self.cell:
            return f"{where}!{self.cell}"
        if self.row is not None:
            return f"{where}!{self.row}"
        return where

    def to_json(self, lang: str) -> dict[str, object]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "column_key": self.column_key,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message(lang),
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "value": self.value,
        }


SEVERITY_LABELS = {"zh": {Severity.ERROR: "错误", Severity.WARNING: "提示"}, "en": {Severity.ERROR: "error", Severity.WARNING: "warning"}}


def file_issue(path: str, code: str, zh: str, en: str) -> Issue:
    """An issue about a whole file (refused, unreadable)."""
    return Issue(file=path, sheet="", row=None, column=None, code=code, message_zh=zh, message_en=en)


def has_errors(issues: list[Issue]) -> bool:
    return any(i.severity is Severity.ERROR for i in issues)
