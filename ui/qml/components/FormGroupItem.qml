// One entry of a repeating group (a claim, a piece of evidence, another party): its fields and
// a button to remove it.
import QtQuick
import QtQuick.Controls.Basic

Rectangle {
    id: entry
    required property var modelData
    property string groupId: ""
    implicitHeight: column.implicitHeight + 2 * Theme.gapPx
    color: "transparent"
    radius: Theme.radiusPx
    border.width: Theme.borderPx
    border.color: Theme.border

    Column {
        id: column
        x: Theme.gapPx
        y: Theme.gapPx
        width: entry.width - 2 * Theme.gapPx
        spacing: Theme.gapPx
        BodyText {
            width: column.width
            text: entry.modelData.title
            font.bold: true
        }
        Repeater {
            model: entry.modelData.fields
            delegate: Column {
                id: sub
                required property var modelData
                width: column.width
                spacing: Theme.gapPx / 2
                BodyText { width: sub.width; text: sub.modelData.label }
                TextField {
                    id: subInput
                    objectName: "item_" + entry.groupId + "_" + entry.modelData.index + "_" + sub.modelData.key
                    // A visitor's words (names, villages, what happened) are personal: the Pinyin engine must not
                    // learn them and offer them to the next visitor (tests/ui/test_keyboard_learning.py).
                    inputMethodHints: Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
                    width: sub.width
                    height: Math.max(Theme.buttonPx, implicitHeight)
                    text: sub.modelData.text
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.largePx
                    color: Theme.text
                    onTextChanged: Forms.setItemText(entry.groupId, entry.modelData.index, sub.modelData.key, text)
                    background: Rectangle {
                        color: Theme.surface
                        radius: Theme.radiusPx
                        border.width: subInput.activeFocus ? Theme.borderPx * 2 : Theme.borderPx
                        border.color: subInput.activeFocus ? Theme.primary : Theme.border
                    }
                }
                FormMessage { width: sub.width; text: sub.modelData.error }
            }
        }
        KioskButton {
            objectName: "remove_" + entry.groupId + "_" + entry.modelData.index
            width: column.width
            icon: "trash"
            text: I18n.s["forms.remove_item"]
            onActivated: Forms.removeItem(entry.groupId, entry.modelData.index)
        }
    }
}
