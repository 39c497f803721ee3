"""LawPost central server: kiosk enrollment, ingest, heartbeats, statistics and web consoles."""
