"""Calendar dates written in Chinese pages: the one place their patterns live.

``CALENDAR_DATE`` matches ``2023年1月10日``, ``2023-01-10 08:30``, ``2023/1/10``, ``2023.1.10`` with the
groups year, month, day and, when written, hour and minute; ``COMPACT_DATE`` matches ``20230110``.
``US_DATE_TIME`` matches ``9/17/2004 5:54:13 AM`` (month, day, year, hour, minute: only with a time,
so ``12/01/2004 - 01/01/2005`` archive ranges are not dates); ``RFC822_DATE`` matches
``Sun, 31 Jul 2005 12:30:00 +0800``; ``URL_DATE`` matches ``/2005/07/31/``, ``/2005-07-31/`` and
``/20050731/`` in a URL's path (year, month, day). :func:`is_date_bound` checks a date a person gives
as a bound (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` of a real month and day).
"""

from __future__ import annotations

import datetime
import re

CALENDAR_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?"
    r"(?:\s*[T ]?\s*(\d{1,2})\s*[:：时]\s*(\d{2}))?"
)
COMPACT_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")
US_DATE_TIME = re.compile(
    r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})\s+(\d{1,2}):(\d{2})(?::\d{2})?(?:\s*([AaPp])\.?[Mm]\.?)?"
)
RFC822_DATE = re.compile(
    r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
    r"[a-z]*\.?\s+(?:19|20)\d{2}\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:[+-]\d{4}|[A-Z]{1,5}))?"
)
URL_DATE = re.compile(
    r"/((?:19|20)\d{2})([/-])(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])(?=/)|/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=/)"
)

DATE_BOUND = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def is_date_bound(value: str) -> bool:
    """``value`` is ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` naming a month and a day that exist
    (``2022-13`` and ``2023-02-30`` are shaped like dates but are none)."""
    match = DATE_BOUND.fullmatch(value)
    if match is None:
        return False
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True
