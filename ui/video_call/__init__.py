"""The kiosk's call window: QtWebEngine in its own process, started for one call and then gone."""
