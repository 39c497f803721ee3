// 发到手机: a large QR code whose link opens the guide, answer, office or filled form on the
// visitor's phone (decrypted there; the key is only in the code), with what to do shown and
// spoken; offline, a sentence and printing instead.
import QtQuick
import "../components"

ScreenPage {
    id: page
    title: I18n.s["handoff.title"]
    // The side of the code: as large as the column allows, at most 105 mm (120 mm in 长辈版), so a phone held at arm's length reads it.
    readonly property real qrSide: Math.min(page.contentColumn.width, Theme.mm(Theme.elder ? 120 : 105),
                                            page.height * 0.45)
    readonly property string stageText: Handoff.stage === "working" ? I18n.s["handoff.working"]
                                        : Handoff.stage === "offline" ? I18n.s["handoff.offline"]
                                        : Handoff.stage === "incomplete" ? I18n.s["handoff.incomplete"] : ""
    readAloudText: [page.title, page.stageText,
                    Handoff.stage === "ready" ? I18n.s["handoff.scan"] : "", Handoff.instructions,
                    printButton.visible ? printButton.text : "", retryNote.visible ? retryNote.text : "",
                    doneButton.text].filter(x => x !== "").join("\n")

    Component.onCompleted: if (Nav.params.preview) Handoff.preview(Nav.params)

    StatusMessage {
        objectName: "handoffStatus"
        width: page.contentColumn.width
        text: page.stageText
        busy: Handoff.stage === "working"
        error: Handoff.stage === "offline" || Handoff.stage === "incomplete"
    }

    // Portrait: the code above its instructions; landscape: side by side, the code as tall as fits.
    Grid {
        id: ready
        readonly property bool wide: page.width > page.height
        visible: Handoff.stage === "ready"
        width: page.contentColumn.width
        columns: wide ? 2 : 1
        spacing: Theme.gapPx * 2
        readonly property real side: wide ? Math.min(Theme.mm(Theme.elder ? 120 : 105), page.flick.height - Theme.gapPx)
                                          : page.qrSide
        Item {
            width: ready.wide ? ready.side : ready.width
            height: ready.side
            Image {
                objectName: "handoffQr"
                anchors.horizontalCenter: parent.horizontalCenter
                width: ready.side
                height: width
                sourceSize.width: width
                sourceSize.height: width
                smooth: false
                source: Handoff.url !== "" ? "image://qr/" + encodeURIComponent(Handoff.url) : ""
            }
        }
        Column {
            width: ready.wide ? ready.width - ready.side - ready.spacing : ready.width
            spacing: Theme.gapPx
            Heading {
                objectName: "handoffScan"
                width: parent.width
                horizontalAlignment: ready.wide ? Text.AlignLeft : Text.AlignHCenter
                text: I18n.s["handoff.scan"]
            }
            BodyText {
                objectName: "handoffInstructions"
                width: parent.width
                text: Handoff.instructions
                font.pixelSize: Theme.largePx
            }
        }
    }

    // Offline: the same content on paper, from the hall's printer.
    KioskButton {
        id: printButton
        objectName: "handoffPrint"
        visible: Handoff.stage === "offline" && Handoff.canPrintInstead
        width: page.contentColumn.width
        kind: "accent"
        icon: "printer"
        text: I18n.s["handoff.print_instead"]
        enabled: !TakeHome.busy && !Forms.busy
        onActivated: Handoff.printInstead()
    }
    BodyText {
        id: retryNote
        objectName: "handoffPrintStatus"
        visible: Handoff.stage === "offline" && (TakeHome.statusKey !== "" || Forms.statusKey.indexOf("forms.print") === 0)
        width: page.contentColumn.width
        font.pixelSize: Theme.largePx
        text: !visible ? ""
              : TakeHome.statusKey !== "" ? [TakeHome.problem, I18n.s[TakeHome.statusKey]].filter(x => x).join("\n")
              : I18n.s[Forms.statusKey] + (Forms.printProblem !== "" ? "：" + Forms.printProblem : "")
    }

    primaryAction: KioskButton {
        id: doneButton
        objectName: "handoffDone"
        width: page.width - 2 * Theme.marginPx
        kind: "primary"
        icon: "arrow-left"
        text: I18n.s[Handoff.stage === "ready" ? "handoff.done" : "handoff.back"]
        onActivated: Nav.back()
    }
}
