"""Calendar dates written in Chinese pages: the one place their patterns live.

``CALENDAR_DATE`` matches ``2023年1月10日``, ``2023-01-10 08:30``, ``2023/1/10``, ``2023.1.10`` with the
groups year, month, day and, when written, hour and minute; ``COMPACT_DATE`` matches ``20230110``.
"""

from __future__ import annotations

import re

CALENDAR_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?"
    r"(?:\s*[T ]?\s*(\d{1,2})\s*[:：时]\s*(\d{2}))?"
)
COMPACT_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")
