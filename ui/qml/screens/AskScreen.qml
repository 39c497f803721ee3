// 问一问: the visitor says what happened in their own words (or picks a common question); the
// kiosk answers offline with the best guide, three quoted articles, the next step, and sources.
import QtQuick
import "../components"

ScreenPage {
    id: page
    chineseContent: true
    title: I18n.s["ask.title"]
    readonly property var answer: Library.answer
    readonly property bool answered: answer.found !== undefined
    readonly property var common: Library.ready ? Library.commonQuestions() : []
    readonly property var topics: page.answered || Library.asking ? [] : Library.topics
    function topicName(t) { return I18n.language === "en" ? t.titleEn : t.title }
    readonly property var articles: answer.articles || []
    readonly property string status: Library.asking ? I18n.s["ask.asking"] : (page.answered && !page.answer.found ? I18n.s["ask.not_found"] : "")
    // Before an answer: the prompt, then every common question. With an answer: the guide, each
    // quoted article, the next step and the disclaimer, in the order on screen.
    readAloudParagraphs: [page.title + "。" + I18n.s["ask.prompt"] + "。" + I18n.s["ask.read_how"] + page.status]
        .concat(page.answered || Library.asking ? [] : [I18n.s["ask.common"]].concat(common)
                .concat([I18n.s["chips.topics"] + "：" + topics.map(topicName).join("、")]))
        .concat(page.answered && answer.found
                ? [I18n.s["ask.answer_guide"] + "：" + (answer.guideTitle || "") + "。" + (answer.guideSummary || ""),
                   I18n.s["ask.articles"]].concat(articles.map(a => a.source + "。" + a.text))
                  .concat([I18n.s["ask.next"] + "：" + answer.nextStep, I18n.s["ask.disclaimer"]])
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
        width: page.contentColumn.width
        busy: Library.asking
        error: page.answered && !page.answer.found
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

    Column {
        objectName: "answer"
        visible: page.answered && page.answer.found === true
        width: page.contentColumn.width
        spacing: Theme.gapPx
        Heading { text: I18n.s["ask.answer_guide"] }
        ListButton {
            objectName: "answerGuide"
            speechIndex: 1
            width: parent.width
            icon: "file-text"
            title: page.answer.guideTitle || ""
            subtitle: page.answer.guideSummary || ""
            onActivated: Nav.go("guide", { "guide": page.answer.guideId })
        }
        Heading { text: I18n.s["ask.articles"] }
        Repeater {
            model: page.answer.articles || []
            delegate: ListButton {
                required property var modelData
                required property int index
                speechIndex: 3 + index
                width: page.contentColumn.width
                icon: "scale"
                title: modelData.source
                subtitle: modelData.text
                onActivated: Nav.go("article", { "law": modelData.law, "number": modelData.article })
            }
        }
        Heading { text: I18n.s["ask.next"] }
        BodyText { objectName: "nextStep"; width: parent.width; text: page.answer.nextStep || ""; font.bold: true }
        BodyText { width: parent.width; text: I18n.s["ask.disclaimer"]; color: Theme.textMuted }
    }
}
