// A sentence about the state of things (loading, nothing found, an error), never colour alone:
// an error carries an icon and words.
import QtQuick

Row {
    id: status
    property string text: ""
    property bool error: false
    property bool busy: false
    spacing: Theme.gapPx
    visible: text !== ""
    Icon {
        name: status.error ? "alert-circle" : (status.busy ? "loader-2" : "info-circle")
        tint: status.error ? Theme.error : Theme.primary
        size: Theme.headingPx
        RotationAnimation on rotation {
            running: status.busy && status.visible
            from: 0; to: 360; duration: 1200; loops: Animation.Infinite
        }
    }
    BodyText {
        width: status.width - Theme.headingPx - Theme.gapPx
        text: status.text
        color: status.error ? Theme.error : Theme.text
        font.bold: status.error
    }
}
