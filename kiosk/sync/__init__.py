"""Offline-first sync of the kiosk with the central server: outbox, client, worker, enrollment."""
