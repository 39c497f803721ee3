// One topic: its guides first, then the common questions people ask about it.
import QtQuick
import "../components"

ScreenPage {
    id: page
    readonly property var topic: Library.topic(Nav.params.topic || "", I18n.language)
    readonly property var guides: Library.guidesFor(Nav.params.topic || "", I18n.language)
    readonly property var faqs: Library.faqsFor(Nav.params.topic || "")
    title: topic.name || I18n.s["guides.title"]
    readAloudText: [page.title, I18n.s["topic.guides"]].concat(guides.map(g => g.title)).join("\n")

    Heading { text: I18n.s["topic.guides"] }
    Repeater {
        model: page.guides
        delegate: ListButton {
            required property var modelData
            objectName: "guide_" + modelData.id
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
            objectName: "faq_" + modelData.id
            width: page.contentColumn.width
            icon: "help-circle"
            title: modelData.question
            onActivated: Nav.go("faq", { "faq": modelData.id })
        }
    }
}
