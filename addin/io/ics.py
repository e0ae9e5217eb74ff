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
from ..deadlines.todo_sheet import state_label
from ..i18n import N_, translator
from .safe_write import save_new_bytes


def event_uid(item: TodoItem) -> str:
    digest = hashlib.sha1(f"{item.sheet}|{item.subject}|{item.action}".encode("utf-8")).hexdigest()[:20]
    return f"{digest}@salesdesk"


def calendar_bytes(items: list[TodoItem], as_of: datetime, lang: str, alarm_minutes: int = 60) -> bytes:
    cal = Calendar()
    cal.add("prodid", f"-//salesdesk//refresh//{lang.upper()}")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", translator(lang)(N_("salesdesk to-do")))
    for item in items:
        event = Event()
        event.add("uid", event_uid(item))
        event.add("dtstamp", as_of)
        event.add("dtstart", item.due)
        event.add("dtend", item.due + timedelta(minutes=30))
        who = " ".join(x for x in (item.customer_id, item.customer_name) if x)
        parts = [f"[{state_label(item.state, lang)}] {item.action_text(lang)}", item.subject if item.subject != item.customer_id else "", who]
        event.add("summary", " · ".join(p for p in parts if p))
        event.add("description", f"{item.file}:{item.sheet}!{item.row}")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", item.action_text(lang))
        alarm.add("trigger", timedelta(minutes=-alarm_minutes))
        event.add_component(alarm)
        cal.add_component(event)
    cal.add_missing_timezones()  # a VTIMEZONE for every TZID used (RFC 5545 3.6.5)
    return bytes(cal.to_ical())


def write_ics(path: Path, items: list[TodoItem], as_of: datetime, lang: str, alarm_minutes: int = 60, backups_kept: int = 5) -> Path:
    # An existing file is replaced only when salesdesk wrote it (its PRODID); a rep's own calendar is refused.
    save_new_bytes(calendar_bytes(items, as_of, lang, alarm_minutes), path, backups_kept, owned=lambda old: b"PRODID:-//salesdesk//" in old)
    return path
