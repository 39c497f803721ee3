// One institution: address, phone, hours, and a QR code that puts the phone number on a phone.
import QtQuick
import "../components"

ScreenPage {
    id: page
    readonly property var place: Library.institution(Nav.params.institution || "")
    title: place.name || ""
    readAloudText: [place.name, I18n.s["directory.address"] + "：" + place.address,
                    I18n.s["directory.phone"] + "：" + place.phone,
                    I18n.s["directory.hours"] + "：" + place.hours].join("\n")

    BodyText { width: page.contentColumn.width; visible: page.place.sample === true; text: I18n.s["directory.sample"]; color: Theme.textMuted }
    Repeater {
        model: [["directory.type_label", page.place.type ? I18n.s["directory.type." + page.place.type] : ""],
                ["directory.address", page.place.address], ["directory.phone", page.place.phone],
                ["directory.hours", page.place.hours]]
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
