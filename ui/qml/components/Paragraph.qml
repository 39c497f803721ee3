// A paragraph that read-aloud can point at: highlighted while it is being spoken.
import QtQuick

Rectangle {
    id: para
    property alias text: body.text
    property int speechIndex: -1
    property bool bold: false
    property int pixelSize: Theme.bodyPx
    readonly property bool speakingNow: speechIndex >= 0 && Speech.paragraphIndex === speechIndex
    implicitHeight: body.implicitHeight + Theme.gapPx
    color: speakingNow ? Theme.highlight : "transparent"
    radius: Theme.radiusPx
    BodyText {
        id: body
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        anchors.leftMargin: Theme.gapPx / 2
        anchors.rightMargin: Theme.gapPx / 2
        font.bold: para.bold
        font.pixelSize: para.pixelSize
    }
}
