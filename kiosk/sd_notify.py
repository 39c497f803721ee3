"""systemd's notify protocol (sd_notify): READY=1, WATCHDOG=1, STATUS=… as datagrams to $NOTIFY_SOCKET.

The protocol is one AF_UNIX datagram per message (man sd_notify); a dozen lines here instead of a
dependency. Outside systemd (no NOTIFY_SOCKET) every call is a no-op.
"""

from __future__ import annotations

import os
import socket

NOTIFY_SOCKET_ENV = "NOTIFY_SOCKET"
WATCHDOG_USEC_ENV = "WATCHDOG_USEC"
WATCHDOG_PID_ENV = "WATCHDOG_PID"


class Notifier:
    """Sends notify messages to the service manager; failures never reach the caller (a kiosk
    must not stop because its supervisor went away)."""

    def __init__(self, address: str | None = None) -> None:
        address = os.environ.get(NOTIFY_SOCKET_ENV, "") if address is None else address
        # "@name" is an abstract-namespace socket: a leading NUL byte on the wire.
        self._address = "\0" + address[1:] if address.startswith("@") else address
        self._socket: socket.socket | None = None
        if self._address:
            self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)

    @property
    def enabled(self) -> bool:
        return self._socket is not None

    def notify(self, message: str) -> bool:
        if self._socket is None:
            return False
        try:
            self._socket.sendto(message.encode("utf-8"), self._address)
        except OSError:
            return False
        return True

    def ready(self, status: str = "") -> bool:
        return self.notify("READY=1" + (f"\nSTATUS={status}" if status else ""))

    def watchdog(self) -> bool:
        return self.notify("WATCHDOG=1")

    def stopping(self) -> bool:
        return self.notify("STOPPING=1")

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None


def watchdog_interval_s(environ: dict[str, str] | None = None) -> float | None:
    """Half the watchdog timeout systemd set for this process (its advice), or None when off."""
    env = os.environ if environ is None else environ
    try:
        usec = int(env.get(WATCHDOG_USEC_ENV, "0"))
    except ValueError:
        return None
    pid = env.get(WATCHDOG_PID_ENV)
    # WATCHDOG_PID names the process meant to ping; a child that inherited the variables is not it.
    if usec <= 0 or (pid and pid.isdigit() and int(pid) != os.getpid()):
        return None
    return usec / 2 / 1_000_000
