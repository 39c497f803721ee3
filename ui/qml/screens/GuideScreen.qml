// The guide reader: plain summary, numbered steps, what to bring, where to go, time limits, the
// articles it relies on, related guides, and a QR code to take it home. Read aloud paragraph by
// paragraph, the spoken paragraph highlighted.
import QtQuick
import "../components"

ScreenPage {
    id: page
    function headings(s) {
        return { "steps": s["guide.steps"], "documents": s["guide.documents"], "where": s["guide.where"],
                 "timeLimits": s["guide.time_limits"], "citations": s["guide.citations"],
                 "related": s["guide.related"], "qr": s["guide.qr"], "hotline": s["rating.next_hotline"] }
    }
    readonly property var guide: Library.guide(Nav.params.guide || "", I18n.language, headings(I18n.s))
    chineseContent: true
    limitReadingWidth: true
    // The print button's label is read last, after the guide, so a visitor who cannot read
    // learns that the guide can be taken home on paper.
    mandarinParagraphs: I18n.language === "en"
        ? (Library.guide(guide.id || "", "zh_CN", headings(I18n.zh)).paragraphs || []).concat(guide.id ? [I18n.zh["video.ask_lawyer"], I18n.zh["take_home.print"], I18n.zh["handoff.send_guide"]] : [])
        : []
    readonly property var steps: guide.steps || []
    title: guide.title || ""
    readAloudParagraphs: (guide.paragraphs || []).concat(guide.id ? [I18n.s["video.ask_lawyer"], I18n.s["take_home.print"], I18n.s["handoff.send_guide"]] : [])
    Component.onCompleted: { TakeHome.clear(); if (guide.id) Library.guideOpened(guide.id) }

    Paragraph { objectName: "summary"; width: page.contentColumn.width; speechIndex: page.guide.summaryAt ?? -1; text: page.guide.summary || ""; pixelSize: Theme.largePx }

    // The steps are what the visitor came for: the guide's reading size, one small gap between
    // them (the page's gap is between sections).
    Column {
        objectName: "steps"
        visible: page.steps.length > 0
        width: page.contentColumn.width
        spacing: Theme.gapPx / 2
        Heading { text: I18n.s["guide.steps"] }
        Repeater {
            model: page.steps
            delegate: Paragraph {
                required property string modelData
                required property int index
                objectName: "step_" + index
                width: page.contentColumn.width
                speechIndex: (page.guide.stepsAt ?? -1) < 0 ? -1 : page.guide.stepsAt + index
                text: (index + 1) + ". " + modelData
                pixelSize: Theme.largePx
            }
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
            // Rows that can be tapped need the full gap between them; text needs less.
            spacing: modelData[1] === "where" ? Theme.gapPx : Theme.gapPx / 2
            Heading { text: I18n.s[modelData[0]] }
            Paragraph {
                objectName: "section_" + modelData[1]
                width: parent.width
                pixelSize: Theme.largePx
                speechIndex: page.guide.sectionAt ? (page.guide.sectionAt[modelData[1]] ?? -1) : -1
                text: parent.items.map(x => "• " + x).join("\n")
            }
            // "去哪里办": the offices those places name in this kiosk's directory, and 12348.
            Repeater {
                model: modelData[1] === "where" ? (page.guide.offices || []) : []
                delegate: ListButton {
                    required property var modelData
                    objectName: "whereOffice_" + modelData.id
                    width: page.contentColumn.width
                    icon: "building"
                    title: modelData.name
                    subtitle: modelData.phone
                    onActivated: Nav.go("institution", { "institution": modelData.id })
                }
            }
            ListButton {
                objectName: modelData[1] === "where" ? "whereHotline" : ""
                visible: modelData[1] === "where" && page.guide.whereHotline === true
                width: page.contentColumn.width
                icon: "phone"
                title: I18n.s["rating.next_hotline"]
                onActivated: Nav.go("hotline")
            }
        }
    }

    Heading { text: I18n.s["guide.citations"]; visible: (page.guide.citations || []).length > 0 }
    Repeater {
        model: page.guide.citations || []
        delegate: ListButton {
            required property var modelData
            required property int index
            objectName: "cite_" + modelData.number
            speechIndex: (page.guide.citationsAt ?? -1) < 0 ? -1 : page.guide.citationsAt + index
            width: page.contentColumn.width
            icon: "scale"
            title: modelData.citedAs
            subtitle: modelData.citeNote || modelData.text
            onActivated: Nav.go("article", { "law": modelData.law, "number": modelData.number })
        }
    }

    Heading { text: I18n.s["guide.related"]; visible: (page.guide.related || []).length > 0 }
    Repeater {
        model: page.guide.related || []
        delegate: ListButton {
            required property var modelData
            required property int index
            objectName: "related_" + modelData.id
            speechIndex: (page.guide.relatedAt ?? -1) < 0 ? -1 : page.guide.relatedAt + index
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

    // 问律师: a duty lawyer by video, who sees which guide the visitor was reading.
    AskLawyerButton {
        objectName: "guideAskLawyer"
        width: page.contentColumn.width
        aboutKind: "guide"
        aboutId: page.guide.id || ""
        aboutTitle: page.guide.title || ""
    }

    // 打印带走: the same guide on A4 paper from the hall's printer; a failure points to the QR below.
    KioskButton {
        objectName: "guidePrint"
        visible: !!page.guide.id
        width: page.contentColumn.width
        kind: "accent"
        icon: "printer"
        text: I18n.s["take_home.print"]
        enabled: !TakeHome.busy
        onActivated: TakeHome.printGuide(page.guide)
    }
    Paragraph {
        objectName: "guidePrintStatus"
        visible: TakeHome.statusKey !== ""
        width: page.contentColumn.width
        pixelSize: Theme.largePx
        text: TakeHome.statusKey === "" ? ""
              : [TakeHome.problem, I18n.s[TakeHome.statusKey]].filter(x => x).join("\n")
    }

    // 发到手机: the guide sealed for the visitor's phone, opened by a QR code on the next screen.
    KioskButton {
        objectName: "guidePhone"
        visible: !!page.guide.id
        width: page.contentColumn.width
        icon: "device-mobile"
        text: I18n.s["handoff.send_guide"]
        onActivated: {
            Handoff.sendGuide(page.guide)
            Nav.go("handoff")
        }
    }

    QrCode {
        objectName: "guideQr"
        width: page.contentColumn.width
        payload: page.guide.url || ""
        caption: I18n.s["guide.qr"]
    }
}
