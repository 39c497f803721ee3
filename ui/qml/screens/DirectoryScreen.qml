// 找机构: legal aid centre, 司法所, mediation, notary, arbitration, court, law firms — filtered by
// type and township; each opens its address, phone and hours.
import QtQuick
import "../components"

ScreenPage {
    id: page
    chineseContent: true
    property string kind: ""
    property string township: ""
    readonly property var found: Library.institutions(kind, township)
    title: I18n.s["directory.title"]
    readonly property var types: [""].concat(Library.ready ? Library.institutionTypes() : [])
    readonly property var townships: [""].concat(Library.ready ? Library.townships() : [])
    readonly property string none: page.found.length === 0 && Library.ready ? I18n.s["directory.none"] : ""
    function typeName(type) { return type === "" ? I18n.s["directory.all"] : I18n.s["directory.type." + type] }
    function townshipName(name) { return name === "" ? I18n.s["directory.all_townships"] : name }
    // The offices first (what the visitor came for), then the choices that narrow the list.
    readAloudParagraphs: [page.title + "。" + I18n.s["directory.read"] + page.none]
        .concat(found.map(i => i.name + "。" + I18n.s["directory.type." + i.type] + "，" + i.phone))
        .concat([I18n.s["directory.read_types"] + types.map(typeName).join("、"),
                 I18n.s["directory.read_townships"] + townships.map(townshipName).join("、")])

    Flow {
        width: page.contentColumn.width
        spacing: Theme.gapPx
        Repeater {
            model: page.types
            delegate: KioskButton {
                required property string modelData
                objectName: "type_" + (modelData || "all")
                textPx: Theme.bodyPx
                kind: page.kind === modelData ? "primary" : "plain"
                text: page.typeName(modelData)
                onActivated: page.kind = modelData
            }
        }
    }
    Flow {
        width: page.contentColumn.width
        spacing: Theme.gapPx
        Repeater {
            model: page.townships
            delegate: KioskButton {
                required property string modelData
                textPx: Theme.bodyPx
                kind: page.township === modelData ? "primary" : "plain"
                icon: "map-pin"
                text: page.townshipName(modelData)
                onActivated: page.township = modelData
            }
        }
    }
    StatusMessage { width: page.contentColumn.width; text: page.none }
    Repeater {
        model: page.found
        delegate: ListButton {
            required property var modelData
            required property int index
            speechIndex: 1 + index
            objectName: "institution_" + modelData.id
            width: page.contentColumn.width
            icon: "building"
            title: modelData.name
            subtitle: I18n.s["directory.type." + modelData.type] + " · " + modelData.phone
            onActivated: Nav.go("institution", { "institution": modelData.id })
        }
    }
}
