"""Take-home by QR code and resume later: visitor content sealed on the kiosk, opened elsewhere."""
