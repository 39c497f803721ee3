// 好差评: five levels with faces and words, an optional comment typed with the Pinyin keyboard;
// after it, what to do next (above all after 不满意): the hotline, an office, or home.
import QtQuick
import QtQuick.Controls.Basic
import "../components"

ScreenPage {
    id: page
    title: Rating.saved ? I18n.s["rating.thanks"] : I18n.s["rating.title"]
    readonly property bool unhappy: Rating.saved && Rating.level > 0 && Rating.level <= 2
    readonly property bool landscape: page.width > page.height
    readonly property var phrases: [1, 2, 3, 4, 5].map(n => I18n.s["rating.phrase" + n])
    readonly property string error: Rating.errorKey !== "" ? I18n.s[Rating.errorKey] : ""
    // What 朗读 says is what the screen shows, in its order.
    readAloudParagraphs: Rating.saved
        ? [page.title, unhappy ? I18n.s["rating.sorry"] : I18n.s["rating.thanks_body"], I18n.s["rating.next"],
           I18n.s["rating.next_hotline"], Library.ready ? I18n.s["rating.next_directory"] : "", I18n.s["rating.next_home"]]
        : [page.title + "。" + I18n.s["rating.prompt"], I18n.s["rating.level5"], I18n.s["rating.level4"],
           I18n.s["rating.level3"], I18n.s["rating.level2"], I18n.s["rating.level1"]]
          .concat(Rating.commentsAccepted ? [I18n.s["rating.comment"], I18n.s["rating.phrases"] + "：" + page.phrases.join("、"),
                                             I18n.s["rating.anonymous"]] : [])
          .concat([page.error, I18n.s["rating.read_submit"]])

    BodyText {
        objectName: "thanksBody"
        visible: Rating.saved
        width: page.contentColumn.width
        text: page.unhappy ? I18n.s["rating.sorry"] : I18n.s["rating.thanks_body"]
        font.pixelSize: Theme.largePx
    }
    Heading { visible: Rating.saved; text: I18n.s["rating.next"] }
    Column {
        visible: Rating.saved
        width: page.contentColumn.width
        spacing: Theme.gapPx
        ListButton {
            objectName: "nextHotline"
            width: parent.width
            icon: "phone"
            title: I18n.s["rating.next_hotline"]
            onActivated: Nav.go("hotline")
        }
        ListButton {
            objectName: "nextDirectory"
            visible: Library.ready
            width: parent.width
            icon: "map-pin"
            title: I18n.s["rating.next_directory"]
            onActivated: Nav.go("directory")
        }
        ListButton {
            objectName: "nextHome"
            width: parent.width
            icon: "home"
            title: I18n.s["rating.next_home"]
            onActivated: Nav.home()
        }
    }

    Heading {
        visible: !Rating.saved
        width: page.contentColumn.width
        text: I18n.s["rating.prompt"]
    }

    // In landscape the five levels stand side by side, so none hides behind 提交评价.
    Grid {
        id: levels
        visible: !Rating.saved
        width: page.contentColumn.width
        columns: page.landscape ? 5 : 1
        spacing: Theme.gapPx * 2
        Repeater {
            model: [{ level: 5, icon: "mood-happy" }, { level: 4, icon: "mood-smile" },
                    { level: 3, icon: "mood-empty" }, { level: 2, icon: "mood-sad" },
                    { level: 1, icon: "mood-cry" }]
            delegate: KioskButton {
                required property var modelData
                objectName: "level_" + modelData.level
                width: (levels.width - (levels.columns - 1) * levels.spacing) / levels.columns
                kind: Rating.level === modelData.level ? "primary" : "plain"
                icon: Rating.level === modelData.level ? "circle-check" : modelData.icon
                text: I18n.s["rating.level" + modelData.level]
                onActivated: Rating.choose(modelData.level)
            }
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
        inputMethodHints: Qt.ImhSensitiveData  // a comment is not learned for the next visitor
        background: Rectangle {
            color: Theme.surface
            border.width: comment.activeFocus ? Theme.borderPx * 2 : Theme.borderPx
            border.color: comment.activeFocus ? Theme.primary : Theme.border
            radius: Theme.radiusPx
        }
    }
    // Short phrases to tap instead of typing; each adds itself to the comment.
    Chips {
        objectName: "phraseChip"
        visible: !Rating.saved && Rating.commentsAccepted
        width: page.contentColumn.width
        heading: I18n.s["rating.phrases"]
        items: page.phrases
        onPicked: text => Rating.setComment(Rating.comment === "" ? text : Rating.comment + "，" + text)
    }
    BodyText {
        visible: !Rating.saved && Rating.commentsAccepted
        width: page.contentColumn.width
        text: I18n.s["rating.anonymous"]
        color: Theme.textMuted
    }

    // The error sits right above 提交评价, where the visitor is looking, and is said aloud.
    primaryAction: Column {
        visible: !Rating.saved
        width: page.width - 2 * Theme.marginPx
        spacing: Theme.gapPx
        Row {
            visible: page.error !== ""
            width: parent.width
            spacing: Theme.gapPx
            Icon { name: "alert-circle"; tint: Theme.error; size: Theme.headingPx }
            BodyText {
                objectName: "ratingError"
                width: parent.width - Theme.headingPx - Theme.gapPx
                text: page.error
                color: Theme.error
                font.bold: true
            }
        }
        KioskButton {
            objectName: "submitRating"
            width: parent.width
            kind: "accent"
            icon: "send"
            text: I18n.s["rating.submit"]
            textPx: Theme.headingPx
            onActivated: {
                Rating.submit()
                if (Rating.errorKey !== "") Speech.speak(page.error)
            }
        }
    }
}
