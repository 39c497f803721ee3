// 使用说明: how to use the kiosk, how the visitor's information is protected (PIPL art. 17),
// and that the kiosk gives legal information, not advice.
import QtQuick
import "../components"

ScreenPage {
    id: page
    title: I18n.s["privacy.title"]
    readAloudText: [page.title, I18n.s["privacy.how_title"], I18n.s["privacy.how_body"],
                    I18n.s["privacy.data_title"], I18n.s["privacy.data_body"],
                    I18n.s["privacy.info_title"], I18n.s["privacy.info_body"]].join("\n")

    Repeater {
        model: ["how", "data", "info"]
        delegate: Column {
            required property string modelData
            width: page.contentColumn.width
            spacing: Theme.gapPx
            Heading { width: parent.width; text: I18n.s["privacy." + modelData + "_title"] }
            BodyText { width: parent.width; text: I18n.s["privacy." + modelData + "_body"] }
        }
    }
}
