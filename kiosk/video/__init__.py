"""Remote video consultation, the Qt-free part: queue client, call-back requests, topics."""
