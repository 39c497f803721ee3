// A large numeric keypad for digits (PIN, ID number, phone), used instead of the text keyboard.
import QtQuick

Grid {
    id: keypad
    property string value: ""
    property int maxLength: 18
    property bool allowX: false     // the ID number's check character
    columns: 3
    spacing: Theme.gapPx

    readonly property int keySize: Math.max(Theme.touchPx, Theme.buttonPx)

    Repeater {
        model: keypad.allowX ? ["1", "2", "3", "4", "5", "6", "7", "8", "9", "X", "0", "⌫"]
                             : ["1", "2", "3", "4", "5", "6", "7", "8", "9", "C", "0", "⌫"]
        delegate: KioskButton {
            required property string modelData
            objectName: "key_" + modelData
            width: keypad.keySize * 1.4
            height: keypad.keySize
            kind: "plain"
            textPx: Theme.headingPx
            text: modelData === "⌫" ? I18n.s["keypad.delete"]
                : modelData === "C" ? I18n.s["keypad.clear"] : modelData
            onActivated: {
                if (modelData === "⌫")
                    keypad.value = keypad.value.slice(0, -1)
                else if (modelData === "C")
                    keypad.value = ""
                else if (keypad.value.length < keypad.maxLength)
                    keypad.value += modelData
            }
        }
    }
}
