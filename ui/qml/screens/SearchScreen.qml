// 搜一搜: one box across guides, common questions and laws; results grouped by kind.
import QtQuick
import "../components"

ScreenPage {
    id: page
    title: I18n.s["search.title"]
    readonly property var results: Library.results
    readAloudText: Library.hasResults
        ? I18n.s["search.found"] + "\n" + (results.guide || []).concat(results.faq || []).slice(0, 5).map(r => r.title).join("\n")
        : I18n.s["search.read"]

    SearchField {
        objectName: "search"
        width: page.contentColumn.width
        text: Library.query
        placeholder: I18n.s["search.placeholder"]
        buttonText: I18n.s["search.button"]
        onSubmitted: text => Library.search(text)
    }
    StatusMessage {
        objectName: "searchStatus"
        width: page.contentColumn.width
        busy: Library.searching
        text: Library.searching ? I18n.s["search.searching"]
            : (Library.query.trim() !== "" && !Library.hasResults ? I18n.s["search.none"] : "")
    }

    Repeater {
        model: [["guide", "search.guides", "file-text"], ["faq", "search.faq", "help-circle"], ["law", "search.laws", "scale"]]
        delegate: Column {
            required property var modelData
            readonly property var hits: (page.results[modelData[0]] || []).slice(0, modelData[0] === "law" ? 10 : 5)
            visible: hits.length > 0
            width: page.contentColumn.width
            spacing: Theme.gapPx
            Heading { text: I18n.s[modelData[1]] }
            Repeater {
                model: parent.hits
                delegate: ListButton {
                    required property var modelData
                    objectName: "result_" + modelData.kind + "_" + modelData.id
                    width: page.contentColumn.width
                    icon: modelData.kind === "law" ? "scale" : (modelData.kind === "faq" ? "help-circle" : "file-text")
                    title: modelData.title
                    // A law result: the visitor's own situation first when the article has one.
                    subtitle: modelData.kind !== "law" ? ""
                        : (modelData.situation ? I18n.s["search.situation"] + modelData.situation + "\n" : "") + modelData.text
                    onActivated: modelData.kind === "law" ? Nav.go("article", { "law": modelData.law, "number": modelData.article })
                               : modelData.kind === "faq" ? Nav.go("faq", { "faq": modelData.id })
                               : Nav.go("guide", { "guide": modelData.id })
                }
            }
        }
    }
}
