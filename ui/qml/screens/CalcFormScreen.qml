// One input of a calculator at a time: a choice, an amount on the numeric keypad, or a date on
// large steppers; 下一项 checks it, the last one works the result out.
import QtQuick
import "../components"

ScreenPage {
    id: page
    readonly property var field: Calc.field
    readonly property bool isMoney: page.field.kind === "money"
    title: Calc.calculator !== "" ? I18n.s["calc.ui.name." + Calc.calculator] : I18n.s["calc.title"]
    readAloudText: Calc.formSpoken
    // Opened from its parameters (a link, a screenshot): the view-model takes them.
    Component.onCompleted: Calc.prepare(Nav.params.calculator || "", Nav.params.values || {},
                                        Nav.params.step || 0)

    // Rebuilt for every step, so a keypad starts from that field's own value.
    Repeater {
        model: Calc.calculator !== "" ? [Calc.step + ":" + (page.field.key || "")] : []
        // Landscape: the question and the amount on the left, the keypad on the right, so both
        // fit without scrolling; portrait: the keypad below.
        delegate: Flow {
            id: body
            readonly property bool sideBySide: page.isMoney && page.width > page.height
            width: page.contentColumn.width
            spacing: Theme.gapPx * 2

            Column {
                width: body.sideBySide ? body.width - keypad.width - body.spacing : body.width
                spacing: Theme.gapPx * 2
                BodyText { objectName: "calcStep"; width: parent.width; text: Calc.stepText; color: Theme.textMuted }
                Heading { objectName: "calcLabel"; width: parent.width; text: page.field.label || "" }
                BodyText { width: parent.width; text: page.field.hint || "" }
                StatusMessage { objectName: "calcError"; width: parent.width; text: Calc.errorText; error: true }

                Repeater {
                    model: page.field.kind === "choice" ? Calc.kinds : []
                    delegate: ListButton {
                        required property var modelData
                        objectName: "kind_" + modelData.id
                        width: page.contentColumn.width
                        icon: Calc.values.kind === modelData.id ? "circle-check" : "circle"
                        title: modelData.title
                        onActivated: Calc.chooseKind(modelData.id)
                    }
                }

                Row {
                    visible: page.isMoney
                    spacing: Theme.gapPx
                    width: parent.width
                    Rectangle {
                        width: parent.width - clearButton.width - Theme.gapPx
                        height: Math.max(Theme.buttonPx, amountText.implicitHeight + Theme.gapPx * 2)
                        radius: Theme.radiusPx
                        color: Theme.surface
                        border.width: Theme.borderPx * 2
                        border.color: Theme.primary
                        Text {
                            id: amountText
                            objectName: "calcAmount"
                            anchors.right: parent.right
                            anchors.rightMargin: Theme.gapPx * 2
                            anchors.verticalCenter: parent.verticalCenter
                            // Thousands separators in the whole part: 88000 and 880000 differ at a glance.
                            text: (keypad.value !== ""
                                   ? keypad.value.replace(/^\d+/, w => w.replace(/\B(?=(\d{3})+$)/g, ","))
                                   : "0") + " " + I18n.s["calc.ui.yuan"]
                            color: keypad.value !== "" ? Theme.text : Theme.textMuted
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.displayPx
                            font.bold: true
                            font.features: { "tnum": 1 }
                        }
                    }
                    KioskButton {
                        id: clearButton
                        objectName: "calcClear"
                        text: I18n.s["calc.ui.clear"]
                        onActivated: keypad.value = ""
                    }
                }

                DateStepper {
                    visible: page.field.kind === "date"
                    name: page.field.key || "date"
                    width: parent.width
                    year: page.field.year || ""
                    month: page.field.month || ""
                    day: page.field.day || ""
                    onStepped: (part, delta) => Calc.stepDate(page.field.key, part, delta)
                }
            }

            NumericKeypad {
                id: keypad
                visible: page.isMoney
                allowPoint: true
                maxLength: 13
                Component.onCompleted: value = page.field.value || ""
                onValueChanged: if (page.isMoney) Calc.setValue(page.field.key, value)
            }

            // Beneath the keypad in portrait; on its own line in landscape.
            Item { width: body.width; height: 1; visible: body.sideBySide }
            KioskButton {
                objectName: "calcPrevious"
                visible: Calc.step > 0
                icon: "chevron-left"
                text: I18n.s["calc.ui.previous"]
                onActivated: Calc.previous()
            }
        }
    }

    primaryAction: KioskButton {
        objectName: "calcNext"
        visible: page.field.kind !== undefined && page.field.kind !== "choice"
        width: page.width - 2 * Theme.marginPx
        kind: "accent"
        icon: Calc.step + 1 >= Calc.stepCount ? "calculator" : "chevron-right"
        text: Calc.step + 1 >= Calc.stepCount ? I18n.s["calc.ui.calculate"] : I18n.s["calc.ui.next"]
        textPx: Theme.headingPx
        onActivated: Calc.next()
    }
}
