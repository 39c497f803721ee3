// 问律师: from a guide, an answer or a form, straight to 视频咨询 with the page's id and title, so
// the duty lawyer sees what the visitor was reading. Hidden when the page has no id yet.
import QtQuick

KioskButton {
    id: ask
    property string aboutKind: ""
    property string aboutId: ""
    property string aboutTitle: ""
    visible: aboutId !== "" && aboutTitle !== ""
    kind: "primary"
    icon: "video"
    text: I18n.s["video.ask_lawyer"]
    onActivated: Nav.go("video", { "about": ask.aboutKind, "aboutId": ask.aboutId, "aboutTitle": ask.aboutTitle })
}
