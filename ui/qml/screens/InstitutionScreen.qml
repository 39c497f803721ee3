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
        .concat([I18n.s["directory.qr"]])

    Repeater {
        model: page.rows
        delegate: Column {
            required property var modelData
            width: page.contentColumn.width
            BodyText { text: I18n.s[modelData[0]]; color: Theme.textMuted }
            BodyText { width: parent.width; text: modelData[1] || ""; font.pixelSize: Theme.largePx; font.bold: true }
        }
    }
    QrCode {
        objectName: "institutionQr"
        width: page.contentColumn.width
        payload: page.place.tel || ""
        caption: I18n.s["directory.qr"]
    }
}
