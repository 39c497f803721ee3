// One law: its chapters (a law without chapters lists its articles at once).
import QtQuick
import "../components"

ScreenPage {
    id: page
    chineseContent: true
    readonly property string law: Nav.params.law || ""
    readonly property var chapters: Library.chapters(law)
    title: law
    readAloudParagraphs: [page.title, I18n.s["law.read_all"]]
        .concat(chapters.map(c => c.title + "。" + (c.part ? c.part + "，" : "") + I18n.s["laws.count"].replace("{n}", c.count)))

    ListButton {
        objectName: "allArticles"
        speechIndex: 1
        width: page.contentColumn.width
        icon: "list"
        title: I18n.s["law.all_articles"]
        onActivated: Nav.go("chapter", { "law": page.law, "chapter": -1, "title": page.law })
    }
    Repeater {
        model: page.chapters
        delegate: ListButton {
            required property var modelData
            required property int index
            speechIndex: 2 + index
            objectName: "chapter_" + modelData.index
            width: page.contentColumn.width
            title: modelData.title
            subtitle: modelData.part ? I18n.s["laws.count_line"].replace("{name}", modelData.part)
                                           .replace("{count}", I18n.s["laws.count"].replace("{n}", modelData.count))
                                     : I18n.s["laws.count"].replace("{n}", modelData.count)
            onActivated: Nav.go("chapter", { "law": page.law, "chapter": modelData.index, "title": modelData.title })
        }
    }
}
