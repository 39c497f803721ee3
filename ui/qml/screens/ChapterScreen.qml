// The articles of one chapter, in full, in a list that scrolls with a visible scroll bar.
import QtQuick
import QtQuick.Controls.Basic
import "../components"

Item {
    id: page
    readonly property string law: Nav.params.law || ""
    readonly property var articles: Library.articles(law, Nav.params.chapter ?? -1)
    readonly property string readAloudText: (Nav.params.title || "") + "\n" + articles.slice(0, 3).map(a => a.label + "。" + a.text).join("\n")

    Heading {
        id: heading
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.margins: Theme.marginPx
        text: Nav.params.title || page.law
        font.pixelSize: Theme.displayPx
    }
    ListView {
        id: list
        objectName: "articleList"
        anchors.top: heading.bottom
        anchors.topMargin: Theme.gapPx
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.leftMargin: Theme.marginPx
        anchors.rightMargin: Theme.marginPx
        clip: true
        spacing: Theme.gapPx * 2
        boundsBehavior: Flickable.StopAtBounds
        model: page.articles
        ScrollBar.vertical: ScrollBar { policy: ScrollBar.AlwaysOn; width: Theme.mm(4) }
        delegate: Column {
            required property var modelData
            width: list.width - Theme.mm(6)
            spacing: Theme.gapPx / 2
            Heading { width: parent.width; text: modelData.label; font.pixelSize: Theme.largePx }
            BodyText { width: parent.width; text: modelData.text }
            BodyText { width: parent.width; visible: modelData.note !== ""; text: modelData.note; color: Theme.textMuted }
        }
    }
}
