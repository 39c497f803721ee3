// "还在使用吗?" — shown after the idle time; 继续使用 keeps the session, else everything is wiped.
import QtQuick

Rectangle {
    id: overlay
    color: "#CC000000"
    visible: Session.countdownVisible

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
                text: I18n.s["idle.title"]
                font.pixelSize: Theme.displayPx
                horizontalAlignment: Text.AlignHCenter
            }
            BodyText {
                objectName: "idleSeconds"
                width: parent.width
                text: I18n.s["idle.body"].replace("{seconds}", Session.secondsLeft)
                font.pixelSize: Theme.largePx
                horizontalAlignment: Text.AlignHCenter
            }
            KioskButton {
                objectName: "continueButton"
                width: parent.width
                height: Theme.buttonPx * 1.5
                kind: "accent"
                text: I18n.s["idle.continue"]
                textPx: Theme.headingPx
                onActivated: Session.continueSession()
            }
            KioskButton {
                objectName: "finishButton"
                anchors.horizontalCenter: parent.horizontalCenter
                text: I18n.s["idle.finish"]
                onActivated: Session.endSession()
            }
        }
    }
}
