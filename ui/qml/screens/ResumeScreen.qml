// 下次再填: mode "save" keeps the open form, sealed, under a 13-digit code the visitor takes away
// (shown large, spoken digit by digit, and as a QR code a phone can keep); mode "open" takes the
// code on the keypad at any kiosk of the county and reopens the form where it was left.
import QtQuick
import "../components"

ScreenPage {
    id: page
    readonly property bool saving: (Nav.params.mode || "open") === "save"
    title: I18n.s[page.saving ? "resume.title" : "resume.open"]
    readonly property bool failed: ["offline", "bad_code", "unknown", "too_many", "damaged"].indexOf(Handoff.resumeStage) >= 0
    function grouped(digits) {
        return [digits.slice(0, 4), digits.slice(4, 8), digits.slice(8, 12), digits.slice(12)].filter(x => x).join(" ")
    }
    readAloudText: (page.saving
        ? [page.title, Handoff.resumeStage === "saved" ? I18n.s["resume.code_heading"] : "",
           Handoff.code, Handoff.resumeMessage, slipButton.visible ? slipButton.text : "",
           slipStatus.visible ? slipStatus.text : "",
           Handoff.resumeStage === "saved" ? I18n.s["resume.qr_caption"] : "",
           I18n.s["resume.back_to_form"]]
        : [page.title, I18n.s["resume.enter"], page.grouped(keypad.value), Handoff.resumeMessage,
           I18n.s["resume.restore"]]).filter(x => x !== "").join("\n")

    Component.onCompleted: {
        Handoff.clearResume()
        if (Nav.params.preview) Handoff.preview(Nav.params)
        else if (page.saving) Handoff.saveDraft()
    }

    StatusMessage {
        objectName: "resumeStatus"
        visible: text !== "" && (Handoff.resumeStage !== "saved")
        width: page.contentColumn.width
        text: Handoff.resumeStage === "saved" ? "" : Handoff.resumeMessage
        busy: Handoff.resumeStage === "saving" || Handoff.resumeStage === "restoring"
        error: page.failed
    }

    // --- save: the code to take away ---
    Heading {
        visible: page.saving && Handoff.resumeStage === "saved"
        width: page.contentColumn.width
        text: I18n.s["resume.code_heading"]
    }
    Text {
        objectName: "resumeCode"
        visible: page.saving && Handoff.resumeStage === "saved"
        width: page.contentColumn.width
        horizontalAlignment: Text.AlignHCenter
        text: Handoff.code
        color: Theme.primary
        font.family: Theme.fontFamily
        font.pixelSize: Theme.displayPx * 1.3
        font.bold: true
        font.letterSpacing: Theme.mm(1)
        wrapMode: Text.Wrap
    }
    BodyText {
        objectName: "resumeInstructions"
        visible: page.saving && Handoff.resumeStage === "saved"
        width: page.contentColumn.width
        text: Handoff.resumeMessage
        font.pixelSize: Theme.largePx
    }
    // The code on a slip from the hall's ticket printer, for visitors who cannot write it down.
    KioskButton {
        id: slipButton
        objectName: "resumePrint"
        visible: page.saving && Handoff.resumeStage === "saved" && Handoff.canPrintCode
        width: page.contentColumn.width
        kind: "accent"
        icon: "printer"
        text: I18n.s["resume.print_code"]
        enabledState: Handoff.slipMessage !== I18n.s["resume.printing"]
        onActivated: Handoff.printCode()
    }
    BodyText {
        id: slipStatus
        objectName: "resumePrintStatus"
        visible: page.saving && Handoff.slipMessage !== ""
        width: page.contentColumn.width
        text: Handoff.slipMessage
        font.pixelSize: Theme.largePx
        font.bold: true
    }
    QrCode {
        objectName: "resumeQr"
        visible: page.saving && Handoff.resumeStage === "saved"
        width: page.contentColumn.width
        side: Math.min(Theme.mm(Theme.elder ? 55 : 45), page.contentColumn.width / 2)
        payload: Handoff.codeDigits
        caption: I18n.s["resume.qr_caption"]
    }

    // --- open: type the code (landscape: the code beside the keypad, so neither scrolls away) ---
    Grid {
        id: entry
        readonly property bool wide: page.width > page.height
        visible: !page.saving
        width: page.contentColumn.width
        columns: wide ? 2 : 1
        spacing: Theme.gapPx * 2
        Column {
            width: entry.wide ? entry.width - keypad.width - entry.spacing : entry.width
            spacing: Theme.gapPx
            BodyText {
                width: parent.width
                text: I18n.s["resume.enter"]
                font.pixelSize: Theme.largePx
            }
            Rectangle {
                width: parent.width
                height: Theme.buttonPx
                radius: Theme.mm(2)
                border.color: Theme.primary
                border.width: Theme.mm(0.6)
                color: Theme.surface
                Text {
                    objectName: "resumeTyped"
                    anchors.centerIn: parent
                    text: page.grouped(keypad.value)
                    color: Theme.text
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.headingPx
                    font.bold: true
                    font.letterSpacing: Theme.mm(0.8)
                }
            }
        }
        Item {
            width: entry.wide ? keypad.width : entry.width
            height: keypad.height
            NumericKeypad {
                id: keypad
                objectName: "resumeKeypad"
                anchors.horizontalCenter: parent.horizontalCenter
                maxLength: 13
                onValueChanged: if (page.failed) Handoff.clearResume()
            }
        }
    }

    primaryAction: KioskButton {
        objectName: page.saving ? "resumeBack" : "resumeRestore"
        width: page.width - 2 * Theme.marginPx
        kind: page.saving ? "primary" : "accent"
        icon: page.saving ? "arrow-left" : "player-play"
        text: I18n.s[page.saving ? "resume.back_to_form" : "resume.restore"]
        textPx: Theme.headingPx
        enabledState: page.saving ? Handoff.resumeStage !== "saving" : keypad.value.length === 13 && Handoff.resumeStage !== "restoring"
        onActivated: page.saving ? Nav.back() : Handoff.restoreDraft(keypad.value)
    }
}
