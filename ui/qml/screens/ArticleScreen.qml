// One article, reached from a citation or a search result: law, chapter, full text.
import QtQuick
import "../components"

ScreenPage {
    id: page
    chineseContent: true
    limitReadingWidth: true
    readonly property var article: Library.article(Nav.params.law || "", Nav.params.number || 0)
    readonly property bool found: article.text !== undefined
    title: found ? article.citedAs : I18n.s["article.not_found"]
    readonly property var situations: found ? (article.situations || []) : []
    // The chapter the article stands in, to open it (what looks like a link is one).
    readonly property var chapter: found && article.chapter
        ? (Library.chapters(article.law).find(c => c.title === article.chapter) || null) : null
    readAloudParagraphs: found
        ? [page.title, article.text, article.note,
           situations.length ? I18n.s["article.situations"] + "：" + situations.join("；") : "",
           article.law + (article.chapter ? "，" + article.chapter : ""), I18n.s["article.more"]]
        : [I18n.s["article.not_found"]]

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
        objectName: "articleChapter"
        visible: page.found
        width: page.contentColumn.width
        icon: "list"
        title: page.found ? page.article.law : ""
        subtitle: page.found ? page.article.chapter : ""
        onActivated: page.chapter ? Nav.go("chapter", { "law": page.article.law, "chapter": page.chapter.index,
                                                         "title": page.chapter.title })
                                  : Nav.go("law", { "law": page.article.law })
    }
    ListButton {
        objectName: "articleLaw"
        visible: page.found
        width: page.contentColumn.width
        icon: "book"
        title: I18n.s["article.more"]
        onActivated: Nav.go("law", { "law": page.article.law })
    }
}
