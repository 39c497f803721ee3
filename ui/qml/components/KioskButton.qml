// A large touch button: icon + words, pressed feedback within one frame, never smaller than the
// Theme's touch size. kind: "primary" (blue), "accent" (the one main action), "plain".
import QtQuick

Rectangle {
    id: button
    property string text: ""
    property string icon: ""
    property string kind: "plain"
    property bool enabledState: true
    property int textPx: Theme.largePx
    signal activated()

    readonly property color fill: kind === "primary" ? (area.pressed ? Theme.primaryPressed : Theme.primary)
                                : kind === "accent" ? (area.pressed ? Theme.accentPressed : Theme.accent)
                                : (area.pressed ? Theme.surfacePressed : Theme.surface)
    readonly property color ink: kind === "plain" ? Theme.primary : Theme.onPrimary

    implicitWidth: Math.max(Theme.buttonPx, content.implicitWidth + 2 * Theme.marginPx)
    implicitHeight: Math.max(Theme.buttonPx, content.implicitHeight + Theme.gapPx * 2)
    radius: Theme.radiusPx
    color: fill
    opacity: enabledState ? 1.0 : 0.55
    border.width: kind === "plain" ? Theme.borderPx : 0
    border.color: Theme.primary

    Row {
        id: content
        anchors.centerIn: parent
        spacing: Theme.gapPx
        Icon {
            visible: button.icon !== ""
            name: button.icon
            tint: button.ink
            size: button.textPx * 1.3
            anchors.verticalCenter: parent.verticalCenter
        }
        Text {
            text: button.text
            color: button.ink
            font.family: Theme.fontFamily
            font.pixelSize: button.textPx
            font.bold: true
            anchors.verticalCenter: parent.verticalCenter
        }
    }

    MouseArea {
        id: area
        objectName: "touchTarget"
        anchors.fill: parent
        enabled: button.enabledState
        onClicked: button.activated()
    }
}
