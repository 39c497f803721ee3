"""Feature wirings: one function per kiosk feature, listed in ui/features.py FEATURE_WIRINGS."""
