"""The phone page of a document handed over by QR code (/h/<id>#<key>): public, no login.

The server only ever has ciphertext. The key is in the link's fragment, which a browser never
sends; the page's own script (static/handoff.js, no inline or external scripts) fetches the
ciphertext with a POST (so link previews and prefetchers do not use up a view) and decrypts it
with WebCrypto AES-GCM on the phone.
"""

from __future__ import annotations

import base64

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from server.console.web import render
from server.deps import NowDep, SessionDep
from server.services import handoff

public_router = APIRouter(include_in_schema=False)

# Stricter than the consoles': nothing inline, nothing from elsewhere, no forms, no framing.
_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


def _secured(response: Response) -> Response:
    response.headers.update(_HEADERS)
    return response


@public_router.get("/h/{ident}")
def handoff_page(request: Request, ident: str, session: SessionDep, now: NowDep) -> Response:
    """The page shell; an unknown, used-up or expired link is told so at once (404), no script."""
    alive = handoff.phone_link_alive(session, ident=ident, now=now)
    response = render(request, "handoff_phone.html", alive=alive, status_code=200 if alive else 404)
    return _secured(response)


@public_router.post("/h/{ident}/open")
def handoff_open(ident: str, session: SessionDep, now: NowDep) -> Response:
    """The ciphertext, counting one view (the last one deletes it)."""
    opened = handoff.open_for_phone(session, ident=ident, now=now)
    session.commit()
    if opened is None:
        return _secured(JSONResponse({"gone": True}, status_code=404))
    ciphertext, left = opened
    body = {"ciphertext": base64.b64encode(ciphertext).decode("ascii"), "views_left": left}
    return _secured(JSONResponse(body))
