// 更多服务: the services less often used than those on home, one tap further (home keeps to
// DESIGN.md's seven choices). Each tile keeps the objectName it had on home (tile_<screen>).
import QtQuick
import "../components"

ScreenPage {
    id: page
    title: I18n.s["more.title"]
    readAloudParagraphs: [page.title + "。" + I18n.s["more.read"]]
        .concat(Home.moreTiles.map(t => I18n.s[t.titleKey] + "：" + I18n.s[t.subtitleKey]))

    Grid {
        id: grid
        objectName: "moreTileGrid"
        // A choice group for `lawpost audit`: at most seven choices.
        readonly property bool choiceGroup: true
        width: page.contentColumn.width
        columns: width > Theme.mm(560) ? 4 : (width > Theme.mm(380) ? 3 : 2)
        spacing: Theme.gapPx * 2
        readonly property int tileWidth: (width - (columns - 1) * spacing) / columns

        Repeater {
            model: Home.moreTiles
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
