// The frame of every visitor screen: a title, scrollable content with a visible scroll bar and a
// "more below" cue, an optional primary action at the bottom where the hand rests, and the text
// 朗读 speaks.
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Window

Item {
    id: page
    property string title: ""
    // Either one text, or paragraphs spoken one by one with the current one highlighted.
    property var readAloudParagraphs: []
    property string readAloudText: readAloudParagraphs.length > 0 ? readAloudParagraphs.join("\n") : ""
    // A screen of legal content (in Chinese only): in English mode it says so and offers to read
    // the content in Mandarin — `mandarinParagraphs`, with Chinese headings where they differ.
    property bool chineseContent: false
    property string chineseNote: I18n.s["english.chinese_content"]
    property var mandarinParagraphs: readAloudParagraphs.length > 0 ? readAloudParagraphs : [readAloudText]
    // Long reading (guides, articles): in landscape, lines no longer than a comfortable measure,
    // the column centred.
    property bool limitReadingWidth: false
    readonly property real readingWidth: Math.max(Theme.mm(120), Theme.bodyPx * 44)
    property alias contentColumn: column
    property alias flick: flick
    default property alias content: column.data
    property Item primaryAction: null
    // While the keyboard is open the page is short: the text box being typed in is kept in view,
    // and the title (in landscape), the "more below" bar and the main action step aside.
    readonly property bool typing: Qt.inputMethod.visible
    // A form keeps 下一步 in view above the open keyboard, so the visitor goes on without closing
    // it, where the page still has room for the box being typed in (not in 长辈版 landscape).
    property bool actionWhileTyping: false
    readonly property bool actionInView: !page.typing || (page.actionWhileTyping && page.primaryAction !== null
        && page.height - englishNote.y - englishNote.height - page.primaryAction.height
           - 3 * Theme.gapPx - Theme.marginPx >= 3 * Theme.buttonPx)
    onTypingChanged: if (typing) Qt.callLater(page.revealFocus)
    function revealFocus() {
        const field = page.Window.activeFocusItem
        if (!field || !flick.contentItem.contains(flick.contentItem.mapFromItem(field, 0, 0))) return
        const top = field.mapToItem(flick.contentItem, 0, 0).y
        flick.contentY = Math.max(0, Math.min(flick.contentHeight - flick.height, top - Theme.gapPx))
    }

    Heading {
        id: titleText
        text: page.title
        font.pixelSize: Theme.displayPx
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.margins: Theme.marginPx
        visible: page.title !== "" && !(page.typing && page.width > page.height)
    }

    ChineseContentNote {
        id: englishNote
        anchors.top: titleText.visible ? titleText.bottom : parent.top
        anchors.topMargin: visible ? Theme.gapPx : 0
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.leftMargin: Theme.marginPx
        anchors.rightMargin: Theme.marginPx
        visible: page.chineseContent && I18n.language === "en"
        height: visible ? implicitHeight : 0
        paragraphs: page.mandarinParagraphs
        text: page.chineseNote
    }

    Flickable {
        id: flick
        objectName: "pageFlick"
        anchors.top: englishNote.bottom
        anchors.topMargin: Theme.gapPx
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: moreCue.visible ? moreCue.top : actionBar.top
        anchors.bottomMargin: moreCue.visible || (page.primaryAction && actionBar.visible) ? Theme.gapPx : 0
        anchors.leftMargin: Theme.marginPx
        anchors.rightMargin: Theme.marginPx
        contentWidth: width
        contentHeight: column.implicitHeight + Theme.marginPx
        clip: true
        flickableDirection: Flickable.VerticalFlick
        // The page shrinks as the keyboard opens: the box being typed in is kept in view.
        onHeightChanged: if (page.typing) Qt.callLater(page.revealFocus)
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {
            policy: flick.contentHeight > flick.height ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
            width: Theme.mm(4)
        }
        Column {
            id: column
            readonly property bool limited: page.limitReadingWidth && page.width > page.height
            width: limited ? Math.min(flick.width - Theme.mm(6), page.readingWidth) : flick.width - Theme.mm(6)
            x: limited ? (flick.width - width) / 2 : 0
            spacing: Theme.gapPx * 2
        }
    }

    // "More below": a page longer than the screen has a bar under its content that says there is
    // more and scrolls on a tap (at the end it says so and goes back to the top). Whether the
    // page is long is measured against the room without the bar, so the bar never decides it.
    readonly property bool overflowing: flick.contentHeight > actionBar.y - flick.y
                                        - (page.primaryAction ? Theme.gapPx : 0) - Theme.gapPx
    readonly property bool atEnd: flick.contentY + flick.height >= flick.contentHeight - Theme.gapPx
    KioskButton {
        id: moreCue
        objectName: "moreCue"
        visible: page.overflowing && !page.typing
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: actionBar.top
        anchors.bottomMargin: page.primaryAction ? Theme.gapPx : 0
        kind: page.atEnd ? "plain" : "primary"
        icon: page.atEnd ? "chevron-up" : "chevron-down"
        textPx: Theme.bodyPx
        text: page.atEnd ? I18n.s["page.at_end"] : I18n.s["page.more_below"]
        onActivated: flick.contentY = page.atEnd ? 0
            : Math.min(flick.contentHeight - flick.height, flick.contentY + flick.height * 0.8)
    }

    Item {
        id: actionBar
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: Theme.marginPx
        visible: page.actionInView
        height: page.primaryAction && visible ? page.primaryAction.height : 0
        children: page.primaryAction ? [page.primaryAction] : []
    }
}
