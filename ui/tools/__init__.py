"""Developer tools for the kiosk UI (screenshots of every screen)."""
