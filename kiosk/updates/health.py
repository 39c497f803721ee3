"""Health check after a pack switch: the library opens, searches answer, the home screen has data.

The kiosk UI adds its own checks (rendering the home screen) through `extra` callables; each one
raises HealthError with a sentence when the pack is not fit to show visitors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from kiosk.content.installer import InstalledPack
from kiosk.content.pack import PackError

if TYPE_CHECKING:
    from kiosk.content.library import ContentLibrary
    from kiosk.search.segment import Segmenter

HealthCheck = Callable[[InstalledPack], None]
# Everyday questions a visitor asks; at least these must find something in any pack we ship.
PROBE_QUERIES = ("工资", "离婚", "借钱不还", "劳动合同")


class HealthError(Exception):
    """The newly active pack is not fit to show; the updater rolls back."""


def check_library(pack: InstalledPack, *, segmenter: Segmenter | None = None) -> None:
    """Open the pack as the kiosk does and use it: topics and guides for the home screen, the law
    list, and searches (each probe, and a guide's own title, must find something)."""
    from kiosk.content.library import ContentLibrary

    if segmenter is None:
        from kiosk.search.segment import Segmenter

        segmenter = Segmenter()
    try:
        library = ContentLibrary(pack.path, segmenter=segmenter)
    except PackError as exc:
        raise HealthError(f"内容包无法打开 (the library does not open): {exc}") from exc
    try:
        topics = library.topics()
        if not topics:
            raise HealthError("首页没有任何主题 (the home screen would have no topics)")
        guides = [g for t in topics for g in library.guides_for(t.id)]
        if not guides:
            raise HealthError("内容包中没有办事指南 (no guides)")
        if not library.law_list():
            raise HealthError("内容包中没有法律 (no laws)")
        empty = [q for q in (*PROBE_QUERIES, guides[0].title) if not _finds(library, q)]
        if len(empty) > len(PROBE_QUERIES) // 2 or guides[0].title in empty:
            raise HealthError(f"搜索没有结果: {', '.join(empty)} (searches find nothing)")
    except HealthError:
        raise
    except Exception as exc:  # any failure to use the pack is a failed check, never a crash
        raise HealthError(f"使用内容包时出错 (using the pack failed): {exc!r}") from exc
    finally:
        library.close()


def _finds(library: ContentLibrary, query: str) -> bool:
    return bool(library.search(query, limit=5).results)


def run_checks(pack: InstalledPack, checks: Sequence[HealthCheck]) -> None:
    for check in checks:
        check(pack)
