"""The `lawpost` command: one entry point for the kiosk, its tools and the central server."""
