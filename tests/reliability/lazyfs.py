"""A FUSE filesystem that keeps every unsynced write in memory, so killing it is a power cut.

The LazyFS idea, with directories modelled as strictly as files:

- a file's bytes reach the "disk" (the backing folder) only when the file is fsync'ed
  (fsync or fdatasync); until then they live in this process's memory;
- a directory's entries (creates, renames, unlinks, mkdir) reach the disk only when the
  directory itself is fsync'ed; a file whose name was never made durable is gone after the cut,
  even if its bytes were fsync'ed, and a rename is undone unless the directory was synced;
- killing this process with SIGKILL drops everything not yet synced: that is the power cut.
  The next mount rebuilds the tree from what was synced, starting at the root.

What it does not model: reordering or tearing inside one fsync that was cut half-way (the
pages written before the kill survive, the rest do not, as on a real disk), and sector-level
corruption. File modes, owners and times are not durable (nothing in the kiosk depends on them).

Run: `python lazyfs.py BACKING MOUNTPOINT` (as root, with /dev/fuse; foreground).
"""

from __future__ import annotations

import errno
import json
import os
import stat
import sys
import time
from pathlib import Path
from typing import Any

import mfusepy

PAGE = 4096
ROOT = 1


class Node:
    __slots__ = ("data", "dirty", "entries", "ino", "is_dir", "mode", "mtime", "nlink", "size_dirty")

    def __init__(self, ino: int, *, is_dir: bool, mode: int) -> None:
        self.ino = ino
        self.is_dir = is_dir
        self.mode = mode
        self.data = bytearray()
        self.entries: dict[str, int] = {}
        self.dirty: set[int] = set()  # pages changed since the last fsync
        self.size_dirty = False
        self.mtime = time.time()
        self.nlink = 1


class Disk:
    """The durable side: one file of bytes per inode and one JSON listing per directory."""

    def __init__(self, root: Path) -> None:
        self.data_dir = root / "data"
        self.dirs_dir = root / "dirs"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.dirs_dir.mkdir(parents=True, exist_ok=True)
        self.counter = root / "next_ino"

    def write_pages(self, node: Node) -> None:
        path = self.data_dir / str(node.ino)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            for page in sorted(node.dirty):
                chunk = bytes(node.data[page * PAGE : (page + 1) * PAGE])
                if chunk:
                    os.pwrite(fd, chunk, page * PAGE)
            os.ftruncate(fd, len(node.data))
        finally:
            os.close(fd)
        node.dirty.clear()
        node.size_dirty = False

    def write_entries(self, node: Node, kinds: dict[int, bool]) -> None:
        listing = {name: [ino, kinds[ino]] for name, ino in node.entries.items()}
        tmp = self.dirs_dir / f".{node.ino}.tmp"
        tmp.write_text(json.dumps(listing))
        os.replace(tmp, self.dirs_dir / f"{node.ino}.json")

    def load(self) -> tuple[dict[int, Node], int]:
        """Rebuild the tree from what was synced; forget inodes nothing durable points to."""
        nodes: dict[int, Node] = {}
        highest = int(self.counter.read_text()) if self.counter.exists() else ROOT
        for path in self.data_dir.iterdir():
            highest = max(highest, int(path.name))
        next_free = highest + 1

        def listing(ino: int) -> dict[str, list[Any]]:
            path = self.dirs_dir / f"{ino}.json"
            return json.loads(path.read_text()) if path.exists() else {}

        def build(ino: int, is_dir: bool) -> int:
            nonlocal next_free, highest
            highest = max(highest, ino)
            if ino in nodes:  # reached twice (a rename synced on one side only): a copy
                if not is_dir:
                    nodes[ino].nlink += 1
                    return ino
                fresh = next_free
                next_free += 1
                node = Node(fresh, is_dir=True, mode=stat.S_IFDIR | 0o755)
                nodes[fresh] = node
                node.entries = {n: build(i, d) for n, (i, d) in listing(ino).items()}
                return fresh
            if is_dir:
                node = Node(ino, is_dir=True, mode=stat.S_IFDIR | 0o755)
                nodes[ino] = node
                node.entries = {n: build(i, d) for n, (i, d) in listing(ino).items()}
            else:
                node = Node(ino, is_dir=False, mode=stat.S_IFREG | 0o644)
                path = self.data_dir / str(ino)
                node.data = bytearray(path.read_bytes()) if path.exists() else bytearray()
                nodes[ino] = node
            return ino

        build(ROOT, True)
        next_free = max(next_free, highest + 1)
        # What was copied on load gets its own durable form, so the next cut sees the same tree.
        for node in nodes.values():
            if node.is_dir:
                self.write_entries(node, {i: n.is_dir for i, n in nodes.items()})
            elif not (self.data_dir / str(node.ino)).exists():
                node.dirty = set(range(len(node.data) // PAGE + 1))
                self.write_pages(node)
        for path in self.data_dir.iterdir():
            if int(path.name) not in nodes:
                path.unlink()
        for path in self.dirs_dir.glob("*.json"):
            if int(path.stem) not in nodes:
                path.unlink()
        self.counter.write_text(str(next_free))
        return nodes, next_free


def seed(backing: Path, source: Path) -> None:
    """Make `source` (a real folder) the durable content of an empty backing store: the state of
    a kiosk that was set up and shut down cleanly before the power cuts begin."""
    disk = Disk(backing)
    next_ino = ROOT + 1
    kinds: dict[int, bool] = {}

    def add(folder: Path, node: Node) -> None:
        nonlocal next_ino
        for child in sorted(folder.iterdir()):
            ino = next_ino
            next_ino += 1
            kinds[ino] = child.is_dir()
            if child.is_dir():
                sub = Node(ino, is_dir=True, mode=stat.S_IFDIR | 0o755)
                add(child, sub)
            else:
                sub = Node(ino, is_dir=False, mode=stat.S_IFREG | 0o644)
                sub.data = bytearray(child.read_bytes())
                sub.dirty = set(range(len(sub.data) // PAGE + 1))
                disk.write_pages(sub)
            node.entries[child.name] = ino
        disk.write_entries(node, kinds)

    add(source, Node(ROOT, is_dir=True, mode=stat.S_IFDIR | 0o755))
    disk.counter.write_text(str(next_ino))


class LazyFS(mfusepy.Operations):  # type: ignore[misc]
    use_ns = True

    def __init__(self, backing: Path) -> None:
        self.disk = Disk(backing)
        self.nodes, self.next_ino = self.disk.load()
        self.handles: dict[int, int] = {}
        self.next_fh = 1

    # -- lookups ---------------------------------------------------------------------------
    def _walk(self, path: str) -> Node:
        node = self.nodes[ROOT]
        for part in path.strip("/").split("/"):
            if not part:
                continue
            if not node.is_dir or part not in node.entries:
                raise mfusepy.FuseOSError(errno.ENOENT)
            node = self.nodes[node.entries[part]]
        return node

    def _parent(self, path: str) -> tuple[Node, str]:
        head, _, name = path.rstrip("/").rpartition("/")
        parent = self._walk(head or "/")
        if not parent.is_dir:
            raise mfusepy.FuseOSError(errno.ENOTDIR)
        return parent, name

    def _node(self, path: str | None, fh: int | None) -> Node:
        if fh is not None and fh in self.handles:
            return self.nodes[self.handles[fh]]
        if path is None:
            raise mfusepy.FuseOSError(errno.EBADF)
        return self._walk(path)

    def _new(self, *, is_dir: bool, mode: int) -> Node:
        node = Node(self.next_ino, is_dir=is_dir, mode=mode)
        self.next_ino += 1
        self.nodes[node.ino] = node
        return node

    def _handle(self, node: Node) -> int:
        fh = self.next_fh
        self.next_fh += 1
        self.handles[fh] = node.ino
        return fh

    # -- attributes ------------------------------------------------------------------------
    def getattr(self, path: str, fh: int | None = None) -> dict[str, Any]:
        node = self._node(path, fh)
        nlink = 2 + sum(self.nodes[i].is_dir for i in node.entries.values()) if node.is_dir else node.nlink
        return {
            "st_mode": node.mode,
            "st_nlink": nlink,
            "st_size": len(node.data),
            "st_uid": os.getuid(),
            "st_gid": os.getgid(),
            "st_atime": int(node.mtime * 1e9),  # use_ns
            "st_mtime": int(node.mtime * 1e9),
            "st_ctime": int(node.mtime * 1e9),
            "st_blocks": (len(node.data) + 511) // 512,
        }

    def chmod(self, path: str, mode: int) -> int:
        node = self._walk(path)
        node.mode = (node.mode & ~0o7777) | (mode & 0o7777)
        return 0

    def chown(self, path: str, uid: int, gid: int) -> int:
        return 0

    def utimens(self, path: str, times: tuple[int, int] | None = None) -> int:
        self._walk(path).mtime = times[1] / 1e9 if times else time.time()
        return 0

    def statfs(self, path: str) -> dict[str, int]:
        return {"f_bsize": PAGE, "f_frsize": PAGE, "f_blocks": 1 << 20, "f_bfree": 1 << 19,
                "f_bavail": 1 << 19, "f_files": 1 << 16, "f_ffree": 1 << 15, "f_namemax": 255}

    # -- directories -----------------------------------------------------------------------
    def readdir(self, path: str, fh: int) -> list[str]:
        return [".", "..", *self._walk(path).entries]

    def opendir(self, path: str) -> int:
        return self._handle(self._walk(path))

    def releasedir(self, path: str | None, fh: int) -> int:
        self.handles.pop(fh, None)
        return 0

    def mkdir(self, path: str, mode: int) -> int:
        parent, name = self._parent(path)
        if name in parent.entries:
            raise mfusepy.FuseOSError(errno.EEXIST)
        parent.entries[name] = self._new(is_dir=True, mode=stat.S_IFDIR | (mode & 0o7777)).ino
        return 0

    def rmdir(self, path: str) -> int:
        parent, name = self._parent(path)
        node = self._walk(path)
        if node.entries:
            raise mfusepy.FuseOSError(errno.ENOTEMPTY)
        del parent.entries[name]
        return 0

    def fsyncdir(self, path: str | None, datasync: int, fh: int) -> int:
        node = self._node(path, fh)
        self.disk.write_entries(node, {i: n.is_dir for i, n in self.nodes.items()})
        return 0

    # -- files -----------------------------------------------------------------------------
    def create(self, path: str, mode: int, fi: Any = None) -> int:
        parent, name = self._parent(path)
        if name in parent.entries:
            node = self.nodes[parent.entries[name]]
        else:
            node = self._new(is_dir=False, mode=stat.S_IFREG | (mode & 0o7777))
            parent.entries[name] = node.ino
        return self._handle(node)

    def open(self, path: str, flags: int) -> int:
        node = self._walk(path)
        if flags & os.O_TRUNC:
            self._truncate(node, 0)
        return self._handle(node)

    def release(self, path: str | None, fh: int) -> int:
        self.handles.pop(fh, None)
        return 0

    def flush(self, path: str | None, fh: int) -> int:
        return 0

    def read(self, path: str | None, size: int, offset: int, fh: int) -> bytes:
        return bytes(self._node(path, fh).data[offset : offset + size])

    def write(self, path: str | None, data: bytes, offset: int, fh: int) -> int:
        node = self._node(path, fh)
        end = offset + len(data)
        if end > len(node.data):
            node.data.extend(bytes(end - len(node.data)))
            node.size_dirty = True
        node.data[offset:end] = data
        node.dirty.update(range(offset // PAGE, (end - 1) // PAGE + 1))
        node.mtime = time.time()
        return len(data)

    def _truncate(self, node: Node, length: int) -> None:
        if length < len(node.data):
            del node.data[length:]
        else:
            node.data.extend(bytes(length - len(node.data)))
        node.dirty.add(length // PAGE)
        node.size_dirty = True
        node.mtime = time.time()

    def truncate(self, path: str | None, length: int, fh: int | None = None) -> int:
        self._truncate(self._node(path, fh), length)
        return 0

    def fsync(self, path: str | None, datasync: int, fh: int) -> int:
        node = self._node(path, fh)
        if not node.is_dir:
            self.disk.write_pages(node)
        return 0

    def unlink(self, path: str) -> int:
        parent, name = self._parent(path)
        if name not in parent.entries:
            raise mfusepy.FuseOSError(errno.ENOENT)
        del parent.entries[name]
        return 0

    def rename(self, old: str, new: str, flags: int = 0) -> int:
        old_parent, old_name = self._parent(old)
        new_parent, new_name = self._parent(new)
        if old_name not in old_parent.entries:
            raise mfusepy.FuseOSError(errno.ENOENT)
        moving = self.nodes[old_parent.entries[old_name]]
        replaced = new_parent.entries.get(new_name)
        if replaced is not None and replaced != moving.ino:
            target = self.nodes[replaced]
            if target.is_dir and target.entries:
                raise mfusepy.FuseOSError(errno.ENOTEMPTY)
        del old_parent.entries[old_name]
        new_parent.entries[new_name] = moving.ino
        return 0


def main(argv: list[str]) -> None:
    backing, mountpoint = Path(argv[1]).resolve(), str(Path(argv[2]).resolve())
    # hard_remove: an unlinked file that is still open (SQLite's WAL) is not renamed to
    # .fuse_hidden*; it stays reachable through its handle only. nothreads keeps one request
    # at a time, so the model needs no locks.
    mfusepy.FUSE(LazyFS(backing), mountpoint, foreground=True, nothreads=True, hard_remove=True,
                 fsname="lazyfs")


if __name__ == "__main__":
    main(sys.argv)
