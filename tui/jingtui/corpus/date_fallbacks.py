"""Where else a page's date may be, when the lines around its headline have none.

Tried in order, each only when the ones before found nothing:

1. a **post stamp** anywhere in the page: a short line with a date and a posting word (``发表于
   2005-9-15 11:46``, ``由某某张贴 @ 2005-06-14 03:25``, ``Posted on …``, ``发布日期：9/17/2004 5:54 AM``),
   the first one (a blog's archive page lists the newest post first);
2. a **labelled** date with a time anywhere (``时间：2005-03-21 01:20``);
3. an **RFC 822** date (``Sun, 31 Jul 2005 12:30:00 +0800``), as mail archives and feeds print them;
4. the **URL**'s path (``/2005/07/31/``, ``/2005-07-31/``, ``/20050731/``);
5. the text of **forms** the reader left out of the page (some sites print the date inside one);
6. a **date line**: the first short line that is a date and little else.
"""

from __future__ import annotations

import email.utils
import re
from collections.abc import Sequence

from jingtui.corpus import metadata as md
from jingtui.util.dates import CALENDAR_DATE, RFC822_DATE, URL_DATE, US_DATE_TIME

_POSTING = re.compile(r"张贴|張貼|发表于|發表於|发布于|發佈於|发表时间|發表時間|发布时间|發佈時間|发布日期|發佈日期|"
                      r"posted|published|更新于|更新時間|更新时间", re.IGNORECASE)
_LABEL = re.compile(r"日期|时间|時間|发布|發布|发表|發表|date|time", re.IGNORECASE)
STAMP_MAX = 120
DATE_LINE_MAX = 30


def _dates_in(line: str) -> list[tuple[str, bool]]:
    """The dates of a line, in order, each with whether a time of day goes with it."""
    found: list[tuple[int, str, bool]] = []
    for match in CALENDAR_DATE.finditer(line):
        iso = md.iso_date(*match.group(1, 2, 3))
        if iso:
            found.append((match.start(), iso, match.group(4) is not None))
    if "/" in line:
        for match in US_DATE_TIME.finditer(line):
            iso = md.iso_date(match.group(3), match.group(1), match.group(2))
            if iso:
                found.append((match.start(), iso, True))
    return [(iso, timed) for _, iso, timed in sorted(found)]


def _rfc822(line: str) -> str | None:
    match = RFC822_DATE.search(line)
    if not match:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(match.group())
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.date().isoformat() if parsed is not None else None


def url_date(url: str | None) -> str | None:
    """The date in a URL's path, if it has one."""
    if not url:
        return None
    match = URL_DATE.search(url)
    if not match:
        return None
    if match.group(1):
        return md.iso_date(match.group(1), match.group(3), match.group(4))
    return md.iso_date(match.group(5), match.group(6), match.group(7))


def fallback_date(texts: Sequence[str], url: str | None = None, form_texts: Sequence[str] = ()) -> str | None:
    """The page's date from the places listed in the module's docstring, or None."""
    short = [md.strip_annotations(t) for t in texts if len(t) <= STAMP_MAX]
    for line in short:
        if _POSTING.search(line):
            dates = _dates_in(line)
            if dates:
                return dates[0][0]
    for line in short:
        if _LABEL.search(line):
            timed = [iso for iso, has_time in _dates_in(line) if has_time]
            if timed:
                return timed[0]
    for line in short:
        iso = _rfc822(line) if "," in line else None
        if iso:
            return iso
    iso = url_date(url)
    if iso:
        return iso
    if form_texts:
        iso, _ = md.find_date(list(form_texts))
        if iso:
            return iso
    for line in short:
        if len(line) <= DATE_LINE_MAX:
            match = CALENDAR_DATE.search(line)
            rest = CALENDAR_DATE.sub("", line) if match else ""
            if match and md.han_count(rest) <= 8 and not re.search(r"\d", rest):
                iso = md.iso_date(*match.group(1, 2, 3))
                if iso:
                    return iso
    return None


__all__ = ["fallback_date", "url_date"]
