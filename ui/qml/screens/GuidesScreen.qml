// 法律指南: topics as big tiles; a topic opens its guides and common questions.
import QtQuick
import "../components"

ScreenPage {
    id: page
    chineseContent: true
    title: I18n.s["guides.title"]
    readonly property bool english: I18n.language === "en"
    readonly property string status: Library.errorKey !== "" ? I18n.s[Library.errorKey] : (Library.ready ? "" : I18n.s["library.loading"])
    readAloudParagraphs: [page.title + "。" + I18n.s["guides.read"] + page.status]
        .concat(Library.topics.map(t => english ? t.titleEn + ": " + t.subtitleEn : t.title + "：" + t.subtitle))

    StatusMessage {
        width: page.contentColumn.width
        text: page.status
        error: Library.errorKey !== ""
        busy: !Library.ready && Library.errorKey === ""
    }

    Grid {
        id: grid
        width: page.contentColumn.width
        columns: width > Theme.mm(560) ? 4 : (width > Theme.mm(380) ? 3 : 2)
        spacing: Theme.gapPx * 2
        readonly property int tileWidth: (width - (columns - 1) * spacing) / columns
        Repeater {
            model: Library.topics
            delegate: Tile {
                required property var modelData
                required property int index
                objectName: "topic_" + modelData.id
                speechIndex: index + 1
                width: grid.tileWidth
                height: Math.max(Theme.mm(58), implicitHeight)
                icon: modelData.icon
                title: I18n.language === "en" ? modelData.titleEn : modelData.title
                subtitle: I18n.language === "en" ? modelData.subtitleEn : modelData.subtitle
                onActivated: Nav.go("topic", { "topic": modelData.id })
            }
        }
    }
}
