// First-boot set-up (设置向导): one step at a time, big buttons, every step read aloud. Steps the
// configuration file already decides are not shown (kiosk/firstboot/state.py).
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Window
import "../components"

ScreenPage {
    id: page
    readonly property string step: Setup.stepId
    readonly property string error: Setup.errorKey !== "" ? I18n.s[Setup.errorKey] : ""
    readonly property string notice: Setup.noticeKey !== "" ? I18n.s[Setup.noticeKey] : ""
    readonly property string progress: step === "done" ? "" : page.fmt("setup.progress", { "n": Setup.stepNumber, "of": Setup.stepCount })
    readonly property var printerNames: Setup.printers.map(p => page.fmt("setup.printer_" + p.kind, { "name": p.label }))
    title: I18n.s["setup.title_" + step]
    // The summary names the place in Chinese: in English mode the note offers it in Mandarin.
    chineseContent: step === "done"
    function fmt(key, values) {
        let text = I18n.s[key] || ""
        for (const name in values) text = text.replace("{" + name + "}", values[name])
        return text
    }
    Component.onCompleted: if (Nav.params.preview) Setup.preview(Nav.params.preview)

    // The window takes the orientation chosen at once (under cage, the panel's rotation: docs/deploy.md).
    Connections {
        target: Setup
        function onOrientationApplied(width, height) {
            const w = page.Window.window
            if (w) { w.width = width; w.height = height }
        }
    }

    readAloudParagraphs: [page.title + "。" + page.progress, I18n.s["setup.help_" + step]]
        .concat(step === "place" ? [I18n.s["setup.name"], I18n.s["setup.township"]] : [])
        .concat(step === "orientation" ? [I18n.s["setup.portrait"], I18n.s["setup.landscape"]] : [])
        .concat(step === "server" ? [I18n.s["setup.server"], I18n.s["setup.code"], I18n.s["setup.scan"], I18n.s["setup.later"]] : [])
        .concat(step === "printer" ? page.printerNames.concat([I18n.s["setup.no_printer"], Setup.printerIndex >= 0 ? I18n.s["setup.test_print"] : ""]) : [])
        .concat(step === "pin" ? [Setup.pinRepeat ? I18n.s["setup.pin_again"] : I18n.s["setup.pin_first"]] : [])
        .concat(step === "done" ? page.summaryLines : [])
        .concat([page.notice, page.error, I18n.s["setup.next_" + step] || I18n.s["setup.next"],
                 Setup.stepNumber > 1 && step !== "done" ? I18n.s["setup.back"] : ""])
        .filter(t => t !== "")

    readonly property var summaryLines: {
        const s = Setup.summary
        // The Chinese name on a line of its own: an English line never mixes in Chinese.
        const lines = [I18n.s["setup.sum_place"], s[0] + "，" + s[1], page.fmt("setup.sum_screen", { "o": I18n.s["setup." + (s[2] || "portrait")] })]
        lines.push(s[4] === "enrolled" ? page.fmt("setup.sum_enrolled", { "server": s[3] })
                                       : I18n.s["setup.sum_not_enrolled"])
        lines.push(s[5] ? page.fmt("setup.sum_printer", { "name": s[5] }) : I18n.s["setup.sum_no_printer"])
        return lines
    }

    BodyText { objectName: "setupProgress"; visible: page.progress !== ""; text: page.progress; color: Theme.textMuted }
    BodyText { width: page.contentColumn.width; text: I18n.s["setup.help_" + page.step]; font.pixelSize: Theme.largePx }

    // 1. service point and township (Pinyin keyboard)
    Column {
        visible: page.step === "place"
        width: page.contentColumn.width
        spacing: Theme.gapPx
        BodyText { text: I18n.s["setup.name"]; font.bold: true }
        TextField {
            id: nameField
            objectName: "setupName"
            width: parent.width
            height: Math.max(Theme.buttonPx, implicitHeight)
            text: Setup.name
            font.pixelSize: Theme.largePx
            font.family: Theme.fontFamily
        }
        BodyText { text: I18n.s["setup.township"]; font.bold: true }
        TextField {
            id: townshipField
            objectName: "setupTownship"
            width: parent.width
            height: Math.max(Theme.buttonPx, implicitHeight)
            text: Setup.township
            font.pixelSize: Theme.largePx
            font.family: Theme.fontFamily
        }
    }

    // 2. orientation, applied at once
    Flow {
        visible: page.step === "orientation"
        width: page.contentColumn.width
        spacing: Theme.gapPx
        KioskButton {
            objectName: "setupPortrait"; icon: "device-mobile"; text: I18n.s["setup.portrait"]
            kind: Setup.orientation === "portrait" ? "primary" : "plain"
            onActivated: Setup.chooseOrientation("portrait")
        }
        KioskButton {
            objectName: "setupLandscape"; icon: "device-desktop"; text: I18n.s["setup.landscape"]
            kind: Setup.orientation === "landscape" ? "primary" : "plain"
            onActivated: Setup.chooseOrientation("landscape")
        }
    }

    // 3. server and enrollment code, typed or scanned
    Column {
        visible: page.step === "server"
        width: page.contentColumn.width
        spacing: Theme.gapPx
        BodyText { text: I18n.s["setup.server"]; font.bold: true }
        TextField {
            id: serverField
            objectName: "setupServer"
            width: parent.width
            height: Math.max(Theme.buttonPx, implicitHeight)
            text: Setup.serverUrl
            placeholderText: "https://lawpost.example.gov.cn"
            font.pixelSize: Theme.largePx
            inputMethodHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoAutoUppercase | Qt.ImhLatinOnly
        }
        BodyText { text: I18n.s["setup.code"]; font.bold: true }
        TextField {
            id: codeField
            objectName: "setupCode"
            width: parent.width
            height: Math.max(Theme.buttonPx, implicitHeight)
            text: Setup.code
            font.pixelSize: Theme.largePx
            inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhLatinOnly | Qt.ImhSensitiveData
        }
        Flow {
            width: parent.width
            spacing: Theme.gapPx
            KioskButton { objectName: "setupScan"; icon: "qrcode"; text: I18n.s["setup.scan"]; enabledState: !Setup.busy; onActivated: Setup.scanQr() }
            KioskButton { objectName: "setupLater"; icon: "clock"; text: I18n.s["setup.later"]; enabledState: !Setup.busy; onActivated: Setup.enrollLater() }
        }
    }

    // 4. printer, with a test page
    Column {
        visible: page.step === "printer"
        width: page.contentColumn.width
        spacing: Theme.gapPx
        Repeater {
            model: page.printerNames
            delegate: ListButton {
                required property string modelData
                required property int index
                objectName: "setupPrinter_" + index
                width: page.contentColumn.width
                icon: Setup.printerIndex === index ? "circle-check" : "printer"
                title: modelData
                onActivated: Setup.choosePrinter(index)
            }
        }
        ListButton {
            objectName: "setupNoPrinter"
            width: page.contentColumn.width
            icon: Setup.printerIndex === -1 ? "circle-check" : "printer-off"
            title: I18n.s["setup.no_printer"]
            onActivated: Setup.choosePrinter(-1)
        }
        KioskButton {
            objectName: "setupTestPrint"; icon: "printer"; text: I18n.s["setup.test_print"]
            visible: Setup.printerIndex >= 0; enabledState: !Setup.busy
            onActivated: Setup.testPrint()
        }
    }

    // 5. technician PIN, twice
    Column {
        visible: page.step === "pin"
        spacing: Theme.gapPx
        BodyText { objectName: "setupPinPrompt"; text: Setup.pinRepeat ? I18n.s["setup.pin_again"] : I18n.s["setup.pin_first"]; font.bold: true }
        Text {
            objectName: "setupPinDots"
            text: pinKeys.value.length > 0 ? "●".repeat(pinKeys.value.length) : " "
            color: Theme.text
            font.pixelSize: Theme.headingPx
            font.family: Theme.fontFamily
        }
        NumericKeypad { id: pinKeys; objectName: "setupPinKeys"; maxLength: 12 }
    }

    // 6. done: what was set
    Repeater {
        model: page.step === "done" ? page.summaryLines : []
        delegate: BodyText { required property string modelData; width: page.contentColumn.width; text: modelData; font.pixelSize: Theme.largePx }
    }

    StatusMessage {
        objectName: "setupMessage"
        width: page.contentColumn.width
        visible: text !== "" || Setup.busy
        busy: Setup.busy
        error: page.error !== ""
        text: page.error !== "" ? page.error : page.notice
    }
    KioskButton {
        objectName: "setupBack"; icon: "arrow-left"; text: I18n.s["setup.back"]
        visible: Setup.stepNumber > 1 && page.step !== "done"
        enabledState: !Setup.busy
        onActivated: Setup.back()
    }

    primaryAction: KioskButton {
        objectName: "setupNext"
        width: page.width - 2 * Theme.marginPx
        kind: "accent"
        icon: page.step === "done" ? "check" : "arrow-right"
        text: I18n.s["setup.next_" + page.step] || I18n.s["setup.next"]
        enabledState: !Setup.busy && (page.step !== "pin" || pinKeys.value.length >= 6)
        onActivated: {
            if (page.step === "place") Setup.setPlace(nameField.text, townshipField.text)
            else if (page.step === "orientation") Setup.confirmOrientation()
            else if (page.step === "server") Setup.enroll(serverField.text, codeField.text)
            else if (page.step === "printer") Setup.confirmPrinter()
            else if (page.step === "pin") { Setup.enterPin(pinKeys.value); pinKeys.value = "" }
            else Setup.finish()
        }
    }
}
