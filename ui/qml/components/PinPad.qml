// The technician PIN entry: masked dots, a numeric keypad, and what went wrong in words.
import QtQuick

Rectangle {
    id: pinPad
    color: "#CC000000"
    visible: Tech.pinPadVisible
    onVisibleChanged: keypad.value = ""

    MouseArea { anchors.fill: parent }

    Rectangle {
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.marginPx, body.implicitWidth + 2 * Theme.marginPx)
        height: body.implicitHeight + 2 * Theme.marginPx
        radius: Theme.radiusPx * 2
        color: Theme.surface
        Column {
            id: body
            anchors.centerIn: parent
            spacing: Theme.gapPx * 2
            BodyText {
                objectName: "pinMessage"
                width: keypad.width
                text: Tech.message
                color: Tech.messageIsError ? Theme.error : Theme.text
                font.bold: Tech.messageIsError
            }
            Text {
                objectName: "pinDots"
                text: keypad.value.length > 0 ? "●".repeat(keypad.value.length) : " "
                color: Theme.text
                font.pixelSize: Theme.headingPx
                font.family: Theme.fontFamily
            }
            NumericKeypad { id: keypad; maxLength: 12 }
            Row {
                spacing: Theme.gapPx
                KioskButton {
                    objectName: "pinOk"
                    kind: "accent"
                    text: I18n.s["tech.ok"]
                    enabledState: keypad.value.length >= 6
                    onActivated: { Tech.submitPin(keypad.value); keypad.value = "" }
                }
                KioskButton {
                    objectName: "pinCancel"
                    text: I18n.s["tech.cancel"]
                    onActivated: Tech.cancelPin()
                }
            }
        }
    }
}
