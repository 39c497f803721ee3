// 好差评: five levels with faces and words, an optional comment typed with the Pinyin keyboard.
import QtQuick
import QtQuick.Controls.Basic
import "../components"

ScreenPage {
    id: page
    title: Rating.saved ? I18n.s["rating.thanks"] : I18n.s["rating.title"]
    readAloudText: Rating.saved ? I18n.s["rating.thanks"] + "\n" + I18n.s["rating.thanks_body"]
                  : [I18n.s["rating.prompt"], I18n.s["rating.level5"], I18n.s["rating.level4"],
                     I18n.s["rating.level3"], I18n.s["rating.level2"], I18n.s["rating.level1"],
                     I18n.s["rating.anonymous"]].join("\n")

    BodyText {
        visible: Rating.saved
        width: page.contentColumn.width
        text: I18n.s["rating.thanks_body"]
        font.pixelSize: Theme.largePx
    }

    Heading {
        visible: !Rating.saved
        width: page.contentColumn.width
        text: I18n.s["rating.prompt"]
    }

    Repeater {
        model: Rating.saved ? [] : [
            { level: 5, icon: "mood-happy" }, { level: 4, icon: "mood-smile" },
            { level: 3, icon: "mood-empty" }, { level: 2, icon: "mood-sad" },
            { level: 1, icon: "mood-cry" } ]
        delegate: KioskButton {
            required property var modelData
            objectName: "level_" + modelData.level
            width: page.contentColumn.width
            kind: Rating.level === modelData.level ? "primary" : "plain"
            icon: Rating.level === modelData.level ? "circle-check" : modelData.icon
            text: I18n.s["rating.level" + modelData.level]
            onActivated: Rating.choose(modelData.level)
        }
    }

    BodyText {
        visible: !Rating.saved && Rating.commentsAccepted
        width: page.contentColumn.width
        text: I18n.s["rating.comment"]
        font.bold: true
    }
    TextArea {
        id: comment
        objectName: "commentField"
        visible: !Rating.saved && Rating.commentsAccepted
        width: page.contentColumn.width
        height: Math.max(Theme.mm(40), implicitHeight)
        text: Rating.comment
        onTextChanged: Rating.setComment(text)
        wrapMode: TextEdit.Wrap
        placeholderText: I18n.s["rating.comment_hint"]
        placeholderTextColor: Theme.textMuted
        color: Theme.text
        font.family: Theme.fontFamily
        font.pixelSize: Theme.bodyPx
        inputMethodHints: Qt.ImhNone
        background: Rectangle {
            color: Theme.surface
            border.width: comment.activeFocus ? Theme.borderPx * 2 : Theme.borderPx
            border.color: comment.activeFocus ? Theme.primary : Theme.border
            radius: Theme.radiusPx
        }
    }
    BodyText {
        visible: !Rating.saved && Rating.commentsAccepted
        width: page.contentColumn.width
        text: I18n.s["rating.anonymous"]
        color: Theme.textMuted
    }
    Row {
        visible: Rating.errorKey !== ""
        width: page.contentColumn.width
        spacing: Theme.gapPx
        Icon { name: "alert-circle"; tint: Theme.error; size: Theme.headingPx }
        BodyText {
            objectName: "ratingError"
            width: parent.width - Theme.headingPx - Theme.gapPx
            text: Rating.errorKey !== "" ? I18n.s[Rating.errorKey] : ""
            color: Theme.error
            font.bold: true
        }
    }

    primaryAction: KioskButton {
        objectName: "submitRating"
        visible: !Rating.saved
        width: page.width - 2 * Theme.marginPx
        kind: "accent"
        icon: "send"
        text: I18n.s["rating.submit"]
        textPx: Theme.headingPx
        onActivated: Rating.submit()
    }
}
