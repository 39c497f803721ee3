// 写申请: the documents the kiosk can help write; one tap opens the guided form.
import QtQuick
import "../components"

ScreenPage {
    id: page
    title: I18n.s["forms.title"]
    readAloudText: [page.title, I18n.s["forms.choose"]].concat(Forms.formList.map(f => f.title + "\n" + f.summary))
        .concat([I18n.s["resume.open"] + "\n" + I18n.s["resume.open_subtitle"]]).join("\n")

    BodyText {
        width: page.contentColumn.width
        text: I18n.s["forms.choose"]
    }
    Repeater {
        model: Forms.formList
        delegate: ListButton {
            required property var modelData
            objectName: "form_" + modelData.id
            width: page.contentColumn.width
            icon: "file-text"
            title: modelData.title
            subtitle: modelData.summary
            onActivated: {
                Forms.open(modelData.id)
                Nav.go("form", { form: modelData.id })
            }
        }
    }
    // 下次再填: a form begun at this or another kiosk of the county, reopened by its code.
    ListButton {
        objectName: "resumeOpen"
        width: page.contentColumn.width
        icon: "player-play"
        title: I18n.s["resume.open"]
        subtitle: I18n.s["resume.open_subtitle"]
        onActivated: Nav.go("resume", { mode: "open" })
    }
}
