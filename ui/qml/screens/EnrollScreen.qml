// Technician mode: enroll this kiosk with the central server (address + one-time code).
import QtQuick
import QtQuick.Controls.Basic
import "../components"

ScreenPage {
    id: page
    title: I18n.s["sync.enroll_title"]
    readAloudText: I18n.s["sync.enroll_help"]

    BodyText { width: page.contentColumn.width; text: I18n.s["sync.enroll_help"] }
    BodyText { text: I18n.s["sync.server"]; font.bold: true }
    TextField {
        id: server
        objectName: "serverField"
        width: page.contentColumn.width
        height: Math.max(Theme.buttonPx, implicitHeight)
        text: Sync.status.server_url || ""
        placeholderText: "https://lawpost.example.gov.cn"
        font.pixelSize: Theme.largePx
        inputMethodHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoAutoUppercase | Qt.ImhLatinOnly
    }
    BodyText { text: I18n.s["sync.code"]; font.bold: true }
    TextField {
        id: code
        objectName: "codeField"
        width: page.contentColumn.width
        height: Math.max(Theme.buttonPx, implicitHeight)
        font.pixelSize: Theme.largePx
        inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhLatinOnly | Qt.ImhSensitiveData
    }
    StatusMessage {
        objectName: "enrollMessage"
        width: page.contentColumn.width
        busy: Sync.enrolling
        error: Sync.messageIsError
        text: Sync.enrolling ? I18n.s["sync.enrolling"] : Sync.message
    }
    primaryAction: KioskButton {
        objectName: "enrollButton"
        width: page.width - 2 * Theme.marginPx
        kind: "accent"
        icon: "link"
        text: Sync.status.enrolled ? I18n.s["sync.reenroll"] : I18n.s["sync.enroll"]
        enabledState: !Sync.enrolling
        onActivated: Sync.enroll(server.text, code.text, Sync.status.enrolled === true)
    }
}
