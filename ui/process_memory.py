"""Memory the kiosk process need not hold: glibc's malloc arenas, PySide6's source reads.

glibc's malloc arenas: one, instead of one per thread that ever contended.

glibc gives a thread its own arena (up to 8 per core) when the main one is busy, and memory freed
in an arena is only reused by the threads on that arena. The kiosk has several threads that
allocate at start (Qt's, the background worker opening the library and building jieba's trie, the
speech and queue lanes, the usage recorder), so each keeps a partly empty arena for as long as it
runs: ~15 MB of the resident memory after start (docs/benchmarks.md, measured with
MALLOC_ARENA_MAX=1/2/8/unset). Small allocations go through each thread's tcache without the
arena's lock, so one arena does not slow search or taps measurably (same page).
"""

from __future__ import annotations

import contextlib
import ctypes
import sys

_M_ARENA_MAX = -8  # mallopt parameter number in glibc's malloc.h


def limit_malloc_arenas(count: int = 1) -> bool:
    """Call before the threads start (QGuiApplication, workers); False where libc is not glibc."""
    with contextlib.suppress(OSError, AttributeError):
        return bool(ctypes.CDLL("libc.so.6").mallopt(_M_ARENA_MAX, count))
    return False


def _mentions_pyside(module: object) -> bool:
    """What PySide6's check answers (`"PySide6" in inspect.getsource(module)`), read from the file."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False  # built-in, extension or source-less: inspect.getsource fails, PySide6 says no
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def skip_pyside_source_reads() -> bool:
    """Stop PySide6's import hook from leaving every imported module's source in `linecache`.

    For its `__feature__` switches PySide6 asks, for each module imported after it, whether the
    module's source mentions PySide6, with `inspect.getsource`: the lines of ~700 modules (~28 MB)
    stay in linecache. Emptying linecache later (app.release_freed_memory) frees the strings but not
    the memory they were interleaved with while the modules' objects were created: the kiosk was
    ~18 MB larger after start. The same question answered from the file's bytes leaves nothing
    behind. Call after importing PySide6 and before the kiosk's own imports; False if this
    PySide6 has no such hook (then nothing changes).
    """
    import PySide6  # noqa: F401  # installs shibokensupport

    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature.__dict__["_mod_uses_pyside"] = _mentions_pyside  # looked up by name at each import
    return True
