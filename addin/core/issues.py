"""Issues are data: a stable code, a severity, where, and a message in zh and en.

Checks return lists of `Issue`; the same list becomes the CLI report, the
JSON output, cell notes and highlights. Tests and users filter on `code`,
never on message text.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ..i18n import N_, translator


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class IssueCode:
    """A stable code with its English title and help (msgids); other languages come from the catalogue."""

    code: str
    severity: Severity
    title_en: str
    help_en: str
    tags: tuple[str, ...] = ()

    def title(self, lang: str) -> str:
        return translator(lang)(self.title_en)

    def help(self, lang: str) -> str:
        return translator(lang)(self.help_en)

    @property
    def title_zh(self) -> str:
        return self.title("zh")

    @property
    def help_zh(self) -> str:
        return self.help("zh")


def _c(code: str, sev: str, title: str, help: str, *tags: str) -> IssueCode:
    return IssueCode(code, Severity(sev), title, help, tags)


CODES: dict[str, IssueCode] = {
    c.code: c
    for c in (
        _c("required-missing", "error", N_("Required value missing"), N_("Fill in this column."), "value"),
        _c("value-unparseable", "error", N_("Value not understood"), N_("Retype it in the column's format."), "value"),
        _c("date-ambiguous", "error", N_("Ambiguous date"), N_("Write it as 2026-03-05 (year-month-day)."), "value", "date"),
        _c("choice-unknown", "error", N_("Not an allowed value"), N_("Pick a value from the dropdown."), "value"),
        _c("value-out-of-range", "error", N_("Out of range"), N_("Check the allowed range."), "value"),
        _c("date-implausible", "error", N_("Date outside the plausible range"), N_("Check the year (a typo?); the settings can widen the range."), "value", "date"),
        _c("amount-implausible", "error", N_("Amount implausibly small"), N_("Amounts are in yuan, at least 0.01: check the number."), "value"),
        _c("term-implausible", "error", N_("Payment term implausibly long"), N_("Check the number of working days (extra digits?)."), "value"),
        _c("percent-points", "warning", N_("Read as percentage points (15 means 15%)"), N_("Write 15% or 0.15."), "value"),
        _c("duplicate-id", "error", N_("Duplicate ID"), N_("Each ID may appear once."), "reference"),
        _c("customer-row-used", "warning", N_("Customer ID on two rows: the first is used"), N_("Give each customer its own ID in the customer register; until then every output uses the first row."), "reference"),
        _c("unknown-reference", "error", N_("Unknown reference"), N_("Register it in its sheet first, or fix the ID."), "reference"),
        _c("date-order", "error", N_("Dates out of order"), N_("signed <= shipped <= arrived <= installed <= accepted."), "date"),
        _c("payment-order-ambiguous", "error", N_("Payments of an order ID that several orders keep"),
           N_("Give each order its own ID and its payments the right one; until then its milestones are not priced, chased nor counted."), "payment", "consistency"),
        _c("payment-shares-sum", "error", N_("Payment shares do not add up to 100%"), N_("Adjust the milestone shares."), "payment"),
        _c("amount-lines-mismatch", "error", N_("Contract amount disagrees with the order's lines"),
           N_("Make the amount and the lines (quantity x unit price) agree; if the line prices are before VAT, say so in Line prices excl. VAT."), "payment", "consistency"),
        _c("amount-quote-mismatch", "error", N_("Contract amount disagrees with its quote's total incl. VAT"),
           N_("Make the amount and the quote agree, or name the quote the order really came from."), "payment", "consistency"),
        _c("payment-amount-mismatch", "error", N_("Payment amount is not its share of the contract amount"),
           N_("Correct the share or the contract amount; salesdesk refresh writes the amount again."), "payment", "consistency"),
        _c("prepay-share-mismatch", "error", N_("Prepayment share differs from the quote's"),
           N_("The quote was priced with its prepayment share (and its discount): make the order's prepayment the same, or quote again."), "payment", "consistency"),
        _c("quote-orders-terms-mismatch", "error", N_("Orders drawn from one quote disagree on the contract's terms"),
           N_("Give every order of the quote the same penalty and response promise, or quote them separately."), "payment", "consistency"),
        _c("response-promise-mismatch", "error", N_("Response promise differs between the requirement form and the order"),
           N_("Make the requirement form and the order's contract promise agree."), "requirement", "consistency"),
        _c("text-hidden-characters", "warning", N_("Text holds invisible or control characters"), N_("Retype the text: such characters print differently from what the cell shows; a quote resting on it stays a draft."), "value"),
        _c("clauses-defaults-used", "warning", N_("Contract written with salesdesk's default clauses"), N_("Type your company's clauses into the clauses sheet of the settings workbook (salesdesk templates writes one)."), "value"),
        _c("competitor-category-empty", "error", N_("No competitor observation of that category"), N_("Check the category's spelling against the competitors sheet, or leave --category out."), "value"),
        _c("tier-mismatch", "warning", N_("Tier disagrees with scores"), N_("A: both >= 4; C: both <= 2; otherwise B."), "customer"),
        _c("sheet-missing-columns", "error", N_("Required columns missing"), N_("Add the headers from the template."), "structure"),
        _c("setting-unknown", "warning", N_("Unknown setting"), N_("Check the setting's key."), "settings"),
        _c("file-open-in-excel", "error", N_("File is open in Excel"), N_("Close it in Excel and run again."), "file"),
        _c("file-open-read", "warning", N_("File is open in Excel: checked as last saved"), N_("Save it in Excel first."), "file"),
        _c("file-missing", "error", N_("File not found"), N_("Check the path."), "file"),
        _c("file-xlsb", "error", N_(".xlsb not supported"), N_("Save as .xlsx."), "file"),
        _c("file-encrypted", "error", N_("File is encrypted"), N_("Remove the password and save as .xlsx."), "file"),
        _c("file-corrupt", "error", N_("File is corrupt"), N_("Open and repair it in Excel, then save."), "file"),
        _c("file-hostile", "error", N_("Hostile file refused"), N_("The file may have been tampered with; do not use it."), "file"),
        _c("file-unsupported", "error", N_("Cannot edit this file without loss"), N_("Use --sidecar to write a separate file."), "file"),
        _c("sheet-near-miss", "error", N_("Sheet looks like one of salesdesk's but lacks required columns: not read"), N_("Map its headers with salesdesk map, or add those columns."), "structure"),
        _c("nothing-recognised", "error", N_("No sheet recognised"), N_("Headers must match the templates or their usual variants; salesdesk map proposes a header mapping."), "structure"),
        _c("mapping-stale", "warning", N_("Header mapping entry not applied"), N_("Correct or delete the entry (salesdesk map proposes a new one)."), "structure"),
        _c("date-empty-marker", "warning", N_("Excel's empty-date marker (1900-01-00 or 1900-01-01): read as no date"), N_("Clear the cell, or type the real date."), "value", "date"),
        _c("date-order-inferred", "warning", N_("Ambiguous dates read in the order the column's other dates show"), N_("Check the column; 2026-03-05 is never ambiguous."), "value", "date"),
        _c("value-supplied", "warning", N_("Column supplied by salesdesk (not written into the sheet)"), N_("Add the column to the sheet to use your own ids or owners."), "structure"),
        _c("qty-not-whole", "error", N_("Quantity is not whole, and its unit is counted in pieces"), N_("Type a whole quantity, or a unit that allows decimals (kg, m, L ...) in the line or the price list."), "value"),
        _c("stacked-blocks-reordered", "error", N_("A stacked block's header has its columns in another order: its rows were not read"), N_("Put the block's columns in the same order as the first block's, or give it its own sheet."), "structure"),
        _c("totals-row", "warning", N_("A totals row (合计, Total) was not read as a row"), N_("Nothing to do; salesdesk sums the rows itself."), "structure"),
        _c("stacked-blocks", "warning", N_("The sheet holds stacked blocks: repeated header rows and their title rows were not read as data"), N_("Nothing to do if each block is one rep's or one site's list; a title row's text is not kept as a column."), "structure"),
        _c("continuation-rows", "warning", N_("Rows without an id read as further lines of the row above"), N_("Nothing to do if the sheet lists one order over several rows; otherwise fill in the ids."), "structure"),
        _c("import-value-as-typed", "warning", N_("Value copied over as typed: not understood"), N_("Correct it in the imported workbook; salesdesk check reports it there too."), "import"),
        _c("import-column-named", "warning", N_("Column without a header carried over under a name salesdesk gave it"), N_("Rename the column in the imported workbook if the name does not say what it holds."), "import"),
        _c("import-value-lost", "warning", N_("Value not carried over: the source holds no value for it"), N_("Open the source in Excel, let it calculate and save, then import again; or type the value in the imported workbook."), "import"),
        _c("import-error-cell", "error", N_("Excel error value in the source: carried over as that error"), N_("Correct the cell in the imported workbook (or the source's formula, then import again)."), "import"),
        _c("import-formulas-as-values", "warning", N_("Formulas carried over as their values"), N_("Retype a formula in the imported workbook if it should keep calculating; the source is unchanged."), "import"),
        _c("import-value-cut", "warning", N_("Text longer than a cell holds: cut to 32,767 characters"), N_("Keep the full text elsewhere (a document); the source is unchanged."), "import"),
        _c("import-row-skipped", "warning", N_("Row not carried over"), N_("Copy it by hand if it holds data (a line without a quantity is a product not ordered)."), "import"),
        _c("owner-machine-account", "warning", N_("Owner typed is a computer account, not a rep: not used"), N_("Type the rep's own name in the mapping's owner column or the settings' reps by folder."), "structure"),
        _c("import-side-table-skipped", "warning", N_("Side table beside the sheet's rows not carried over"), N_("Copy it by hand if it holds data; it is not part of any row."), "import"),
        _c("import-sheet-skipped", "warning", N_("Sheet not carried over: not one of salesdesk's kinds"), N_("Map its headers with salesdesk map if it holds customers, orders, quotes or tickets."), "import"),
        _c("copy-of", "warning", N_("Sheet is a copy of another workbook's sheet: read once"), N_("Nothing to do; move the copy out of the folders summarised, or give it its own rows if it is meant as data."), "structure"),
        _c("filtered-copy", "warning", N_("Sheet is a filtered copy of another sheet: not read again"), N_("Nothing to do; delete the copy or give it its own rows if it is meant as data."), "structure"),
        # Writing files (io/safe_write.py and io/fsguard.py hold the full messages)
        _c("file-disk-full", "error", N_("Disk full"), N_("Free some disk space and run again; the original is untouched."), "file"),
        _c("file-permission", "error", N_("No permission to write"), N_("Check the permissions of the file and its folder."), "file"),
        _c("file-write-failed", "error", N_("Writing failed"), N_("See the system's reason in the message and run again."), "file"),
        _c("file-read-only", "error", N_("File is read-only"), N_("Clear the read-only flag first if it should be written."), "file"),
        _c("folder-read-only", "error", N_("Folder is read-only"), N_("Use a folder you can write to."), "file"),
        _c("file-unreadable", "error", N_("File cannot be read"), N_("Check the file's permissions."), "file"),
        _c("file-not-regular", "error", N_("Not a regular file"), N_("Give a workbook file or a folder (not a pipe or device)."), "file"),
        _c("file-changed-during-run", "error", N_("File changed during the run"), N_("Nothing was replaced; run again."), "file"),
        _c("file-owner-not-kept", "error", N_("File owner cannot be kept"), N_("Run as the file's owner."), "file"),
        _c("file-not-ours", "error", N_("Target is not salesdesk's output"), N_("Choose another folder, or add --force (backup first)."), "file"),
        _c("output-name-clash", "error", N_("Output name clash"), N_("Two ids differ only in case or form; change one."), "file"),
        _c("output-is-folder", "error", N_("Output path is a folder"), N_("Move or rename that folder."), "file"),
        _c("output-not-folder", "error", N_("Output location is not a folder"), N_("--out must name a folder."), "file"),
        _c("output-folder-missing", "error", N_("Output folder does not exist"), N_("Create the folder first, or name one that exists."), "file"),
        _c("write-verify-failed", "error", N_("Written file failed verification"), N_("The original is untouched; please send the file to the maintainers."), "file"),
        _c("status-column-no-room", "warning", N_("No free column for the status"), N_("The sheet uses the last column (XFD); see the notes and the report."), "file"),
        _c("internal-error", "error", N_("Internal error"), N_("Please send the file to the maintainers."), "internal"),
        # Pricing and policy
        _c("price-below-floor", "error", N_("Price below floor"), N_("Reduce the negotiated discount, or offer a gift or promotion."), "pricing"),
        _c("approval-required", "warning", N_("Needs approval above the rep"), N_("Get the approval shown, or offer a gift or promotion."), "pricing"),
        _c("unknown-sku", "error", N_("SKU not in price list"), N_("Add the SKU to the price list first."), "pricing", "reference"),
        _c("policy-floor-above-list", "error", N_("Floor above list price"), N_("The floor must be <= the list price."), "policy"),
        _c("policy-tiers-unordered", "error", N_("Overlapping or unordered tiers"), N_("Thresholds rise without repeats; rates never fall."), "policy"),
        _c("policy-rate-out-of-range", "error", N_("Rate outside 0-100%"), N_("Rates lie between 0 and 100%."), "policy"),
        _c("policy-ladder-unordered", "error", N_("Approval ladder out of order"), N_("The rep's limit must be <= the manager's."), "policy"),
        _c("quote-has-no-lines", "warning", N_("Quote has no lines"), N_("Add lines to the quote."), "pricing"),
        # Customer documents: each of these makes a quote a draft (issue #8)
        _c("quote-qty-invalid", "error", N_("Quantity must be a positive whole number"), N_("Type a whole quantity above 0."), "pricing", "value"),
        _c("list-price-missing", "error", N_("No usable list price"), N_("Type a numeric list price in the price list (not 'on request')."), "pricing", "reference"),
        _c("floor-price-missing", "error", N_("No floor price"), N_("Type the floor price in the price list so the floor can be checked."), "pricing", "reference"),
        _c("customer-not-found", "error", N_("Customer not in the register"), N_("Register the customer first, or fix the ID."), "pricing", "reference"),
        _c("quote-valid-before-date", "error", N_("Valid until is before the quote date"), N_("The validity must end after the quote date."), "pricing", "date"),
        _c("approval-insufficient", "error", N_("Approver lacks the authority"), N_("The approver's role on the Reps sheet must cover the level the discount needs; ask a sales manager or director."), "pricing", "approval"),
        _c("approval-stale", "error", N_("Quote changed after its approval"), N_("Lines, prices, discounts or prepayment changed since the approval: have it approved again (new approval time)."), "pricing", "approval"),
        _c("opportunity-won-without-quote", "error", N_("Won opportunity without its quote"), N_("Fill in the quote ID the opportunity was won with."), "pipeline", "reference"),
        _c("opportunity-lost-without-reason", "error", N_("Lost opportunity without a reason"), N_("Write why it was lost (price, competitor, timing, ...): the summary ranks the reasons."), "pipeline"),
        _c("opportunity-close-past", "warning", N_("Expected close has passed on an open opportunity"), N_("Move the expected close date, or mark it won or lost."), "pipeline", "date"),
        _c("order-from-draft-quote", "error", N_("Order not drawn: the quote is a draft"), N_("Clear the draft's reasons (or get the approval), price it again, then draw the order; --draft draws it anyway."), "pipeline"),
        _c("order-drawn-from-draft", "warning", N_("Order drawn from a draft quote"), N_("The order rests on a quote that is still a draft: clear its reasons before signing."), "pipeline"),
        _c("order-book-missing", "error", N_("No order progress book to append to"), N_("Put the order progress book (salesdesk templates writes one) beside the quote calculator, or name it as a PATH."), "pipeline", "file"),
        _c("quote-lost-without-reason", "warning", N_("Lost quote without a reason"), N_("Write why the quote was lost: the summary ranks the reasons."), "pipeline"),
        _c("contract-no-duplicate", "error", N_("Contract number used twice"), N_("Each contract has its own number: correct one of them (the contract draft proposes the next free one)."), "reference"),
        _c("quote-expired", "warning", N_("Quote validity has passed"), N_("Update the quote date and validity, then quote again."), "pricing", "date"),
        _c("quote-sent-before-request", "error", N_("Quote sent before it was requested"), N_("Check Requested at and Sent at on the quote."), "pricing", "date"),
        _c("competitor-stale", "warning", N_("Competitor observation is stale"), N_("Check the competitor's price and terms again, then update Date observed."), "pricing", "date"),
        _c("competitor-no-match", "warning", N_("No product of ours to compare with"),
           N_("Fill in Our SKU, or a category that the price list has."), "pricing", "reference"),
        _c("reference-sheet-missing", "warning", N_("Referenced sheet not found"), N_("Put that workbook in the same folder, or name it too."), "reference"),
        _c("quote-not-found", "error", N_("Quote not found"), N_("Check the quote ID."), "pricing"),
        _c("findings-elsewhere", "warning", N_("Findings outside this command"), N_("Run salesdesk check to see them."), "summary"),
        _c("rows-not-checked", "warning", N_("Rows of other orders not checked here"),
           N_("In a large book a document reads only the rows it rests on; run salesdesk check to check the rest."), "summary"),
        _c("company-name-missing", "warning", N_("Company name not set"),
           N_("Fill in company_name (and the letterhead: address, phone, tax ID, bank) on the settings sheet."), "settings", "pricing"),
        # The order's paperwork (issue 14: salesdesk forms)
        _c("requirement-install-date-missing", "error", N_("Installation in scope but no installation-complete date"),
           N_("Fill in the installation-complete date; it is not the arrival date."), "requirement", "date"),
        _c("requirement-install-before-arrival", "error", N_("Installation complete before arrival"), N_("Installation is complete on or after the arrival date."), "requirement", "date"),
        _c("requirement-response-too-strict", "error", N_("Response promise faster than the company can give"),
           N_("Promise at least the fastest response in settings (fastest_response_hours), or change that setting."), "requirement"),
        _c("requirement-qty-differs", "error", N_("Quantity differs from the quote or order line"), N_("Make the confirmed quantity and the quote's (or order's) line agree."), "requirement"),
        _c("requirement-not-found", "error", N_("No requirement rows"), N_("Fill in the requirements sheet for this quote or order."), "requirement"),
        _c("order-not-found", "error", N_("Order not found"), N_("Check the order ID."), "documents"),
        _c("order-has-no-lines", "error", N_("Order has no lines"), N_("Add the order's lines (order lines sheet)."), "documents"),
        _c("contract-value-missing", "error", N_("Value for the contract missing on the requirement form"), N_("Fill it in on the requirements sheet; the contract never takes a typed number."), "documents"),
        _c("clause-placeholder-unknown", "error", N_("Clause uses an unknown placeholder"), N_("Use only the placeholders the clauses sheet's help lists (acceptance_days, penalty_rate, ...), in braces."), "documents"),
        _c("clause-text-missing", "error", N_("Clause has no text in this language"), N_("Fill in the clause's text in both languages, or delete the row."), "documents"),
        _c("service-before-acceptance", "warning", N_("Service report before acceptance"), N_("The service report follows acceptance: record it (accepted at) first."), "documents"),
        _c("service-contact-missing", "warning", N_("No after-sales contact"), N_("Fill in service_contact and service_phone on the settings sheet."), "documents", "settings"),
        # Deadlines (refresh)
        _c("calendar-unofficial-year", "warning", N_("Official holiday schedule unknown: estimated"), N_("Type the published holidays and worked weekends into Calendar overrides."), "calendar"),
        _c("calendar-country-unknown", "warning", N_("Calendar country not supported"), N_("Use an ISO country code such as CN."), "calendar", "settings"),
        _c("business-hours-unreadable", "warning", N_("Business hours not understood"), N_("Write 09:00-12:00,13:30-18:00."), "calendar", "settings"),
        _c("feedback-loop-open", "warning", N_("Improvement shipped, customer not told"), N_("Tell the customer and fill in when."), "deadline", "feedback"),
        # The seller's playbook (issue 24)
        _c("referral-self", "error", N_("A customer cannot refer itself"), N_("Fix the referrer or the referred customer."), "reference"),
        _c("lead-no-contact", "warning", N_("Lead has no phone, e-mail or WeChat"), N_("Fill in one, or the 24-hour follow-up cannot be sent."), "deadline"),
        _c("root-cause-missing", "warning", N_("Complaint followed up, root cause not recorded"), N_("Review the complaint and pick its root cause."), "feedback"),
        _c("compensation-cost-missing", "warning", N_("Compensation given, its cost not recorded"), N_("Fill in what the compensation cost; until then the month's complaint cost is unknown."), "feedback"),
        _c("root-cause-unknown", "warning", N_("Root cause not in the settings' list"), N_("Pick one of the complaint causes on the settings sheet, or add it there."), "feedback", "settings"),
        _c("survey-not-filled", "warning", N_("Survey form has no score ticked"), N_("Tick one box per line (replace □ with ☑ or type x), or fill the score in the feedback log."), "feedback"),
        _c("survey-no-feedback-log", "error", N_("No feedback log to append the survey to"), N_("Put the feedback log (Tickets sheet) beside the survey or name it on the command line."), "feedback", "file"),
        _c("survey-score-ambiguous", "warning", N_("More than one score ticked on a survey line"), N_("Ask the customer which score they meant and type it into the feedback log."), "feedback"),
        _c("survey-already-imported", "warning", N_("Survey already in the feedback log"), N_("Nothing appended: its rows are there."), "feedback"),
        # The surgical writer (issue 7)
        _c("file-write-invalid", "error", N_("Edit failed the structural check; file unchanged"), N_("Use --sidecar, and send the file to the maintainers."), "file"),
        _c("file-ambiguous-parts", "error", N_("Package names a part ambiguously"), N_("Open it in Excel and save it as .xlsx again."), "file"),
        _c("not-annotated", "warning", N_("Read but never annotated (CSV text, or a sheet without a header row)"), N_("Its findings are listed here; save it as .xlsx with a header row to get notes and highlights in it."), "file"),
        _c("file-sheet-protected", "warning", N_("Sheet is password-protected: annotated anyway"), N_("Use --sidecar if the sheet must not change."), "file"),
        # Reading (issue #8): nothing unread without saying so, no odd value taken as blank
        _c("sheet-unreadable", "error", N_("Sheet could not be read"), N_("Open the file in Excel, check this sheet and save it as .xlsx again."), "file"),
        _c("value-not-finite", "error", N_("Not a finite number (NaN/infinity)"), N_("Enter the actual number."), "value"),
        _c("value-too-large", "error", N_("Number implausibly large"), N_("Check the number (extra digits?)."), "value"),
        _c("cell-error-value", "error", N_("Cell holds an Excel error"), N_("Fix the formula or its references so the cell shows a value."), "value"),
        _c("formula-no-value", "error", N_("Formula has no calculated value"), N_("Open and save the workbook once in Excel or LibreOffice so its formulas are calculated."), "value"),
        _c("file-not-read", "error", N_("File not read"), N_("Save it as .xlsx and run again."), "file"),
        _c("folder-no-workbook", "error", N_("No workbook found"), N_("Check the path: it should hold .xlsx/.xlsm/.xls/.ods files."), "file"),
        _c("sheet-cells-cut", "warning", N_("Sparse sheet: far-away cells not read"), N_("Clear the far-away cells to the right of the table."), "file"),
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
        return {"zh": self.message_zh}.get(lang, self.message_en)

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


SEVERITY_LABELS = {Severity.ERROR: N_("error"), Severity.WARNING: N_("warning")}


def severity_label(severity: Severity, lang: str) -> str:
    return translator(lang)(SEVERITY_LABELS[severity])


def file_issue(path: str, code: str, zh: str, en: str) -> Issue:
    """An issue about a whole file (refused, unreadable)."""
    return Issue(file=path, sheet="", row=None, column=None, code=code, message_zh=zh, message_en=en)


def has_errors(issues: list[Issue]) -> bool:
    return any(i.severity is Severity.ERROR for i in issues)
