"""View-models: QObjects whose properties the QML binds to and whose slots the QML calls."""
