// 12348: what the hotline is for, the number large, and a QR code that dials it from a phone.
import QtQuick
import "../components"

ScreenPage {
    id: page
    title: I18n.s["hotline.title"]
    readAloudParagraphs: [page.title, I18n.s["hotline.what"], I18n.s["hotline.number_label"] + "：" + Kiosk.hotline,
                          I18n.s["hotline.qr"], Library.ready ? I18n.s["hotline.directory"] : ""]

    BodyText { width: page.contentColumn.width; text: I18n.s["hotline.what"]; font.pixelSize: Theme.largePx }
    Column {
        width: page.contentColumn.width
        BodyText { text: I18n.s["hotline.number_label"]; color: Theme.textMuted }
        Text {
            objectName: "hotlineNumber"
            text: Kiosk.hotline
            color: Theme.primary
            font.family: Theme.fontFamily
            font.pixelSize: Theme.displayPx * 2
            font.bold: true
            font.features: { "tnum": 1 }
        }
    }
    QrCode {
        objectName: "hotlineQr"
        width: page.contentColumn.width
        payload: "tel:" + Kiosk.hotline
        caption: I18n.s["hotline.qr"]
    }
    ListButton {
        objectName: "hotlineDirectory"
        visible: Library.ready
        width: page.contentColumn.width
        icon: "map-pin"
        title: I18n.s["hotline.directory"]
        onActivated: Nav.go("directory")
    }
}
