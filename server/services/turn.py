"""TURN REST credentials: time-limited HMAC passwords coturn checks with the shared secret.

The scheme (draft-uberti-behave-turn-rest, coturn's `use-auth-secret`): the user name is
`<expiry unix time>:<who>`, the password is base64(HMAC-SHA1(secret, user name)). coturn
recomputes it from `static-auth-secret`, so no per-call state is shared between the two.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import datetime, timedelta
from typing import Any

# Topics, ICE server lists and the policy are the only things the pages receive about TURN.


def credentials(*, secret: str, who: str, now: datetime, ttl: timedelta) -> tuple[str, str]:
    """(user name, password) valid until now + ttl."""
    expiry = int((now + ttl).timestamp())
    username = f"{expiry}:{who}"
    mac = hmac.new(secret.encode("utf-8"), username.encode("utf-8"), hashlib.sha1).digest()
    return username, base64.b64encode(mac).decode("ascii")


def ice_servers(
    *, urls: tuple[str, ...], secret: str, who: str, now: datetime, ttl: timedelta
) -> list[dict[str, Any]]:
    """The RTCPeerConnection iceServers list for one participant; [] when no TURN is configured
    (a LAN or loopback works with host candidates alone)."""
    if not urls:
        return []
    if not secret:
        return [{"urls": list(urls)}]  # STUN only
    username, password = credentials(secret=secret, who=who, now=now, ttl=ttl)
    return [{"urls": list(urls), "username": username, "credential": password}]
