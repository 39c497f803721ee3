// One institution: address, phone, hours, and a QR code that puts the phone number on a phone.
import QtQuick
import "../components"

ScreenPage {
    id: page
    chineseContent: true
    readonly property var place: Library.institution(Nav.params.institution || "")
    title: place.name || ""
    readonly property var rows: [["directory.type_label", place.type ? I18n.s["directory.type." + place.type] : ""],
                                 ["directory.address", place.address], ["directory.phone", place.phone],
                                 ["directory.hours", place.hours]]
    readAloudParagraphs: [place.name || ""].concat(rows.map(r => I18n.s[r[0]] + "：" + (r[1] || "")))
        .concat([I18n.s["take_home.print_place"], I18n.s["handoff.send_place"], I18n.s["directory.qr"]])
    Component.onCompleted: TakeHome.clear()

    Repeater {
        model: page.rows
        delegate: Column {
            required property var modelData
            width: page.contentColumn.width
            BodyText { text: I18n.s[modelData[0]]; color: Theme.textMuted }
            BodyText { width: parent.width; text: modelData[1] || ""; font.pixelSize: Theme.largePx; font.bold: true }
        }
    }
    // 打印带走: the address, phone and hours on A4; a failure points to the QR below.
    KioskButton {
        objectName: "institutionPrint"
        visible: !!page.place.id
        width: page.contentColumn.width
        kind: "accent"
        icon: "printer"
        text: I18n.s["take_home.print_place"]
        enabled: !TakeHome.busy
        onActivated: TakeHome.printInstitution(page.place, page.rows.map(r => [I18n.s[r[0]], r[1] || ""]))
    }
    Paragraph {
        objectName: "institutionPrintStatus"
        visible: TakeHome.statusKey !== ""
        width: page.contentColumn.width
        pixelSize: Theme.largePx
        text: TakeHome.statusKey === "" ? ""
              : [TakeHome.problem, I18n.s[TakeHome.statusKey]].filter(x => x).join("\n")
    }
    KioskButton {
        objectName: "institutionPhone"
        visible: !!page.place.id
        width: page.contentColumn.width
        icon: "device-mobile"
        text: I18n.s["handoff.send_place"]
        onActivated: {
            Handoff.sendInstitution(page.place, page.rows.map(r => [I18n.s[r[0]], r[1] || ""]))
            Nav.go("handoff")
        }
    }
    QrCode {
        objectName: "institutionQr"
        width: page.contentColumn.width
        payload: page.place.tel || ""
        caption: I18n.s["directory.qr"]
    }
}
