"""Who sent a request and to which name: trusted proxies' X-Forwarded-For, and allowed Host names.

uvicorn believes X-Forwarded-For from loopback by default, so any local client could forge its
address in the audit log and walk around the per-address login limit. `lawpost server` turns
that off (`proxy_headers=False`) and this middleware believes the header only when the peer is a
configured proxy. A Host header not on the allowed list is answered 400 before any route runs.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(entries: Iterable[str]) -> list[Network]:
    """CIDR networks from addresses or networks; a bad entry raises ValueError naming it."""
    networks: list[Network] = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as exc:
            raise ValueError(f"trusted_proxies: {entry!r} is not an address or network") from exc
    return networks


def _in(address: str, networks: list[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def forwarded_client(peer: str, header: str, proxies: list[Network]) -> str:
    """The client address: walk X-Forwarded-For from the right past our own proxies.

    Only entries appended by trusted proxies are believed; the first address (from the right)
    that is not a trusted proxy is the client. Anything unreadable leaves the last trusted hop.
    """
    if not _in(peer, proxies):
        return peer
    client = peer
    for hop in reversed([part.strip() for part in header.split(",") if part.strip()]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return client
        client = hop
        if not _in(hop, proxies):
            return hop
    return client


def allowed_host_names(public_origin: str, allowed_hosts: Iterable[str]) -> frozenset[str]:
    names = {name.strip().lower().strip("[]") for name in allowed_hosts if name.strip()}
    if public_origin:
        host = urlsplit(public_origin).hostname
        if host:
            names.add(host.lower())
    return frozenset(names)


def _host_name(value: str) -> str:
    """The name without its port: example.org:8000 → example.org, [::1]:8000 → ::1."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:].partition("]")[0]
    if value.count(":") > 1:  # a bare IPv6 address without brackets
        return value
    return value.partition(":")[0]


class Edge:
    """ASGI middleware: refuse unknown Host names, then set the client from trusted proxies."""

    def __init__(self, app: ASGIApp, *, proxies: list[Network], hosts: frozenset[str]) -> None:
        self.app = app
        self.proxies = proxies
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers: dict[bytes, bytes] = {}
        for name, value in scope.get("headers", []):
            # Several X-Forwarded-For lines are one list (RFC 9110 §5.3).
            if name in headers and name == b"x-forwarded-for":
                headers[name] += b"," + value
            else:
                headers.setdefault(name, value)
        host = _host_name(headers.get(b"host", b"").decode("latin-1"))
        if host not in self.hosts:
            await _refuse_host(send)
            return
        client = scope.get("client")
        if self.proxies and client:
            forwarded = headers.get(b"x-forwarded-for", b"").decode("latin-1")
            address = forwarded_client(client[0], forwarded, self.proxies)
            if address != client[0]:
                scope = dict(scope, client=(address, 0))
        await self.app(scope, receive, send)


async def _refuse_host(send: Send) -> None:
    body = json.dumps(
        {"detail": "未知的主机名 (unknown Host; add it to [server] allowed_hosts or public_origin)"},
        ensure_ascii=False,
    ).encode("utf-8")
    headers: list[Any] = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    await send({"type": "http.response.start", "status": 400, "headers": headers})
    await send({"type": "http.response.body", "body": body})
