// A large text box typed with the on-screen Pinyin keyboard, and the button that acts on it.
import QtQuick
import QtQuick.Controls.Basic

Row {
    id: box
    property alias text: field.text
    property string placeholder: ""
    property string buttonText: ""
    property string buttonIcon: "search"
    signal submitted(string text)
    spacing: Theme.gapPx

    TextField {
        id: field
        objectName: box.objectName + "Input"
        width: box.width - button.width - box.spacing
        height: Math.max(Theme.buttonPx, implicitHeight)
        font.family: Theme.fontFamily
        font.pixelSize: Theme.largePx
        color: Theme.text
        placeholderText: box.placeholder
        placeholderTextColor: Theme.textMuted
        maximumLength: 5000
        // Questions carry visitors' own circumstances: the Pinyin engine must not learn them and
        // offer them to the next visitor (tests/ui/test_keyboard_learning.py).
        inputMethodHints: Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
        onTextChanged: if (text.length > 0) Session.markVisitorData()
        onAccepted: box.submitted(text)
        background: Rectangle {
            color: Theme.surface
            radius: Theme.radiusPx
            border.width: field.activeFocus ? Theme.borderPx * 2 : Theme.borderPx
            border.color: field.activeFocus ? Theme.primary : Theme.border
        }
    }
    KioskButton {
        id: button
        objectName: box.objectName + "Button"
        kind: "accent"
        icon: box.buttonIcon
        text: box.buttonText
        onActivated: { Qt.inputMethod.hide(); box.submitted(field.text) }
    }
}
