// 找机构: legal aid centre, 司法所, mediation, notary, arbitration, court, law firms — filtered by
// type and township; each opens its address, phone and hours.
import QtQuick
import "../components"

ScreenPage {
    id: page
    property string kind: ""
    property string township: ""
    readonly property var found: Library.institutions(kind, township)
    title: I18n.s["directory.title"]
    readAloudText: I18n.s["directory.read"] + "\n" + found.map(i => i.name).join("\n")

    BodyText {
        visible: page.found.some(i => i.sample)
        width: page.contentColumn.width
        text: I18n.s["directory.sample"]
        color: Theme.textMuted
    }
    Flow {
        width: page.contentColumn.width
        spacing: Theme.gapPx
        Repeater {
            model: [""].concat(Library.ready ? Library.institutionTypes() : [])
            delegate: KioskButton {
                required property string modelData
                objectName: "type_" + (modelData || "all")
                textPx: Theme.bodyPx
                kind: page.kind === modelData ? "primary" : "plain"
                text: modelData === "" ? I18n.s["directory.all"] : I18n.s["directory.type." + modelData]
                onActivated: page.kind = modelData
            }
        }
    }
    Flow {
        width: page.contentColumn.width
        spacing: Theme.gapPx
        Repeater {
            model: [""].concat(Library.ready ? Library.townships() : [])
            delegate: KioskButton {
                required property string modelData
                textPx: Theme.bodyPx
                kind: page.township === modelData ? "primary" : "plain"
                icon: "map-pin"
                text: modelData === "" ? I18n.s["directory.all_townships"] : modelData
                onActivated: page.township = modelData
            }
        }
    }
    StatusMessage { width: page.contentColumn.width; text: page.found.length === 0 && Library.ready ? I18n.s["directory.none"] : "" }
    Repeater {
        model: page.found
        delegate: ListButton {
            required property var modelData
            objectName: "institution_" + modelData.id
            width: page.contentColumn.width
            icon: "building"
            title: modelData.name
            subtitle: I18n.s["directory.type." + modelData.type] + " · " + modelData.phone
            onActivated: Nav.go("institution", { "institution": modelData.id })
        }
    }
}
