// The guide reader: plain summary, numbered steps, what to bring, where to go, time limits, the
// articles it relies on, related guides, and a QR code to take it home. Read aloud paragraph by
// paragraph, the spoken paragraph highlighted.
import QtQuick
import "../components"

ScreenPage {
    id: page
    readonly property var guide: Library.guide(Nav.params.guide || "", I18n.language, {
        "steps": I18n.s["guide.steps"], "documents": I18n.s["guide.documents"],
        "where": I18n.s["guide.where"], "timeLimits": I18n.s["guide.time_limits"] })
    readonly property var steps: guide.steps || []
    title: guide.title || ""
    readAloudParagraphs: guide.paragraphs || []
    Component.onCompleted: if (guide.id) Library.guideOpened(guide.id)

    BodyText {
        visible: I18n.language === "en"
        width: page.contentColumn.width
        text: I18n.s["guide.chinese_only"]
        color: Theme.textMuted
    }
    Paragraph { objectName: "summary"; width: page.contentColumn.width; speechIndex: page.guide.summaryAt ?? -1; text: page.guide.summary || ""; pixelSize: Theme.largePx }

    Heading { text: I18n.s["guide.steps"]; visible: page.steps.length > 0 }
    Repeater {
        model: page.steps
        delegate: Paragraph {
            required property string modelData
            required property int index
            objectName: "step_" + index
            width: page.contentColumn.width
            speechIndex: (page.guide.stepsAt ?? -1) < 0 ? -1 : page.guide.stepsAt + index
            text: (index + 1) + ". " + modelData
        }
    }

    Repeater {
        model: [["guide.documents", "documents"], ["guide.where", "where"], ["guide.time_limits", "timeLimits"]]
        delegate: Column {
            required property var modelData
            required property int index
            readonly property var items: page.guide[modelData[1]] || []
            visible: items.length > 0
            width: page.contentColumn.width
            spacing: Theme.gapPx
            Heading { text: I18n.s[modelData[0]] }
            Paragraph {
                width: parent.width
                speechIndex: page.guide.sectionAt ? (page.guide.sectionAt[modelData[1]] ?? -1) : -1
                text: parent.items.map(x => "• " + x).join("\n")
            }
        }
    }

    Heading { text: I18n.s["guide.citations"]; visible: (page.guide.citations || []).length > 0 }
    Repeater {
        model: page.guide.citations || []
        delegate: ListButton {
            required property var modelData
            objectName: "cite_" + modelData.number
            width: page.contentColumn.width
            icon: "scale"
            title: "《" + modelData.shortName + "》" + modelData.label
            subtitle: modelData.citeNote || modelData.text
            onActivated: Nav.go("article", { "law": modelData.law, "number": modelData.number })
        }
    }

    Heading { text: I18n.s["guide.related"]; visible: (page.guide.related || []).length > 0 }
    Repeater {
        model: page.guide.related || []
        delegate: ListButton {
            required property var modelData
            objectName: "related_" + modelData.id
            width: page.contentColumn.width
            icon: "file-text"
            title: modelData.title
            onActivated: Nav.go("guide", { "guide": modelData.id })
        }
    }

    // Forms this guide leads to (写申请), with what the guide already knows filled in.
    Repeater {
        model: page.guide.id ? Forms.entryPointsFor(page.guide.id) : []
        delegate: KioskButton {
            required property var modelData
            objectName: "guideForm_" + modelData.form
            width: page.contentColumn.width
            kind: "accent"
            icon: "file-text"
            text: modelData.label
            onActivated: {
                Forms.openWith(modelData.form, modelData.prefill)
                Nav.go("form", { "form": modelData.form })
            }
        }
    }

    QrCode {
        objectName: "guideQr"
        width: page.contentColumn.width
        payload: page.guide.url || ""
        caption: I18n.s["guide.qr"]
    }
}
