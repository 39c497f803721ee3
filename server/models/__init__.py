"""ORM models of the server's storage; importing this package registers every table."""

from server.models.audit import AuditEntry
from server.models.base import Base
from server.models.device import Alert, Device, EnrollmentCode
from server.models.handoff import Handoff
from server.models.item import IngestItem, RejectedItem
from server.models.updates import (
    ChannelEntry,
    GroupMember,
    KioskGroup,
    PublishedPack,
    PublisherToken,
    ScheduledChange,
)
from server.models.usage import UsageEvent
from server.models.user import ConsoleSession, User
from server.models.video import LawyerDuty, LawyerShift, VideoBooking, VideoCall

__all__ = [
    "Alert",
    "AuditEntry",
    "Base",
    "ChannelEntry",
    "ConsoleSession",
    "Device",
    "EnrollmentCode",
    "GroupMember",
    "Handoff",
    "IngestItem",
    "KioskGroup",
    "LawyerDuty",
    "LawyerShift",
    "PublishedPack",
    "PublisherToken",
    "RejectedItem",
    "ScheduledChange",
    "UsageEvent",
    "User",
    "VideoBooking",
    "VideoCall",
]
