"""Dates and times in short Norwegian, as the bot writes them: «15. nov.», «i går kl. 09.15»."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

MONTHS = ["jan.", "feb.", "mars", "apr.", "mai", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "des."]


def day(moment: date, today: date) -> str:
    """«15. nov.», with the year when it is not this year."""
    text = f"{moment.day}. {MONTHS[moment.month - 1]}"
    return text if moment.year == today.year else f"{text} {moment.year}"


def when(moment: datetime, now: datetime, zone: ZoneInfo) -> str:
    """«i dag kl. 14.02», «i går kl. 09.15», «3. des. kl. 10.00» in the configured time zone."""
    local, today = moment.astimezone(zone), now.astimezone(zone).date()
    clock = f"kl. {local:%H.%M}"
    if local.date() == today:
        return f"i dag {clock}"
    if local.date() == today - timedelta(days=1):
        return f"i går {clock}"
    return f"{day(local.date(), today)} {clock}"
