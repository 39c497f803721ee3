// 搜一搜: one box across guides, common questions and laws; results grouped by kind. Read aloud
// group by group, every result, the spoken one highlighted.
import QtQuick
import "../components"

ScreenPage {
    id: page
    chineseContent: true
    title: I18n.s["search.title"]
    readonly property var results: Library.results
    readonly property string status: Library.searching ? I18n.s["search.searching"]
        : (Library.query.trim() !== "" && !Library.hasResults ? I18n.s["search.none"] : "")
    // [kind, heading, icon, how many are shown]
    readonly property var kinds: [["guide", "search.guides", "file-text", 5], ["faq", "search.faq", "help-circle", 5],
                                  ["law", "search.laws", "scale", 10]]
    readonly property var groups: kinds.map(k => ({ "kind": k[0], "heading": I18n.s[k[1]], "icon": k[2],
                                                    "hits": (results[k[0]] || []).slice(0, k[3]) }))
        .filter(g => g.hits.length > 0)
    function subtitle(hit) {
        // A law result: the visitor's own situation first when the article has one.
        return hit.kind !== "law" ? ""
            : (hit.situation ? I18n.s["search.situation_line"].replace("{situation}", hit.situation) + "\n" : "") + hit.text
    }
    // Paragraph 0 says what the screen is; each group is its heading, then its results.
    readonly property var groupStart: {
        let at = 1
        return groups.map(g => { const start = at; at += 1 + g.hits.length; return start })
    }
    // Before a search: topics and common questions to tap instead of typing.
    readonly property bool idle: Library.query.trim() === "" && !Library.searching
    readonly property var topics: idle ? Library.topics : []
    readonly property var common: idle && Library.ready ? Library.commonQuestions() : []
    function topicName(t) { return I18n.language === "en" ? t.titleEn : t.title }
    readAloudParagraphs: [page.title + "。" + (Library.hasResults ? I18n.s["search.found"] : I18n.s["search.read"]) + page.status]
        .concat(idle ? [I18n.s["chips.read_hint"] + I18n.s["chips.topics"] + "：" + topics.map(topicName).join("、"),
                        I18n.s["chips.common"]].concat(common) : [])
        .concat(...groups.map(g => [g.heading].concat(g.hits.map(h => h.title + (subtitle(h) ? "。" + subtitle(h) : "")))))
        .concat(Library.hasResults ? [I18n.s["search.read_again"]] : [])

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
        text: page.status
    }

    Chips {
        objectName: "topicChip"
        width: page.contentColumn.width
        heading: I18n.s["chips.topics"]
        icon: "book"
        items: page.topics.map(page.topicName)
        onPicked: text => Nav.go("topic", { "topic": page.topics.find(t => page.topicName(t) === text).id })
    }
    Column {
        visible: page.common.length > 0
        width: page.contentColumn.width
        spacing: Theme.gapPx
        Heading { text: I18n.s["chips.common"] }
        Repeater {
            model: page.common
            delegate: ListButton {
                required property string modelData
                required property int index
                objectName: "searchCommon_" + index
                speechIndex: 3 + index
                width: page.contentColumn.width
                icon: "help-circle"
                title: modelData
                onActivated: Library.search(modelData)
            }
        }
    }

    Repeater {
        model: page.groups
        delegate: Column {
            id: group
            required property var modelData
            required property int index
            readonly property int start: page.groupStart[index] ?? 0
            width: page.contentColumn.width
            spacing: Theme.gapPx
            Heading { text: group.modelData.heading }
            Repeater {
                model: group.modelData.hits
                delegate: ListButton {
                    required property var modelData
                    required property int index
                    objectName: "result_" + modelData.kind + "_" + modelData.id
                    speechIndex: group.start + 1 + index
                    width: page.contentColumn.width
                    icon: group.modelData.icon
                    title: modelData.title
                    subtitle: page.subtitle(modelData)
                    onActivated: modelData.kind === "law" ? Nav.go("article", { "law": modelData.law, "number": modelData.article })
                               : modelData.kind === "faq" ? Nav.go("faq", { "faq": modelData.id })
                               : Nav.go("guide", { "guide": modelData.id })
                }
            }
        }
    }
}
