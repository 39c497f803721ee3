// 问一问: the visitor says what happened in their own words (or taps a common question or a
// topic); the kiosk answers offline in plain words first — what this is, the first step, where to
// go, whom to call — then a button for every next step (the guide, the offices it names in the
// directory, 12348), then the articles with the situation they answer, and a QR code to take the
// guide home. (Printing the answer on A4 is a separate feature: see docs/kiosk-ui.md.)
import QtQuick
import "../components"

ScreenPage {
    id: page
    Component.onCompleted: TakeHome.clear()
    chineseContent: true
    title: I18n.s["ask.title"]
    readonly property var answer: Library.answer
    readonly property bool answered: answer.found !== undefined
    readonly property bool withGuide: answered && (answer.guideId || "") !== ""
    readonly property bool articlesOnly: answered && answer.found === true && !withGuide
    readonly property var common: Library.ready ? Library.commonQuestions() : []
    readonly property var articles: answer.articles || []
    readonly property var offices: answer.offices || []
    readonly property var topics: page.answered || Library.asking ? [] : Library.topics
    function topicName(t) { return I18n.language === "en" ? t.titleEn : t.title }
    function articleSubtitle(a) { return (a.situation ? I18n.s["search.situation_line"].replace("{situation}", a.situation) + "\n" : "") + a.text }
    // Not found, or not a legal question at all (the hall's other errands, chit-chat): then the
    // hall staff are the way forward, and it is no error.
    readonly property bool outside: answered && answer.outside === true
    readonly property string status: Library.asking ? I18n.s["ask.asking"]
        : (page.outside ? I18n.s["ask.outside"] : (page.answered && !page.answer.found ? I18n.s["ask.not_found"] : ""))
    // Paragraph numbers of the answer's parts, for the highlight while 朗读 reads them.
    readonly property int buttonsAt: withGuide ? 5 : 2
    readonly property int articlesAt: buttonsAt + 4 + offices.length
    readAloudParagraphs: [page.title + "。" + I18n.s["ask.prompt"] + "。" + I18n.s["ask.read_how"] + page.status]
        .concat(!page.answered && !Library.asking
                ? [I18n.s["ask.common"]].concat(common).concat([I18n.s["chips.topics"] + "：" + topics.map(topicName).join("、")])
                : [])
        .concat(withGuide
                ? [I18n.s["ask.plain"] + "：" + (answer.what || ""),
                   I18n.s["ask.first_step"] + "：" + (answer.firstStep || ""),
                   I18n.s["ask.where"] + "：" + (answer.where || []).join("；"),
                   I18n.s["ask.call"] + "：" + I18n.s["ask.call_text"]]
                : (articlesOnly ? [I18n.s["ask.no_guide"]] : []))
        .concat(answered && answer.found
                ? [I18n.s["ask.buttons"], withGuide ? I18n.s["ask.open_guide"] + "：" + answer.guideTitle : ""]
                  .concat(offices.map(o => o.name + "，" + o.phone))
                  .concat([I18n.s["rating.next_hotline"]])
                  .concat(articles.length ? [I18n.s["ask.articles"]] : [])
                  .concat(articles.map(a => a.source + "。" + articleSubtitle(a)))
                  .concat([withGuide ? I18n.s["video.ask_lawyer"] : "",
                           withGuide ? I18n.s["take_home.print_answer"] : "",
                           withGuide ? I18n.s["handoff.send_answer"] : "",
                           withGuide ? I18n.s["guide.qr"] : "", I18n.s["ask.disclaimer"]])
                : [])

    Heading { width: page.contentColumn.width; text: I18n.s["ask.prompt"] }
    SearchField {
        objectName: "ask"
        width: page.contentColumn.width
        text: Library.question
        placeholder: I18n.s["ask.placeholder"]
        buttonText: I18n.s["ask.button"]
        buttonIcon: "message-question"
        onSubmitted: text => Library.ask(text)
    }
    StatusMessage {
        objectName: "askStatus"
        width: page.contentColumn.width
        busy: Library.asking
        error: page.answered && !page.answer.found && !page.outside
        text: page.status
    }

    Column {
        visible: !page.answered && !Library.asking
        width: page.contentColumn.width
        spacing: Theme.gapPx
        Heading { text: I18n.s["ask.common"] }
        Repeater {
            model: page.common
            delegate: ListButton {
                required property string modelData
                required property int index
                objectName: "common_" + index
                speechIndex: 2 + index
                width: page.contentColumn.width
                icon: "message-question"
                title: modelData
                onActivated: Library.ask(modelData)
            }
        }
    }
    Chips {
        objectName: "askTopicChip"
        width: page.contentColumn.width
        heading: I18n.s["chips.topics"]
        icon: "book"
        items: page.topics.map(page.topicName)
        onPicked: text => Nav.go("topic", { "topic": page.topics.find(t => page.topicName(t) === text).id })
    }

    // Plain words first: what this is, the first step, where, whom to call.
    Column {
        objectName: "answer"
        visible: page.withGuide
        width: page.contentColumn.width
        spacing: Theme.gapPx / 2
        Heading { text: I18n.s["ask.plain"] }
        Paragraph { objectName: "answerWhat"; width: parent.width; speechIndex: 1; text: page.answer.what || ""; pixelSize: Theme.largePx }
        Repeater {
            model: [["ask.first_step", page.answer.firstStep || ""], ["ask.where", (page.answer.where || []).join("；")],
                    ["ask.call", I18n.s["ask.call_text"]]]
            delegate: Paragraph {
                required property var modelData
                required property int index
                objectName: "answerPart_" + index
                width: page.contentColumn.width
                speechIndex: 2 + index
                // In English the label stands on its own line above the Chinese content: no
                // line mixes the two languages.
                text: I18n.s[modelData[0]] + (I18n.language === "en" ? "\n" : "：") + modelData[1]
                bold: index === 0
                pixelSize: Theme.largePx
            }
        }
    }
    StatusMessage { width: page.contentColumn.width; visible: page.articlesOnly; text: page.articlesOnly ? I18n.s["ask.no_guide"] : "" }

    // Every next step is a button.
    Column {
        objectName: "nextSteps"
        visible: page.answered && page.answer.found === true
        width: page.contentColumn.width
        spacing: Theme.gapPx
        Heading { text: I18n.s["ask.buttons"] }
        ListButton {
            objectName: "answerGuide"
            visible: page.withGuide
            speechIndex: page.buttonsAt + 1
            width: parent.width
            icon: "file-text"
            title: I18n.language === "en" ? I18n.s["ask.open_guide"] : I18n.s["ask.open_guide"] + "：" + (page.answer.guideTitle || "")
            subtitle: I18n.language === "en" ? (page.answer.guideTitle || "") : ""
            onActivated: Nav.go("guide", { "guide": page.answer.guideId })
        }
        Repeater {
            model: page.offices
            delegate: ListButton {
                required property var modelData
                required property int index
                objectName: "answerOffice_" + modelData.id
                speechIndex: page.buttonsAt + 2 + index
                width: page.contentColumn.width
                icon: "building"
                title: modelData.name
                subtitle: modelData.phone
                onActivated: Nav.go("institution", { "institution": modelData.id })
            }
        }
        ListButton {
            objectName: "answerHotline"
            speechIndex: page.buttonsAt + 2 + page.offices.length
            width: parent.width
            icon: "phone"
            title: I18n.s["rating.next_hotline"]
            onActivated: Nav.go("hotline")
        }
    }

    Column {
        visible: page.answered && page.articles.length > 0
        width: page.contentColumn.width
        spacing: Theme.gapPx
        Heading { text: I18n.s["ask.articles"] }
        Repeater {
            model: page.articles
            delegate: ListButton {
                required property var modelData
                required property int index
                objectName: "answerArticle_" + index
                speechIndex: page.articlesAt + index
                width: page.contentColumn.width
                icon: "scale"
                title: modelData.source
                subtitle: page.articleSubtitle(modelData)
                onActivated: Nav.go("article", { "law": modelData.law, "number": modelData.article })
            }
        }
    }
    // 问律师: the lawyer sees the guide this answer leads to (never the question typed).
    AskLawyerButton {
        objectName: "answerAskLawyer"
        visible: page.withGuide
        width: page.contentColumn.width
        aboutKind: "answer"
        aboutId: page.answer.guideId || ""
        aboutTitle: page.answer.guideTitle || ""
    }
    // 打印带走: the guide the answer leads to, on A4; a failure points to the QR below.
    KioskButton {
        objectName: "answerPrint"
        visible: page.withGuide
        width: page.contentColumn.width
        kind: "accent"
        icon: "printer"
        text: I18n.s["take_home.print_answer"]
        enabled: !TakeHome.busy
        onActivated: TakeHome.printGuide(Library.guide(page.answer.guideId, I18n.language, {}))
    }
    Paragraph {
        objectName: "answerPrintStatus"
        visible: page.withGuide && TakeHome.statusKey !== ""
        width: page.contentColumn.width
        pixelSize: Theme.largePx
        text: TakeHome.statusKey === "" ? ""
              : [TakeHome.problem, I18n.s[TakeHome.statusKey]].filter(x => x).join("\n")
    }
    KioskButton {
        objectName: "answerPhone"
        visible: page.withGuide
        width: page.contentColumn.width
        icon: "device-mobile"
        text: I18n.s["handoff.send_answer"]
        onActivated: {
            Handoff.sendAnswer(Library.guide(page.answer.guideId, I18n.language, {}), page.answer)
            Nav.go("handoff")
        }
    }
    // Take it home: the guide's address as a QR code for the visitor's phone.
    QrCode {
        objectName: "answerQr"
        visible: page.withGuide
        width: page.contentColumn.width
        payload: page.answer.guideUrl || ""
        caption: I18n.s["guide.qr"]
    }
    BodyText { visible: page.answered && page.answer.found === true; width: page.contentColumn.width; text: I18n.s["ask.disclaimer"]; color: Theme.textMuted }
}
