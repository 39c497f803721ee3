// English mode on a screen of legal content: says plainly that the content is in Chinese, and
// offers to read it aloud in Mandarin (by the Mandarin voice, whatever the screen's language).
import QtQuick

Rectangle {
    id: note
    objectName: "chineseContentNote"
    // What the Mandarin voice reads: the screen's content with Chinese headings.
    property var paragraphs: []
    property string text: I18n.s["english.chinese_content"]
    visible: I18n.language === "en"
    implicitHeight: visible ? row.implicitHeight + 2 * Theme.gapPx : 0
    radius: Theme.radiusPx
    color: Theme.surface
    border.width: Theme.borderPx
    border.color: Theme.border
    Row {
        id: row
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        anchors.margins: Theme.gapPx
        spacing: Theme.gapPx
        Icon { id: info; name: "language"; tint: Theme.primary; size: Theme.headingPx; anchors.verticalCenter: parent.verticalCenter }
        BodyText {
            width: row.width - info.width - readZh.width - 2 * row.spacing
            anchors.verticalCenter: parent.verticalCenter
            text: note.text
            font.bold: true
        }
        KioskButton {
            id: readZh
            objectName: "readInMandarin"
            icon: "volume"
            textPx: Theme.bodyPx
            text: I18n.s["english.read_mandarin"]
            onActivated: Speech.speakParagraphsIn(note.paragraphs, "zh_CN")
        }
    }
}
