// Tap instead of typing: a heading and a row of large buttons, each with words a visitor might
// have typed (a common question, a topic, a short phrase).
import QtQuick

Column {
    id: chips
    property string heading: ""
    property var items: []
    property string icon: ""
    signal picked(string text)
    spacing: Theme.gapPx
    visible: items.length > 0
    Heading { visible: chips.heading !== ""; text: chips.heading }
    Flow {
        width: chips.width
        spacing: Theme.gapPx
        Repeater {
            model: chips.items
            delegate: KioskButton {
                required property string modelData
                required property int index
                objectName: chips.objectName + "_" + index
                icon: chips.icon
                textPx: Theme.bodyPx
                text: modelData
                onActivated: chips.picked(modelData)
            }
        }
    }
}
