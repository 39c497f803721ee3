// 查法条: the laws on this kiosk; a law opens its chapters.
import QtQuick
import "../components"

ScreenPage {
    id: page
    chineseContent: true
    readonly property var laws: Library.laws()
    title: I18n.s["laws.title"]
    readonly property string status: Library.errorKey !== "" ? I18n.s[Library.errorKey] : (Library.ready ? "" : I18n.s["library.loading"])
    readAloudParagraphs: [page.title + "。" + I18n.s["laws.read"] + page.status]
        .concat(laws.map(l => l.shortName + "。" + l.name + "，" + I18n.s["laws.count"].replace("{n}", l.articleCount)))

    StatusMessage {
        width: page.contentColumn.width
        text: page.status
        error: Library.errorKey !== ""
        busy: !Library.ready && Library.errorKey === ""
    }
    Repeater {
        model: page.laws
        delegate: ListButton {
            required property var modelData
            required property int index
            speechIndex: 1 + index
            objectName: "law_" + modelData.shortName
            width: page.contentColumn.width
            icon: "scale"
            title: modelData.shortName
            // In English the Chinese name and the English count are two lines, never one.
            subtitle: I18n.s["laws.count_line"].replace("{name}", modelData.name)
                .replace("{count}", I18n.s["laws.count"].replace("{n}", modelData.articleCount))
            onActivated: Nav.go("law", { "law": modelData.name })
        }
    }
}
