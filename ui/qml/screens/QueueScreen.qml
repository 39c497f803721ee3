// 取号: choose a service, get a number; the ticket is printed, or shown here with its QR code.
import QtQuick
import "../components"

ScreenPage {
    id: page
    title: I18n.s["queue.title"]
    readonly property string status: Queue.busy ? I18n.s["queue.busy"]
        : Queue.messageKey === "queue.closed"
          ? I18n.s["queue.closed"] + " " + I18n.s["queue.closed_until"].replace("{when}", Queue.closedUntil)
          : Queue.messageKey !== "" ? I18n.s[Queue.messageKey] : ""
    // What 朗读 says is what the screen shows, in its order: the ticket with what to do with it
    // and the buttons, or the services by letter and name (when a closed one opens again).
    readAloudText: (Queue.hasTicket
        ? [page.title, I18n.s["queue.your_number"] + " · " + Queue.serviceName, Queue.number,
           I18n.s["queue.ahead"].replace("{ahead}", Queue.ahead),
           Queue.waitText !== "" ? I18n.s["queue.wait"].replace("{minutes}", Queue.waitText) : "",
           page.status,
           Queue.printed ? I18n.s["queue.printed"] : I18n.s["queue.not_printed"],
           I18n.s["queue.qr_caption"], I18n.s["queue.issued_at"].replace("{time}", Queue.issuedAt),
           Queue.notifyHere ? I18n.s["queue.notify_on"] : I18n.s["queue.notify_ask"],
           I18n.s["queue.another"]]
        : [page.title + "。" + I18n.s["queue.choose"]].concat(Queue.services.map(function (s) {
              return s.letter + " " + s.name
                  + (s.open ? "" : "，" + I18n.s["queue.closed_until"].replace("{when}", s.reopens))
          }), [page.status])).filter(t => t !== "").join("\n")

    // Choosing a service.
    Heading {
        visible: !Queue.hasTicket
        width: page.contentColumn.width
        text: I18n.s["queue.choose"]
    }
    Repeater {
        model: Queue.hasTicket ? [] : Queue.services
        delegate: Column {
            required property var modelData
            width: page.contentColumn.width
            spacing: Theme.gapPx
            KioskButton {
                objectName: "service_" + modelData.letter
                width: parent.width
                kind: modelData.open ? "primary" : "plain"
                enabledState: modelData.open && !Queue.busy
                icon: "ticket"
                text: modelData.letter + "  " + modelData.name
                textPx: Theme.headingPx
                onActivated: Queue.take(modelData.letter)
            }
            BodyText {
                objectName: "closed_" + modelData.letter
                visible: !modelData.open
                width: parent.width
                text: I18n.s["queue.closed_until"].replace("{when}", modelData.reopens)
                color: Theme.textMuted
            }
        }
    }
    StatusMessage {
        objectName: "queueStatus"
        width: page.contentColumn.width
        busy: Queue.busy
        error: !Queue.busy && Queue.messageKey !== ""
        text: page.status
    }

    // The ticket: the number, then what to do with it; side by side on a landscape screen.
    Grid {
        id: ticket
        visible: Queue.hasTicket
        width: page.contentColumn.width
        columns: page.width > page.height ? 2 : 1
        columnSpacing: Theme.gapPx * 2
        rowSpacing: Theme.gapPx * 2
        readonly property real cell: columns === 2 ? (width - columnSpacing) / 2 : width

        Column {
            width: ticket.cell
            spacing: Theme.gapPx * 2
            BodyText {
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                text: I18n.s["queue.your_number"] + " · " + Queue.serviceName
                font.pixelSize: Theme.headingPx
            }
            Text {
                objectName: "ticketNumber"
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                text: Queue.number
                color: Theme.primary
                font.family: Theme.fontFamily
                font.pixelSize: Theme.displayPx * 3
                font.bold: true
                font.features: { "tnum": 1 }
            }
            Heading {
                objectName: "ticketAhead"
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                text: I18n.s["queue.ahead"].replace("{ahead}", Queue.ahead)
            }
            BodyText {
                objectName: "ticketWait"
                visible: Queue.waitText !== ""
                width: parent.width
                horizontalAlignment: Text.AlignHCenter
                text: I18n.s["queue.wait"].replace("{minutes}", Queue.waitText)
            }
        }
        Column {
            width: ticket.cell
            spacing: Theme.gapPx * 2
            StatusMessage {
                objectName: "printState"
                width: parent.width
                error: !Queue.printed
                text: Queue.printed ? I18n.s["queue.printed"] : I18n.s["queue.not_printed"]
            }
            QrCode {
                objectName: "ticketQr"
                width: parent.width
                // Larger when the screen and the phone are the only ticket the visitor has.
                side: Queue.printed ? Theme.mm(45) : Theme.mm(70)
                payload: Queue.hasTicket ? Queue.url : ""
                caption: I18n.s["queue.qr_caption"] + "\n" + I18n.s["queue.issued_at"].replace("{time}", Queue.issuedAt)
            }
            KioskButton {
                objectName: "notifyHere"
                width: parent.width
                kind: Queue.notifyHere ? "primary" : "plain"
                icon: Queue.notifyHere ? "bell-ringing" : "bell"
                text: Queue.notifyHere ? I18n.s["queue.notify_on"] : I18n.s["queue.notify_ask"]
                onActivated: Queue.setNotifyHere(!Queue.notifyHere)
            }
        }
    }

    primaryAction: KioskButton {
        objectName: "takeAnother"
        visible: Queue.hasTicket
        width: page.width - 2 * Theme.marginPx
        kind: "plain"
        icon: "ticket"
        text: I18n.s["queue.another"]
        onActivated: Queue.again()
    }
}
