// "轮到您了": the visitor's own number is called while they are still at the kiosk.
import QtQuick

Rectangle {
    id: overlay
    color: "#CC000000"
    visible: Queue.calledCounter !== ""

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
                text: I18n.s["queue.your_turn"]
                font.pixelSize: Theme.displayPx
                horizontalAlignment: Text.AlignHCenter
            }
            BodyText {
                objectName: "calledText"
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                text: I18n.s["queue.your_turn_body"].replace("{number}", Queue.number)
                      .replace("{counter}", Queue.calledCounter)
                font.pixelSize: Theme.headingPx
            }
            KioskButton {
                objectName: "dismissCall"
                width: parent.width
                kind: "accent"
                icon: "check"
                text: I18n.s["queue.your_turn_ok"]
                onActivated: Queue.dismissCall()
            }
        }
    }
}
