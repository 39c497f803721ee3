"""A short sync soak (bench/sync_soak.py runs 72 simulated hours): outages, nothing lost, files bounded."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.sync_soak import run_soak


@pytest.fixture
def shm_path() -> Iterator[Path]:
    """tmpfs when there is one, as the benchmark uses (fsync latency is not what is measured)."""
    shm = Path("/dev/shm")
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else None) as tmp:
        yield Path(tmp)


def test_two_simulated_hours_with_outages_lose_nothing_and_leave_no_files(shm_path: Path) -> None:
    report = run_soak(hours=2, seed=7, root=shm_path, sample_every_h=0.25, outage_every_h=0.75)
    summary = {k: v for k, v in report.items() if k != "samples"}
    print(json.dumps(summary))
    assert report["problems"] == []
    assert report["outages"] >= 1 and report["requests"]["drop_request"] > 0
    assert report["usage_events"] > 0 and report["sealed_comments"] > 0
    # The database, its WAL and shared memory, and the content-update channel the server assigned
    # in its heartbeat answer (updates/following.json, no visitor data), nothing else; the WAL cut
    # back once drained.
    assert report["files_max"] <= 4
    assert report["wal_bytes_end"] == 0
