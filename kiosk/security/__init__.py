"""Technician access control and the tamper-evident audit log."""
