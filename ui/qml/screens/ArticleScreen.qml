// One article, reached from a citation or a search result: law, chapter, full text.
import QtQuick
import "../components"

ScreenPage {
    id: page
    readonly property var article: Library.article(Nav.params.law || "", Nav.params.number || 0)
    readonly property bool found: article.text !== undefined
    title: found ? "《" + article.shortName + "》" + article.label : I18n.s["article.not_found"]
    readonly property var situations: found ? (article.situations || []) : []
    readonly property string place: found ? article.law + (article.chapter ? " · " + article.chapter : "") : ""
    readAloudParagraphs: found
        ? [page.title + "。" + page.place, article.text, article.note,
           situations.length ? I18n.s["article.situations"] + "：" + situations.join("；") : "",
           I18n.s["article.more"] + "：" + article.law]
        : [I18n.s["article.not_found"]]

    BodyText { width: page.contentColumn.width; text: page.place; color: Theme.textMuted }
    BodyText { objectName: "articleText"; width: page.contentColumn.width; text: page.found ? page.article.text : ""; font.pixelSize: Theme.largePx }
    BodyText { width: page.contentColumn.width; visible: page.found && page.article.note !== ""; text: page.found ? page.article.note : ""; color: Theme.textMuted }
    // Visitors' words for what this article answers (the pack's lay phrases): a quick "is this
    // about my problem?" before reading the legal text twice.
    Heading { width: page.contentColumn.width; visible: page.situations.length > 0; text: I18n.s["article.situations"] }
    BodyText {
        objectName: "articleSituations"
        width: page.contentColumn.width
        visible: page.situations.length > 0
        text: page.situations.map(s => "· " + s).join("\n")
    }
    StatusMessage { width: page.contentColumn.width; visible: !page.found; text: page.found ? "" : I18n.s["article.not_found"]; error: true }
    ListButton {
        visible: page.found
        width: page.contentColumn.width
        icon: "book"
        title: I18n.s["article.more"]
        subtitle: page.found ? page.article.law : ""
        onActivated: Nav.go("law", { "law": page.article.law })
    }
}
