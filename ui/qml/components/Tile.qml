// A home-screen service tile: icon, a short title, and one line on what it is for.
import QtQuick

Rectangle {
    id: tile
    property string title: ""
    property string subtitle: ""
    // Which read-aloud paragraph names this row (-1: none); highlighted while it is spoken.
    property int speechIndex: -1
    readonly property bool speakingNow: speechIndex >= 0 && Speech.paragraphIndex === speechIndex
    property string icon: "point"
    signal activated()

    implicitHeight: body.implicitHeight + 2 * Theme.marginPx
    radius: Theme.radiusPx * 2
    color: area.pressed ? Theme.surfacePressed : (speakingNow ? Theme.highlight : Theme.surface)
    border.width: Theme.borderPx
    border.color: Theme.border

    Column {
        id: body
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        anchors.margins: Theme.marginPx
        spacing: Theme.gapPx
        Icon {
            name: tile.icon
            tint: Theme.primary
            size: Theme.displayPx * 1.4
        }
        Text {
            width: parent.width
            text: tile.title
            color: Theme.text
            font.family: Theme.fontFamily
            font.pixelSize: Theme.headingPx
            font.bold: true
            elide: Text.ElideRight
        }
        Text {
            width: parent.width
            text: tile.subtitle
            color: Theme.textMuted
            font.family: Theme.fontFamily
            font.pixelSize: Theme.bodyPx
            wrapMode: Text.Wrap
            maximumLineCount: 2
            elide: Text.ElideRight
        }
    }

    MouseArea {
        id: area
        objectName: "touchTarget"
        anchors.fill: parent
        onClicked: tile.activated()
    }
}
