// Surname tiles under a name box: the most common surnames, most common first, a page at a time,
// so a visitor taps 王 and spells only the given name. Any other surname is typed as before.
import QtQuick

Column {
    id: tiles
    required property string fieldId
    property var surnames: []
    signal picked(string surname)
    spacing: Theme.gapPx

    readonly property int columns: Math.max(4, Math.floor((width + Theme.gapPx) / (Theme.buttonPx + Theme.gapPx + 2)))
    // Two rows: the page's surnames and, in the last two places, the button for the next page.
    readonly property int perPage: columns * 2 - 2
    readonly property int pages: Math.max(1, Math.ceil(surnames.length / perPage))
    property int page: 0
    onVisibleChanged: if (visible) page = 0  // shown again (the box emptied): the common ones first
    // Rounded down: a Flow wraps a row whose widths add up a hair over its own.
    readonly property real tilePx: Math.floor((width - (columns - 1) * Theme.gapPx) / columns) - 1

    BodyText {
        width: tiles.width
        text: I18n.s["forms.surname_hint"]
        color: Theme.textMuted
    }
    Flow {
        // Keys, like the keypad's digits: 朗读 reads the hint and the name they make.
        readonly property bool readAloudInputControl: true
        width: tiles.width
        spacing: Theme.gapPx
        Repeater {
            model: tiles.surnames.slice(tiles.page * tiles.perPage, (tiles.page + 1) * tiles.perPage)
            delegate: KioskButton {
                required property string modelData
                objectName: "surname_" + tiles.fieldId + "_" + modelData
                width: tiles.tilePx
                text: modelData
                onActivated: tiles.picked(modelData)
            }
        }
        KioskButton {
            objectName: "surnamesMore_" + tiles.fieldId
            visible: tiles.pages > 1
            width: tiles.tilePx * 2 + Theme.gapPx
            icon: "dots"
            textPx: Theme.bodyPx
            text: I18n.s["forms.surname_more"]
            onActivated: tiles.page = (tiles.page + 1) % tiles.pages
        }
    }
}
