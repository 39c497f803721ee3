"""Local SQLite storage of the kiosk: connection set-up and registered migrations."""
