// The articles of one chapter, in full, in a list that scrolls with a visible scroll bar. Read
// aloud article by article: the spoken one is highlighted and scrolled into view, and 跳到下一条
// goes on with the next.
import QtQuick
import QtQuick.Controls.Basic
import "../components"

Item {
    id: page
    readonly property string law: Nav.params.law || ""
    readonly property var articles: Library.articles(law, Nav.params.chapter ?? -1)
    readonly property string title: Nav.params.title || page.law
    readonly property var readAloudParagraphs: [page.title].concat(
        articles.map(a => a.label + "。" + a.text + (a.note !== "" ? "\n" + a.note : "")))
    readonly property string readAloudText: readAloudParagraphs.join("\n")
    // Paragraph 0 is the chapter's title; paragraph n is article n - 1 of the list.
    readonly property int spokenArticle: Speech.speaking ? Speech.paragraphIndex - 1 : -1
    // The last article read on this visit of the screen: "next article" goes on after it, even
    // when the press on that button (a touch) has just silenced the reading.
    property int lastSpoken: -1
    onSpokenArticleChanged: if (spokenArticle >= 0) {
        lastSpoken = spokenArticle
        list.positionViewAtIndex(spokenArticle, ListView.Beginning)
    }

    Heading {
        id: heading
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.margins: Theme.marginPx
        text: page.title
        font.pixelSize: Theme.displayPx
    }
    ChineseContentNote {
        id: englishNote
        anchors.top: heading.bottom
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.leftMargin: Theme.marginPx
        anchors.rightMargin: Theme.marginPx
        height: visible ? implicitHeight : 0
        paragraphs: page.readAloudParagraphs
    }
    ListView {
        id: list
        objectName: "articleList"
        anchors.top: englishNote.bottom
        anchors.topMargin: Theme.gapPx
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: skip.visible ? skip.top : parent.bottom
        anchors.bottomMargin: skip.visible ? Theme.gapPx : 0
        anchors.leftMargin: Theme.marginPx
        anchors.rightMargin: Theme.marginPx
        clip: true
        spacing: Theme.gapPx * 2
        boundsBehavior: Flickable.StopAtBounds
        model: page.articles
        ScrollBar.vertical: ScrollBar { policy: ScrollBar.AlwaysOn; width: Theme.mm(4) }
        delegate: Rectangle {
            required property var modelData
            required property int index
            objectName: "article_" + index
            readonly property bool speakingNow: page.spokenArticle === index
            width: list.width - Theme.mm(6)
            height: body.implicitHeight + Theme.gapPx
            radius: Theme.radiusPx
            color: speakingNow ? Theme.highlight : "transparent"
            Column {
                id: body
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.verticalCenter: parent.verticalCenter
                anchors.leftMargin: Theme.gapPx / 2
                anchors.rightMargin: Theme.gapPx / 2
                spacing: Theme.gapPx / 2
                Heading { width: parent.width; text: modelData.label; font.pixelSize: Theme.largePx }
                BodyText { width: parent.width; text: modelData.text }
                BodyText { width: parent.width; visible: modelData.note !== ""; text: modelData.note; color: Theme.textMuted }
            }
        }
    }
    KioskButton {
        id: skip
        objectName: "skipArticle"
        visible: page.lastSpoken >= 0 && page.lastSpoken < page.articles.length - 1
        anchors.bottom: parent.bottom
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.margins: Theme.marginPx
        icon: "player-skip-forward"
        text: I18n.s["chapter.next"]
        // Paragraph lastSpoken + 1 is the article just read; the next one is after it.
        onActivated: Speech.speakParagraphsFrom(page.readAloudParagraphs, page.lastSpoken + 2)
    }
}
