// One common question: the plain answer, the guide to read next, and the articles behind it.
import QtQuick
import "../components"

ScreenPage {
    id: page
    chineseContent: true
    limitReadingWidth: true
    readonly property var faq: Library.faq(Nav.params.faq || "")
    title: faq.question || ""
    readonly property var citations: faq.citations || []
    readAloudParagraphs: [faq.question || "", faq.answer || "", I18n.s["ask.disclaimer"]]
        .concat((faq.guide || "") !== "" ? [(faq.guideTitle || "") + "：" + I18n.s["faq.guide"]] : [""])
        .concat(citations.length > 0 ? [I18n.s["guide.citations"]] : [""])
        .concat(citations.map(c => c.citedAs + "。" + c.text))

    BodyText { width: page.contentColumn.width; text: page.faq.answer || ""; font.pixelSize: Theme.largePx }
    BodyText { width: page.contentColumn.width; text: I18n.s["ask.disclaimer"]; color: Theme.textMuted }
    ListButton {
        visible: (page.faq.guide || "") !== ""
        objectName: "faqGuide"
        speechIndex: 3
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
            required property int index
            speechIndex: 5 + index
            width: page.contentColumn.width
            icon: "scale"
            title: modelData.citedAs
            subtitle: modelData.text
            onActivated: Nav.go("article", { "law": modelData.law, "number": modelData.number })
        }
    }
}
