"""Review page: which guides, FAQ entries and lay phrases of a pack lack a lawyer's sign-off."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from kiosk.content.pack import MANIFEST, PackError, read_manifest
from kiosk.content.review import EntryStatus, needing_review, pack_statuses, summary
from server.console.web import ActiveSessionDep, render, require_roles
from server.deps import ContextDep
from server.models import User

router = APIRouter()
# Technicians publish packs; the duty lawyer is who signs entries off.
ReviewViewer = Annotated[User, require_roles("admin", "technician", "lawyer")]
# Packs the server holds (built, uploaded or published) live under <data_dir>/PACKS_SUBDIR.
PACKS_SUBDIR = "packs"
# Rows on the page: the default pack has ~3,000 unreviewed lay-phrase entries.
MAX_ROWS = 200
_MAX_DEPTH = 3


def find_packs(root: Path) -> list[str]:
    """Folders under root holding a manifest.json, as paths relative to root (sorted); a pack
    is picked on the page from this list, so a query can never name an arbitrary folder."""
    if not root.is_dir():
        return []
    found = []
    # Level by level rather than rglob: a server's pack store may hold many blob files below.
    for depth in range(_MAX_DEPTH + 1):
        for manifest in root.glob("/".join(["*"] * depth + [MANIFEST])):
            relative = manifest.parent.relative_to(root)
            if not any(part.startswith(".") for part in relative.parts):
                found.append(relative.as_posix())
    return sorted(found)


def pack_review(pack_dir: Path) -> tuple[list[EntryStatus] | None, str]:
    """The statuses of one pack and a sentence when they cannot be shown."""
    try:
        read_manifest(pack_dir)
        found = pack_statuses(pack_dir)
    except (PackError, OSError, ValueError) as exc:
        return None, f"无法读取这个内容包的审核信息：{exc}"
    if found is None:
        return (
            None,
            "这个内容包生成时还没有审核记录（没有 reviews.json），请重新生成。",
        )
    return found, ""


@router.get("/review")
def review_page(
    request: Request,
    user: ReviewViewer,
    active: ActiveSessionDep,
    context: ContextDep,
    pack: Annotated[str, Query(max_length=300)] = "",
    kind: Annotated[str, Query(max_length=10)] = "",
) -> HTMLResponse:
    root = context.settings.data_dir / PACKS_SUBDIR
    packs = find_packs(root)
    chosen = pack if pack in packs else (packs[0] if packs else "")
    statuses, problem = pack_review(root / chosen) if chosen else (None, "")
    manifest = read_manifest(root / chosen) if statuses is not None else None
    todo = needing_review(statuses or [])
    if kind in ("guide", "faq", "lay"):
        todo = [s for s in todo if s.entry.kind == kind]
    return render(
        request,
        "review.html",
        active=active,
        packs=packs,
        chosen=chosen,
        kind=kind,
        manifest=manifest,
        problem=problem,
        counts=summary(statuses or []),
        total=len(statuses or []),
        needing=len(todo),
        rows=todo[:MAX_ROWS],
        root=str(root),
    )
