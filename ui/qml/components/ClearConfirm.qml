// "结束并清除？" — asked before the visitor's session is wiped on their own request.
import QtQuick

Rectangle {
    id: overlay
    color: "#CC000000"
    visible: Session.confirmingClear
    onVisibleChanged: if (visible) Speech.speak(I18n.s["clear.title"] + I18n.s["clear.body"])

    MouseArea { anchors.fill: parent }   // swallow touches outside the card

    Rectangle {
        anchors.centerIn: parent
        width: Math.min(parent.width - 2 * Theme.marginPx, Theme.mm(260))
        height: card.implicitHeight + 2 * Theme.marginPx
        radius: Theme.radiusPx * 2
        color: Theme.surface
        Column {
            id: card
            anchors.fill: parent
            anchors.margins: Theme.marginPx
            spacing: Theme.gapPx * 2
            Heading {
                width: parent.width
                text: I18n.s["clear.title"]
                font.pixelSize: Theme.displayPx
                horizontalAlignment: Text.AlignHCenter
            }
            BodyText {
                width: parent.width
                text: I18n.s["clear.body"]
                font.pixelSize: Theme.largePx
            }
            KioskButton {
                objectName: "confirmClear"
                width: parent.width
                kind: "accent"
                icon: "eraser"
                text: I18n.s["clear.confirm"]
                onActivated: Session.endSession()
            }
            KioskButton {
                objectName: "cancelClear"
                width: parent.width
                text: I18n.s["clear.cancel"]
                onActivated: Session.cancelClear()
            }
        }
    }
}
