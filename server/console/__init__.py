"""Server-rendered web consoles under /console (fleet, codes, inbox, statistics, admin)."""

from fastapi import APIRouter
from fastapi.responses import RedirectResponse

from server.console import (
    admin,
    auth,
    codes,
    fleet,
    inbox,
    publishing,
    queue,
    review,
    stats,
    video,
    video_callbacks,
    video_rota,
)
from server.console.web import CurrentUser

router = APIRouter(prefix="/console", include_in_schema=False)


@router.get("/")
def home(user: CurrentUser) -> RedirectResponse:
    # Each role lands on the page it works in.
    target = {
        "admin": "/console/fleet",
        "technician": "/console/fleet",
        "staff": "/console/inbox",
        "lawyer": "/console/video",
    }
    return RedirectResponse(target.get(user.role, "/console/stats"), status_code=303)


for module in (auth, fleet, publishing, codes, inbox, stats, queue, admin, video, video_callbacks, video_rota,
               review):
    router.include_router(module.router)
