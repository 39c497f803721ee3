// A keyboard key drawn with words, not only an icon ("删除", "确定"): a visitor who does not
// know the symbols can still read what a key does.
import QtQuick
import QtQuick.VirtualKeyboard.Styles

KeyPanel {
    id: panel
    property string label: ""
    // Letters in the page's large text; words on function keys in body text.
    property bool large: false
    Rectangle {
        objectName: "keyFace"
        anchors.fill: parent
        anchors.margins: Math.round(Theme.mm(1))
        radius: Theme.radiusPx
        color: panel.control && panel.control.pressed ? "#5A5A5A" : "#35322F"
        Text {
            objectName: "keyLabel"
            anchors.fill: parent
            anchors.margins: Theme.mm(1)
            text: panel.label
            color: "#FFFFFF"
            font.family: Theme.fontFamily
            font.pixelSize: panel.large ? Theme.largePx : Theme.bodyPx
            font.bold: true
            fontSizeMode: Text.HorizontalFit
            minimumPixelSize: Theme.smallPx
            horizontalAlignment: Text.AlignHCenter
            verticalAlignment: Text.AlignVCenter
        }
    }
}
