// The address of a form: province → city → county picked by touch from the GB/T 2260 table, then
// the street address typed. What is picked so far is shown, with a button to start again.
import QtQuick
import QtQuick.Controls.Basic

Column {
    id: picker
    required property var field
    spacing: Theme.gapPx
    readonly property bool typedBefore: (field.text || "") !== ""

    BodyText {
        objectName: "regionPath_" + picker.field.id
        visible: picker.typedBefore || (picker.field.regionPath || "") !== ""
        width: picker.width
        text: picker.typedBefore ? picker.field.text : picker.field.regionPath
        font.pixelSize: Theme.largePx
        font.bold: true
    }
    // Province → city → county put in from the ID number (its first six digits), marked until
    // the visitor changes it: only the village or street is left to type.
    Row {
        objectName: visible ? "preset_" + picker.field.id : ""
        visible: picker.field.preset === true && picker.field.regionDone
                 && detail.text === (picker.field.detail || "")
        width: picker.width
        spacing: Theme.gapPx
        Icon { name: "wand"; tint: Theme.primary; size: Theme.headingPx }
        BodyText {
            width: parent.width - Theme.headingPx - Theme.gapPx
            text: I18n.s["forms.preset_from_id"]
            color: Theme.primary
            font.bold: true
        }
    }
    KioskButton {
        objectName: "regionRestart_" + picker.field.id
        visible: picker.typedBefore || (picker.field.regionPath || "") !== ""
        width: picker.width
        icon: "edit"
        text: I18n.s["forms.region_again"]
        onActivated: Forms.pickRegion(picker.field.id, "")
    }
    BodyText {
        visible: !picker.typedBefore && !picker.field.regionDone
        width: picker.width
        text: I18n.s["forms.region_choose"]
        color: Theme.textMuted
    }
    Grid {
        visible: !picker.typedBefore && !picker.field.regionDone
        width: picker.width
        columns: picker.width > Theme.mm(250) ? 3 : 2
        spacing: Theme.gapPx
        Repeater {
            model: picker.typedBefore || picker.field.regionDone ? [] : picker.field.regionChoices
            delegate: KioskButton {
                required property var modelData
                objectName: "region_" + picker.field.id + "_" + modelData.code
                width: (picker.width - (parent.columns - 1) * Theme.gapPx) / parent.columns
                text: modelData.name
                onActivated: Forms.pickRegion(picker.field.id, modelData.code)
            }
        }
    }
    // Places as tiles after the county: the villages of the hall's own township when the county is
    // the hall's, else the county's townships and then the tapped township's villages (the pack's
    // table); anything more (组, 门牌号) typed after it.
    BodyText {
        objectName: visible ? "tilesHint_" + picker.field.id : ""
        visible: villageTiles.visible
        width: picker.width
        text: I18n.s[picker.field.tilesHint || "forms.village_hint"]
        color: Theme.textMuted
    }
    Flow {
        id: villageTiles
        visible: picker.field.regionDone && (picker.field.villages || []).length > 0
                 && detail.text === (picker.field.detail || "")
        width: picker.width
        spacing: Theme.gapPx
        Repeater {
            model: villageTiles.visible ? picker.field.villages : []
            delegate: KioskButton {
                required property var modelData
                objectName: (picker.field.tilesHint === "forms.township_hint" ? "township_" : "village_")
                            + picker.field.id + "_" + modelData.name
                textPx: Theme.bodyPx
                text: modelData.name
                // No keyboard opened for it: a tap on the box adds 组 or 门牌号 when wanted.
                onActivated: detail.text = modelData.detail
            }
        }
    }
    TextField {
        id: detail
        objectName: "detail_" + picker.field.id
        // A visitor's words (names, villages, what happened) are personal: the Pinyin engine must not
        // learn them and offer them to the next visitor (tests/ui/test_keyboard_learning.py).
        inputMethodHints: Qt.ImhSensitiveData | Qt.ImhNoPredictiveText
        visible: picker.field.regionDone
        width: picker.width
        height: Math.max(Theme.buttonPx, implicitHeight)
        text: picker.field.detail || ""
        font.family: Theme.fontFamily
        font.pixelSize: Theme.largePx
        color: Theme.text
        placeholderText: I18n.s["forms.address_detail"]
        placeholderTextColor: Theme.textMuted
        onTextChanged: if (picker.field.regionDone) Forms.setAddressDetail(picker.field.id, text)
        background: Rectangle {
            color: Theme.surface
            radius: Theme.radiusPx
            border.width: detail.activeFocus ? Theme.borderPx * 2 : Theme.borderPx
            border.color: detail.activeFocus ? Theme.primary : Theme.border
        }
    }
}
