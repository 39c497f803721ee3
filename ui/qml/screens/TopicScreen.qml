// One topic: its guides first, then the common questions people ask about it.
import QtQuick
import "../components"

ScreenPage {
    id: page
    chineseContent: true
    readonly property var topic: Library.topic(Nav.params.topic || "", I18n.language)
    readonly property var guides: Library.guidesFor(Nav.params.topic || "", I18n.language)
    readonly property var faqs: Library.faqsFor(Nav.params.topic || "")
    title: topic.name || I18n.s["guides.title"]
    // The topic, its guides, then its common questions, each one a paragraph.
    readAloudParagraphs: [page.title + "。" + I18n.s["topic.guides"]].concat(guides.map(g => g.title))
        .concat(faqs.length > 0 ? [I18n.s["topic.faq"]] : []).concat(faqs.map(f => f.question))

    Heading { text: I18n.s["topic.guides"] }
    Repeater {
        model: page.guides
        delegate: ListButton {
            required property var modelData
            required property int index
            objectName: "guide_" + modelData.id
            speechIndex: 1 + index
            width: page.contentColumn.width
            icon: "file-text"
            title: modelData.title
            onActivated: Nav.go("guide", { "guide": modelData.id })
        }
    }
    Heading { text: I18n.s["topic.faq"]; visible: page.faqs.length > 0 }
    Repeater {
        model: page.faqs
        delegate: ListButton {
            required property var modelData
            required property int index
            objectName: "faq_" + modelData.id
            speechIndex: 2 + page.guides.length + index
            width: page.contentColumn.width
            icon: "help-circle"
            title: modelData.question
            onActivated: Nav.go("faq", { "faq": modelData.id })
        }
    }
}
