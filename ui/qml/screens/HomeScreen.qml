// Home: a greeting and one large tile per service that works on this kiosk.
import QtQuick
import "../components"

ScreenPage {
    id: page
    title: I18n.s["home.welcome"]
    // The greeting, then each tile by its name and what it is for, in the order on screen.
    readAloudParagraphs: [I18n.s["home.read"].replace("{name}", Kiosk.servicePointName) + I18n.s["home.welcome"]]
        .concat(Home.tiles.map(t => I18n.s[t.titleKey] + "：" + I18n.s[t.subtitleKey]))
        .concat([I18n.s["home.read_help"]])

    Grid {
        id: grid
        objectName: "tileGrid"
        // A choice group for `lawpost audit`: at most seven choices (the rest under 更多服务).
        readonly property bool choiceGroup: true
        width: page.contentColumn.width
        columns: width > Theme.mm(560) ? 4 : (width > Theme.mm(380) ? 3 : 2)
        spacing: Theme.gapPx * 2
        readonly property int tileWidth: (width - (columns - 1) * spacing) / columns

        Repeater {
            model: Home.tiles
            delegate: Tile {
                required property var modelData
                required property int index
                objectName: "tile_" + modelData.screen
                speechIndex: index + 1
                width: grid.tileWidth
                height: Math.max(Theme.mm(62), implicitHeight)
                icon: modelData.icon
                title: I18n.s[modelData.titleKey]
                subtitle: I18n.s[modelData.subtitleKey]
                onActivated: Nav.go(modelData.screen)
            }
        }
    }
}
