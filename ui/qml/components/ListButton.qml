// A full-width row to tap: a title, an optional second line, and a chevron that says "opens".
import QtQuick

Rectangle {
    id: row
    property string title: ""
    property string subtitle: ""
    // Which read-aloud paragraph names this row (-1: none); highlighted while it is spoken.
    property int speechIndex: -1
    readonly property bool speakingNow: speechIndex >= 0 && Speech.paragraphIndex === speechIndex
    property string icon: ""
    signal activated()

    implicitHeight: Math.max(Theme.touchPx + Theme.gapPx, texts.implicitHeight + 2 * Theme.gapPx)
    radius: Theme.radiusPx
    color: area.pressed ? Theme.surfacePressed : (speakingNow ? Theme.highlight : Theme.surface)
    border.width: Theme.borderPx
    border.color: Theme.border

    Icon {
        id: leading
        visible: row.icon !== ""
        name: row.icon
        tint: Theme.primary
        size: Theme.headingPx
        anchors.left: parent.left
        anchors.leftMargin: Theme.gapPx * 2
        anchors.verticalCenter: parent.verticalCenter
    }
    Column {
        id: texts
        anchors.left: leading.visible ? leading.right : parent.left
        anchors.leftMargin: Theme.gapPx * 2
        anchors.right: chevron.left
        anchors.rightMargin: Theme.gapPx
        anchors.verticalCenter: parent.verticalCenter
        spacing: Theme.gapPx / 2
        Text {
            width: parent.width
            text: row.title
            color: Theme.text
            font.family: Theme.fontFamily
            font.pixelSize: Theme.largePx
            font.bold: true
            wrapMode: Text.Wrap
        }
        Text {
            width: parent.width
            visible: row.subtitle !== ""
            text: row.subtitle
            color: Theme.textMuted
            font.family: Theme.fontFamily
            font.pixelSize: Theme.bodyPx
            wrapMode: Text.Wrap
            maximumLineCount: 2
            elide: Text.ElideRight
        }
    }
    Icon {
        id: chevron
        name: "chevron-right"
        tint: Theme.primary
        size: Theme.headingPx
        anchors.right: parent.right
        anchors.rightMargin: Theme.gapPx
        anchors.verticalCenter: parent.verticalCenter
    }
    MouseArea {
        id: area
        objectName: "touchTarget"
        anchors.fill: parent
        onClicked: row.activated()
    }
}
