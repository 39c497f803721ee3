"""Signed content-pack updates: keys, chunking, the TUF repository and the kiosk updater."""
