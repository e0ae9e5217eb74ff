"""`refresh --ics FILE`: the open to-do items as an iCalendar file (RFC 5545, via `icalendar`).

UIDs are derived from what an item is about (sheet, record, action), so a
re-import updates the events instead of duplicating them; DTSTAMP is the
run's as-of time, so the same run writes the same bytes. Each event has a
display alarm before its due time.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from pathlib import Path

from icalendar import Alarm, Calendar, Event

from ..deadlines.rules import TodoItem
from ..deadlines.todo_sheet import due_text, state_label
from ..i18n import N_, translator
from .safe_write import save_new_bytes


def event_uid(item: TodoItem) -> str:
    digest = hashlib.sha1(f"{item.sheet}|{item.subject}|{item.action}".encode("utf-8")).hexdigest()[:20]
    return f"{digest}@salesdesk"


def event_uids(items: list[TodoItem]) -> list[str]:
    """One UID per item, each distinct: two items about the same record and action (the same order id in two
    reps' books) get `-2`, `-3` ... in list order, so a calendar keeps every open clock instead of merging them."""
    seen: dict[str, int] = {}
    uids = []
    for item in items:
        uid = event_uid(item)
        seen[uid] = seen.get(uid, 0) + 1
        uids.append(uid if seen[uid] == 1 else uid.replace("@", f"-{seen[uid]}@", 1))
    return uids


def calendar_bytes(items: list[TodoItem], as_of: datetime, lang: str, alarm_minutes: int = 60) -> bytes:
    """One VEVENT per to-do item (every open clock once): summary with state, action, record and customer; the
    description adds the owner rep, the amount still open, the contact and phone, and where the row is."""
    cal = Calendar()
    cal.add("prodid", f"-//salesdesk//refresh//{lang.upper()}")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", translator(lang)(N_("salesdesk to-do")))
    _ = translator(lang)
    for item, uid in zip(items, event_uids(items)):
        open_amount = f"¥{item.amount:,.2f}" if item.amount is not None else ""
        event = Event()
        event.add("uid", uid)  # the same UID whether it is upcoming or overdue: a re-import moves it
        event.add("dtstamp", as_of)
        late = item.state == "breached"
        since = _("overdue since {date}", date=due_text(item.due.astimezone(as_of.tzinfo)))
        if late:  # not left at a past date nobody scrolls back to: an all-day event on the run's day
            event.add("dtstart", as_of.date())
            event.add("dtend", as_of.date() + timedelta(days=1))
        else:
            event.add("dtstart", item.due)
            event.add("dtend", item.due + timedelta(minutes=30))
        who = " ".join(x for x in (item.customer_id, item.customer_name) if x)
        subject = item.subject_text(lang)
        parts = [f"[{state_label(item.state, lang)}] {item.action_text(lang)}", subject if item.subject != item.customer_id else "", who, since if late else ""]
        event.add("summary", " · ".join(p for p in parts if p))
        details = (
            since if late else "",
            _("Owner rep: {rep}", rep=item.owner_rep) if item.owner_rep else "",
            _("Amount open: {amount}", amount=open_amount) if open_amount else "",
            " ".join(x for x in (item.contact, item.phone) if x),
            f"{item.file}:{item.sheet}!{item.row}",
        )
        event.add("description", "\n".join(x for x in details if x))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", item.action_text(lang))
        # An overdue item reminds at the run's time of day; any other, before its due time.
        alarm.add("trigger", timedelta(hours=as_of.hour, minutes=as_of.minute) if late else timedelta(minutes=-alarm_minutes))
        event.add_component(alarm)
        cal.add_component(event)
    cal.add_missing_timezones()  # a VTIMEZONE for every TZID used (RFC 5545 3.6.5)
    return bytes(cal.to_ical())


def write_ics(path: Path, items: list[TodoItem], as_of: datetime, lang: str, alarm_minutes: int = 60, backups_kept: int = 5) -> Path:
    # An existing file is replaced only when salesdesk wrote it (its PRODID); a rep's own calendar is refused.
    save_new_bytes(calendar_bytes(items, as_of, lang, alarm_minutes), path, backups_kept, owned=lambda old: b"PRODID:-//salesdesk//" in old)
    return path
