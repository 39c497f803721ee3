// Body text at the Theme's physical size; wraps, and follows elder mode.
import QtQuick

Text {
    color: Theme.text
    font.family: Theme.fontFamily
    font.pixelSize: Theme.bodyPx
    lineHeight: Theme.lineHeight
    wrapMode: Text.Wrap
    textFormat: Text.PlainText
}
