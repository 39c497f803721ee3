// One common question: the plain answer, the guide to read next, and the articles behind it.
import QtQuick
import "../components"

ScreenPage {
    id: page
    readonly property var faq: Library.faq(Nav.params.faq || "")
    title: faq.question || ""
    readAloudText: (faq.question || "") + "\n" + (faq.answer || "")

    BodyText { width: page.contentColumn.width; text: page.faq.answer || ""; font.pixelSize: Theme.largePx }
    BodyText { width: page.contentColumn.width; text: I18n.s["ask.disclaimer"]; color: Theme.textMuted }
    ListButton {
        visible: (page.faq.guide || "") !== ""
        objectName: "faqGuide"
        width: page.contentColumn.width
        icon: "file-text"
        title: page.faq.guideTitle || ""
        subtitle: I18n.s["faq.guide"]
        onActivated: Nav.go("guide", { "guide": page.faq.guide })
    }
    Heading { text: I18n.s["guide.citations"]; visible: (page.faq.citations || []).length > 0 }
    Repeater {
        model: page.faq.citations || []
        delegate: ListButton {
            required property var modelData
            width: page.contentColumn.width
            icon: "scale"
            title: "《" + modelData.shortName + "》" + modelData.label
            subtitle: modelData.text
            onActivated: Nav.go("article", { "law": modelData.law, "number": modelData.number })
        }
    }
}
