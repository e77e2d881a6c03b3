"""Office files (xlsx, docx) that are byte-identical for the same input, so an audit can compare hashes.

openpyxl stamps the time of writing into ``docProps/core.xml`` and both libraries give every zip entry the
time of writing. Both are set here to one moment that belongs to the input: ``SOURCE_DATE_EPOCH`` when set
(reproducible builds' convention), else the newest modification time of the source files, else 1980-01-01
(the earliest time a zip can hold).
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterable
from datetime import UTC, datetime

EARLIEST = datetime(1980, 1, 1, tzinfo=UTC)
_CORE_TIME = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def source_time(sources: Iterable[str]) -> datetime:
    """The moment an export of ``sources`` is stamped with."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return max(datetime.fromtimestamp(int(epoch), UTC), EARLIEST)
    times = []
    for source in sources:
        try:
            times.append(os.stat(source).st_mtime)
        except (OSError, ValueError):
            continue  # an evaluation of a long table is named by its id, not a file
    if not times:
        return EARLIEST
    return max(datetime.fromtimestamp(int(max(times)), UTC), EARLIEST)


def reproducible(data: bytes, when: datetime) -> bytes:
    """The zip ``data`` with every entry dated ``when``, and the document's created and modified times."""
    stamp = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    date_time = when.astimezone(UTC).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = _CORE_TIME.sub(lambda m: m.group(1) + stamp + m.group(3), content)
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return out.getvalue()
