// A date a 70-year-old can set: year, month and day each in large type between a big − and a big +
// (no tiny calendar grid). Shows "还没有选" until the first touch.
import QtQuick

Column {
    id: picker
    property string name: "date"
    property string year: ""
    property string month: ""
    property string day: ""
    signal stepped(string part, int delta)
    spacing: Theme.gapPx * 2

    readonly property int keySize: Math.max(Theme.touchPx, Theme.buttonPx)

    Repeater {
        model: [
            { part: "year", value: picker.year, unit: I18n.s["calc.ui.year"] },
            { part: "month", value: picker.month, unit: I18n.s["calc.ui.month"] },
            { part: "day", value: picker.day, unit: I18n.s["calc.ui.day"] } ]
        delegate: Row {
            required property var modelData
            spacing: Theme.gapPx
            KioskButton {
                objectName: picker.name + "_" + modelData.part + "_minus"
                width: picker.keySize * 1.4
                height: picker.keySize
                text: "−"
                textPx: Theme.displayPx
                onActivated: picker.stepped(modelData.part, -1)
            }
            Rectangle {
                width: picker.width - 2 * (picker.keySize * 1.4 + Theme.gapPx)
                height: picker.keySize
                radius: Theme.radiusPx
                color: Theme.surface
                border.width: Theme.borderPx
                border.color: Theme.border
                Text {
                    objectName: picker.name + "_" + modelData.part + "_value"
                    anchors.centerIn: parent
                    text: modelData.value !== "" ? String(Number(modelData.value)) + " " + modelData.unit
                                                 : "— " + modelData.unit
                    color: Theme.text
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.displayPx
                    font.bold: true
                    font.features: { "tnum": 1 }
                }
            }
            KioskButton {
                objectName: picker.name + "_" + modelData.part + "_plus"
                width: picker.keySize * 1.4
                height: picker.keySize
                text: "+"
                textPx: Theme.displayPx
                onActivated: picker.stepped(modelData.part, 1)
            }
        }
    }
}
