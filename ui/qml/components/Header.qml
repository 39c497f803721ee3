// Top bar: service point name and clock (both also the hidden technician gesture's corners),
// language, 长辈版 and 朗读.
import QtQuick

Rectangle {
    id: header
    property string readAloudText: ""
    property var readAloudParagraphs: []
    color: Theme.header
    implicitHeight: Math.max(Theme.buttonPx, nameText.implicitHeight + clockText.implicitHeight) + 2 * Theme.gapPx

    Column {
        id: identity
        anchors.left: parent.left
        anchors.leftMargin: Theme.marginPx
        anchors.right: controls.left
        anchors.rightMargin: Theme.gapPx
        anchors.verticalCenter: parent.verticalCenter
        Text {
            id: nameText
            width: parent.width
            text: Kiosk.servicePointName
            color: Theme.onHeader
            font.family: Theme.fontFamily
            font.pixelSize: Theme.largePx
            font.bold: true
            elide: Text.ElideRight
        }
        Text {
            id: clockText
            text: Home.dateText + "  " + Home.clockText
            color: Theme.onHeader
            font.family: Theme.fontFamily
            font.pixelSize: Theme.bodyPx
            font.features: { "tnum": 1 }
        }
    }

    // Hidden technician gesture: hold the service point name, then hold the clock.
    MouseArea {
        objectName: "hiddenGesture"
        anchors.fill: identity
        pressAndHoldInterval: Kiosk.gestureHoldMs
        onPressAndHold: Tech.cornerHeld(mouseY < height / 2 ? "first" : "second")
    }

    Row {
        id: controls
        anchors.right: parent.right
        anchors.rightMargin: Theme.marginPx
        anchors.verticalCenter: parent.verticalCenter
        spacing: Theme.gapPx
        KioskButton {
            objectName: "languageButton"
            text: I18n.s["header.language"]
            textPx: Theme.bodyPx
            onActivated: I18n.toggleLanguage()
        }
        KioskButton {
            objectName: "elderButton"
            text: Theme.elder ? I18n.s["header.elder_on"] : I18n.s["header.elder"]
            icon: Theme.elder ? "text-decrease" : "text-increase"
            textPx: Theme.bodyPx
            onActivated: Theme.toggleElder()
        }
        KioskButton {
            objectName: "readButton"
            visible: Kiosk.speechEnabled
            kind: Speech.speaking ? "accent" : "plain"
            text: Speech.speaking ? I18n.s["header.stop"] : I18n.s["header.read"]
            icon: Speech.speaking ? "player-stop" : "volume"
            textPx: Theme.bodyPx
            onActivated: header.readAloudParagraphs.length > 0
                         ? Speech.toggleParagraphs(header.readAloudParagraphs)
                         : Speech.toggle(header.readAloudText)
        }
    }
}
