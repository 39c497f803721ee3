"""ORM models of the server's storage; importing this package registers every table."""

from server.models.audit import AuditEntry
from server.models.base import Base
from server.models.device import Alert, Device, EnrollmentCode
from server.models.item import IngestItem, RejectedItem
from server.models.usage import UsageEvent
from server.models.user import ConsoleSession, User
from server.models.video import LawyerDuty, LawyerShift, VideoBooking, VideoCall

__all__ = [
    "Alert",
    "AuditEntry",
    "Base",
    "ConsoleSession",
    "Device",
    "EnrollmentCode",
    "IngestItem",
    "LawyerDuty",
    "LawyerShift",
    "RejectedItem",
    "UsageEvent",
    "User",
    "VideoBooking",
    "VideoCall",
]
