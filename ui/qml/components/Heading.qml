// A heading at the Theme's heading size.
import QtQuick

Text {
    color: Theme.text
    font.family: Theme.fontFamily
    font.pixelSize: Theme.headingPx
    font.bold: true
    lineHeight: 1.3
    wrapMode: Text.Wrap
    textFormat: Text.PlainText
}
