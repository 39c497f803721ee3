"""Files and folders that survive a power cut: fsync the bytes, then the directory that names them.

A write, a create or a rename is only in the page cache until fsync'ed, and the name of a file
lives in its directory: a renamed or new file is durable only once the directory is fsync'ed too.
tests/reliability/test_power_cuts.py runs the kiosk on a filesystem that drops whatever was not
synced this way.
"""

from __future__ import annotations

import os
from pathlib import Path


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def mkdir_durable(path: Path) -> None:
    """mkdir -p, with every folder it creates recorded in its parent on disk."""
    missing: list[Path] = []
    probe = path
    while not probe.is_dir():
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        folder.mkdir(exist_ok=True)
        fsync_dir(folder.parent)


def replace_durably(source: Path, target: Path) -> None:
    """os.replace, then flush the directories on both sides of the rename.

    The caller has already fsync'ed what `source` contains.
    """
    os.replace(source, target)
    fsync_dir(target.parent)
    if source.parent != target.parent:
        fsync_dir(source.parent)


def write_bytes_durably(path: Path, data: bytes) -> None:
    """Write a whole file atomically and durably: temp file, fsync, rename, fsync the folder."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    replace_durably(tmp, path)
