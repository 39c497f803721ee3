// A form's message for one answer: an icon and a sentence with the fix, in the error colour.
import QtQuick

Row {
    id: message
    property string text: ""
    visible: text !== ""
    spacing: Theme.gapPx
    Icon { name: "alert-circle"; tint: Theme.error; size: Theme.headingPx }
    BodyText {
        width: message.width - Theme.headingPx - Theme.gapPx
        text: message.text
        color: Theme.error
        font.bold: true
    }
}
