"""The kiosk-facing REST API, /api/v1 (see docs/server.md and the wire contract)."""

from fastapi import APIRouter

from server.api import enroll, handoff, heartbeat, ingest, updates, video, video_bookings

router = APIRouter(prefix="/api/v1", tags=["kiosk"])
router.include_router(enroll.router)
router.include_router(ingest.router)
router.include_router(heartbeat.router)
router.include_router(video.router)
router.include_router(video_bookings.router)
router.include_router(handoff.router)
router.include_router(updates.router)
