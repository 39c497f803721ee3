// A large numeric keypad for digits (PIN, ID number, phone) and money, used instead of the text
// keyboard.
import QtQuick

Grid {
    id: keypad
    property string value: ""
    property int maxLength: 18
    property bool allowX: false     // the ID number's check character
    // Money: a decimal point instead of the clear key, and at most two digits after it (cents).
    property bool allowPoint: false
    // Its keys are a control, like the virtual keyboard's, not the screen's content: 朗读 reads
    // the amount they make, not "1 2 3 … 删除" (ui/read_aloud_audit.py looks for this marker).
    readonly property bool readAloudInputControl: true
    columns: 3
    spacing: Theme.gapPx

    readonly property int keySize: Math.max(Theme.touchPx, Theme.buttonPx)
    readonly property bool centsFull: allowPoint && value.indexOf(".") >= 0
                                      && value.length - value.indexOf(".") > 2

    Repeater {
        model: keypad.allowX ? ["1", "2", "3", "4", "5", "6", "7", "8", "9", "X", "0", "⌫"]
             : keypad.allowPoint ? ["1", "2", "3", "4", "5", "6", "7", "8", "9", ".", "0", "⌫"]
                                 : ["1", "2", "3", "4", "5", "6", "7", "8", "9", "C", "0", "⌫"]
        delegate: KioskButton {
            required property string modelData
            objectName: "key_" + (modelData === "." ? "point" : modelData)
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
                else if (modelData === ".") {
                    if (keypad.value.indexOf(".") < 0)
                        keypad.value = (keypad.value === "" ? "0" : keypad.value) + "."
                } else if (keypad.value.length < keypad.maxLength && !keypad.centsFull)
                    keypad.value = (keypad.value === "0" && keypad.allowPoint ? "" : keypad.value) + modelData
            }
        }
    }
}
