"""LawPost kiosk core: domain rules, services, storage, content and devices (never imports Qt)."""

__version__ = "0.1.0"
