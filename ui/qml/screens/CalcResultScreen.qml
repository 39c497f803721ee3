// The result: the amounts in large tabular figures, the formula in words, the articles (open the
// article when its law is on this kiosk), and the notes. 朗读 reads it paragraph by paragraph.
import QtQuick
import "../components"

ScreenPage {
    id: page
    readonly property var result: Calc.result
    readonly property var formula: result.formula || []
    title: result.title || I18n.s["calc.title"]
    chineseContent: true  // the articles it rests on are Chinese
    // The court fees lead on to the guide on suing and enforcing (when the pack has it); severance
    // already names its own articles and the labour guides are a search away.
    readonly property var courtGuide: (Nav.params.calculator || "").indexOf("-fee") > 0
                                      ? Library.guide("court-sue-enforce", I18n.language, {}) : ({})
    readonly property string courtGuideTitle: courtGuide.title || ""
    readAloudParagraphs: {
        const spoken = result.spoken || []
        return page.courtGuideTitle === "" || spoken.length === 0 ? spoken
            : spoken.slice(0, -1).concat([page.courtGuideTitle, spoken[spoken.length - 1]])
    }
    Component.onCompleted: Calc.prepare(Nav.params.calculator || "", Nav.params.values || {}, 0)

    // Landscape: the amounts side by side.
    Flow {
        id: figures
        readonly property int across: page.width > page.height
                                      ? Math.max(1, (page.result.figures || []).length) : 1
        width: page.contentColumn.width
        spacing: Theme.gapPx * 2
        Repeater {
            model: page.result.figures || []
            delegate: Rectangle {
                required property var modelData
                required property int index
                // The first paragraph says the title and every amount.
                readonly property bool speakingNow: Speech.paragraphIndex === 0
                width: (figures.width - (figures.across - 1) * figures.spacing) / figures.across
                height: figureColumn.implicitHeight + Theme.gapPx * 3
                radius: Theme.radiusPx
                color: speakingNow ? Theme.highlight : Theme.surface
                border.width: modelData.main ? Theme.borderPx * 2 : Theme.borderPx
                border.color: modelData.main ? Theme.primary : Theme.border
                Column {
                    id: figureColumn
                    anchors.left: parent.left
                    anchors.right: parent.right
                    anchors.verticalCenter: parent.verticalCenter
                    anchors.margins: Theme.gapPx * 2
                    spacing: Theme.gapPx / 2
                    BodyText { width: parent.width; text: modelData.label; font.pixelSize: Theme.largePx }
                    Text {
                        objectName: "figure_" + index
                        width: parent.width
                        horizontalAlignment: Text.AlignRight
                        wrapMode: Text.Wrap
                        text: modelData.amount + " " + I18n.s["calc.ui.yuan"]
                        color: modelData.main ? Theme.primary : Theme.text
                        font.family: Theme.fontFamily
                        font.pixelSize: modelData.main ? Theme.displayPx * 1.4 : Theme.displayPx
                        font.bold: true
                        font.features: { "tnum": 1 }
                    }
                }
            }
        }
    }

    Heading { width: page.contentColumn.width; text: I18n.s["calc.ui.how"] }
    Column {
        width: page.contentColumn.width
        Repeater {
            model: page.formula
            delegate: Paragraph {
                required property var modelData
                required property int index
                objectName: "formula_" + index
                width: page.contentColumn.width
                speechIndex: page.result.formulaAt + index
                text: modelData
            }
        }
    }

    Heading { width: page.contentColumn.width; text: I18n.s["calc.ui.basis"] }
    Repeater {
        model: page.result.articles || []
        delegate: Item {
            id: citation
            required property var modelData
            required property int index
            // Tappable only when the article's law is in the installed pack.
            readonly property bool linkable: modelData.inPack
                && Library.article(modelData.law, modelData.number).text !== undefined
            width: page.contentColumn.width
            height: linkable ? link.implicitHeight : plain.implicitHeight
            ListButton {
                id: link
                objectName: "article_" + citation.modelData.number
                visible: citation.linkable
                width: parent.width
                icon: "scale"
                speechIndex: page.result.articlesAt + citation.index
                title: citation.modelData.title
                subtitle: citation.modelData.note
                onActivated: Nav.go("article", { "law": citation.modelData.law,
                                                 "number": citation.modelData.number })
            }
            Paragraph {
                id: plain
                objectName: "citation_" + citation.modelData.number
                visible: !citation.linkable
                width: parent.width
                bold: false
                speechIndex: page.result.articlesAt + citation.index
                text: citation.modelData.title + "：" + citation.modelData.note
            }
        }
    }

    Heading { width: page.contentColumn.width; text: I18n.s["calc.ui.notes"]; visible: (page.result.notes || []).length > 0 }
    Repeater {
        model: page.result.notes || []
        delegate: Paragraph {
            required property var modelData
            required property int index
            objectName: "note_" + index
            width: page.contentColumn.width
            bold: false
            speechIndex: page.result.notesAt + index
            text: "· " + modelData
        }
    }

    ListButton {
        objectName: "calcCourtGuide"
        visible: page.courtGuideTitle !== ""
        width: page.contentColumn.width
        icon: "file-text"
        speechIndex: (page.result.spoken || []).length - 1
        title: page.courtGuideTitle
        onActivated: Nav.go("guide", { "guide": "court-sue-enforce" })
    }

    primaryAction: KioskButton {
        objectName: "calcAgain"
        width: page.width - 2 * Theme.marginPx
        kind: "accent"
        icon: "pencil"
        text: I18n.s["calc.ui.again"]
        textPx: Theme.headingPx
        onActivated: Nav.back()
    }
}
