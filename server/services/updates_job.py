"""The server's update job: apply due scheduled publishes and keep timestamp/snapshot signed.

Runs every `updates_job_interval_s` inside each server process (idempotent, under the repository
lock, so several uvicorn workers doing it is harmless).
"""

from __future__ import annotations

from dataclasses import dataclass

from server.context import ServerContext
from server.services import audit, channels
from server.services.update_repo import RepositoryNotReady, open_repository


@dataclass(frozen=True)
class TickResult:
    applied: int
    resigned: bool


def tick(context: ServerContext) -> TickResult | None:
    """One round; None when publishing is not set up on this server."""
    try:
        repo = open_repository(context.settings)
    except RepositoryNotReady:
        return None
    with repo.locked(), context.session_factory() as session:
        now = context.clock()
        applied = channels.apply_due(session, repo, now=now)
        for change in applied:
            audit.record(
                session, actor=f"schedule:{change.created_by}"[:64], action="pack.schedule_applied",
                target=f"{change.channel}/{change.group_name}:{change.pack_id}:{change.version}", now=now,
            )  # fmt: skip
        session.commit()
        resigned = repo.refresh(now=now)
    return TickResult(applied=len(applied), resigned=resigned)
