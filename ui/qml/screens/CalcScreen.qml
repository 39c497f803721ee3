// 算一算: choose a calculator (court fees, preservation, enforcement, severance).
import QtQuick
import "../components"

ScreenPage {
    id: page
    title: I18n.s["calc.title"]
    // The title, the question, each calculator (highlighted as it is read), then the note.
    readAloudParagraphs: [page.title + "。" + I18n.s["calc.choose"]].concat(
        Calc.calculators.map(c => c.title + "。" + c.subtitle), [I18n.s["calc.ui.reference"]])

    BodyText { width: page.contentColumn.width; text: I18n.s["calc.choose"]; font.pixelSize: Theme.largePx }
    Repeater {
        model: Calc.calculators
        delegate: ListButton {
            required property var modelData
            required property int index
            objectName: "calc_" + modelData.id
            speechIndex: index + 1
            width: page.contentColumn.width
            icon: modelData.icon
            title: modelData.title
            subtitle: modelData.subtitle
            onActivated: Calc.open(modelData.id)
        }
    }
    BodyText { width: page.contentColumn.width; text: I18n.s["calc.ui.reference"]; color: Theme.textMuted }
}
