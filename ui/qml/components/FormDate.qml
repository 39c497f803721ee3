// A date for someone who finds calendars hard: type the year on the number pad, then tap the
// month and the day. What is chosen so far is written out in words above.
import QtQuick
import QtQuick.Controls.Basic

Column {
    id: picker
    required property var field
    spacing: Theme.gapPx

    BodyText {
        objectName: "dateChosen_" + picker.field.id
        width: picker.width
        text: (picker.field.year || "____") + " 年 " + (picker.field.month || "__") + " 月 "
              + (picker.field.day || "__") + " 日"
        font.pixelSize: Theme.largePx
        font.bold: true
    }
    TextField {
        id: year
        objectName: "year_" + picker.field.id
        width: picker.width
        height: Math.max(Theme.buttonPx, implicitHeight)
        text: picker.field.year || ""
        maximumLength: 4
        font.family: Theme.fontFamily
        font.pixelSize: Theme.largePx
        color: Theme.text
        placeholderText: I18n.s["forms.date_year"]
        placeholderTextColor: Theme.textMuted
        inputMethodHints: Qt.ImhDigitsOnly | Qt.ImhSensitiveData  // a birth year is personal too
        onTextChanged: Forms.setDatePart(picker.field.id, "year", parseInt(text) || 0)
        background: Rectangle {
            color: Theme.surface
            radius: Theme.radiusPx
            border.width: year.activeFocus ? Theme.borderPx * 2 : Theme.borderPx
            border.color: year.activeFocus ? Theme.primary : Theme.border
        }
    }
    BodyText { width: picker.width; text: I18n.s["forms.date_month"] }
    Grid {
        width: picker.width
        columns: 6
        spacing: Theme.gapPx
        Repeater {
            model: 12
            delegate: KioskButton {
                required property int index
                objectName: "month_" + picker.field.id + "_" + (index + 1)
                width: (picker.width - 5 * Theme.gapPx) / 6
                kind: picker.field.month === index + 1 ? "primary" : "plain"
                text: String(index + 1)
                onActivated: Forms.setDatePart(picker.field.id, "month", index + 1)
            }
        }
    }
    BodyText { width: picker.width; text: I18n.s["forms.date_day"] }
    Grid {
        width: picker.width
        columns: 7
        spacing: Theme.gapPx
        Repeater {
            model: 31
            delegate: KioskButton {
                required property int index
                objectName: "day_" + picker.field.id + "_" + (index + 1)
                width: (picker.width - 6 * Theme.gapPx) / 7
                kind: picker.field.day === index + 1 ? "primary" : "plain"
                text: String(index + 1)
                onActivated: Forms.setDatePart(picker.field.id, "day", index + 1)
            }
        }
    }
}
