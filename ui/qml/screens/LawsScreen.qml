// 查法条: the laws on this kiosk; a law opens its chapters.
import QtQuick
import "../components"

ScreenPage {
    id: page
    readonly property var laws: Library.laws()
    title: I18n.s["laws.title"]
    readAloudText: I18n.s["laws.read"] + "\n" + laws.map(l => l.shortName).join("，")

    StatusMessage {
        width: page.contentColumn.width
        text: Library.errorKey !== "" ? I18n.s[Library.errorKey] : (Library.ready ? "" : I18n.s["library.loading"])
        error: Library.errorKey !== ""
        busy: !Library.ready && Library.errorKey === ""
    }
    Repeater {
        model: page.laws
        delegate: ListButton {
            required property var modelData
            objectName: "law_" + modelData.shortName
            width: page.contentColumn.width
            icon: "scale"
            title: modelData.shortName
            subtitle: modelData.name + " · " + I18n.s["laws.count"].replace("{n}", modelData.articleCount)
            onActivated: Nav.go("law", { "law": modelData.name })
        }
    }
}
