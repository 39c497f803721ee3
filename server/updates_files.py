"""Read-only static serving of the content-update repository at /updates/ (no login).

Signatures make the transport untrusted by design, so anyone may read these files; nginx or a
mirror can serve the same folder unchanged (packaging/nginx/lawpost.conf). Cache rules: metadata
(timestamp.json above all) must reach kiosks within a minute of a change; targets and blobs have
content-addressed names, so a cache may keep them forever.
"""

from __future__ import annotations

from starlette.responses import PlainTextResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

METADATA_CACHE = "public, max-age=60"
IMMUTABLE_CACHE = "public, max-age=31536000, immutable"


def cache_control(path: str) -> str:
    """The Cache-Control of one repository file (path relative to the repository folder)."""
    return METADATA_CACHE if path.startswith("metadata/") else IMMUTABLE_CACHE


class UpdateFiles(StaticFiles):
    async def get_response(self, path: str, scope: Scope) -> Response:
        if any(part.startswith(".") for part in path.replace("\\", "/").split("/")):
            # A file being written (.name.pid.tmp) is never handed out half done.
            return PlainTextResponse("Not Found", status_code=404, headers={"Cache-Control": "no-store"})
        response = await super().get_response(path, scope)
        if response.status_code in (200, 206, 304):
            response.headers["Cache-Control"] = cache_control(path.replace("\\", "/").lstrip("/"))
        else:
            response.headers["Cache-Control"] = "no-store"
        return response
