// 算一算: choose a calculator (court fees, preservation, enforcement, severance).
import QtQuick
import "../components"

ScreenPage {
    id: page
    title: I18n.s["calc.title"]
    readAloudText: [I18n.s["calc.choose"]].concat(
        Calc.calculators.map(c => c.title + "。" + c.subtitle)).join("\n")

    BodyText { width: page.contentColumn.width; text: I18n.s["calc.choose"]; font.pixelSize: Theme.largePx }
    Repeater {
        model: Calc.calculators
        delegate: ListButton {
            required property var modelData
            objectName: "calc_" + modelData.id
            width: page.contentColumn.width
            icon: modelData.icon
            title: modelData.title
            subtitle: modelData.subtitle
            onActivated: Calc.open(modelData.id)
        }
    }
    BodyText { width: page.contentColumn.width; text: I18n.s["calc.ui.reference"]; color: Theme.textMuted }
}
