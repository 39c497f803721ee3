// One field of a guided form, drawn from the view-model's description of it (Forms.fields):
// its label and help, the control its type needs, and its message (icon + words, never colour alone).
import QtQuick
import QtQuick.Controls.Basic

Column {
    id: box
    required property var field
    spacing: Theme.gapPx
    readonly property bool typed: ["text", "number", "money", "id_number", "phone",
                                   "credit_code"].indexOf(field.type) >= 0
    // ID number, phone and money are entered on the large numeric keypad, never the text keyboard:
    // the box only shows what the keys make.
    readonly property bool keyed: ["id_number", "phone", "money"].indexOf(field.type) >= 0

    BodyText {
        width: box.width
        text: box.field.label
        font.bold: true
    }
    // An answer put in from earlier ones (讨要工资 → 申请人), marked until the visitor changes it:
    // above a choice's buttons; under a text box, so the box does not move when the mark goes.
    component PresetNote: Row {
        property bool shown: false
        objectName: shown ? "preset_" + box.field.id : ""
        visible: shown
        width: box.width
        spacing: Theme.gapPx
        Icon { name: "wand"; tint: Theme.primary; size: Theme.headingPx }
        BodyText {
            width: parent.width - Theme.headingPx - Theme.gapPx
            text: I18n.s["forms.preset"]
            color: Theme.primary
            font.bold: true
        }
    }
    function focusNextBox(from) {
        let next = from.nextItemInFocusChain(true)
        for (let i = 0; i < 400 && next && next !== from; i++) {
            const name = next.objectName || ""
            if ((name.startsWith("input_") || name.startsWith("detail_") || name.startsWith("area_"))
                    && next.visible && !next.readOnly) {
                next.forceActiveFocus()
                return
            }
            next = next.nextItemInFocusChain(true)
        }
        Qt.inputMethod.hide()
    }
    readonly property bool presetShown: field.preset === true
        && (field.type === "long_text" ? area.text === field.text : !typed || input.text === field.text)
    // (An address put in from the ID number says so in its own picker.)
    PresetNote { shown: box.presetShown && !box.typed && ["long_text", "address"].indexOf(box.field.type) < 0 }
    BodyText {
        visible: box.field.help !== ""
        width: box.width
        text: box.field.help
        color: Theme.textMuted
    }
    TextField {
        id: input
        objectName: "input_" + box.field.id
        visible: box.typed
        width: box.width
        height: Math.max(Theme.buttonPx, implicitHeight)
        text: box.field.text
        readOnly: box.keyed
        activeFocusOnPress: !box.keyed
        font.family: Theme.fontFamily
        font.pixelSize: Theme.largePx
        color: Theme.text
        placeholderText: I18n.s[box.keyed ? "forms.keypad_hint" : "forms.typing_hint"]
        placeholderTextColor: Theme.textMuted
        // A visitor's words (names, villages, what happened) are personal: the Pinyin engine must not
        // learn them and offer them to the next visitor (tests/ui/test_keyboard_learning.py).
        inputMethodHints: Qt.ImhSensitiveData | (box.field.numeric ? Qt.ImhPreferNumbers : Qt.ImhNoPredictiveText)
        onTextChanged: if (box.typed) Forms.setText(box.field.id, text)
        // The keyboard's 确定 goes on to the next box of the step (or closes the keyboard after
        // the last), so a visitor need not reach for the next box above the keyboard.
        EnterKey.type: Qt.EnterKeyNext
        onAccepted: box.focusNextBox(input)
        background: Rectangle {
            color: Theme.surface
            radius: Theme.radiusPx
            border.width: input.activeFocus ? Theme.borderPx * 2 : Theme.borderPx
            border.color: box.field.error !== "" ? Theme.error : (input.activeFocus ? Theme.primary : Theme.border)
        }
    }
    PresetNote { shown: box.presetShown && box.typed }
    FormSurnames {
        fieldId: box.field.id
        visible: (box.field.surnames || []).length > 0 && input.text === ""
        width: box.width
        surnames: box.field.surnames || []
        // The surname goes into the box and the keyboard opens for the given name.
        onPicked: surname => {
            input.text = surname
            input.forceActiveFocus()
            input.cursorPosition = input.text.length
            Qt.inputMethod.show()
        }
    }
    Loader {
        objectName: "keypad_" + box.field.id
        active: box.keyed
        visible: active
        sourceComponent: NumericKeypad {
            allowX: box.field.type === "id_number"
            allowPoint: box.field.type === "money"
            maxLength: box.field.type === "phone" ? 11 : box.field.type === "money" ? 13 : 18
            Component.onCompleted: value = box.field.text
            onValueChanged: input.text = value
        }
    }
    Chips {
        objectName: "suggest_" + box.field.id
        width: box.width
        items: box.typed ? (box.field.suggestions || []) : []
        onPicked: text => { input.text = text; Forms.setText(box.field.id, text) }
    }
    BodyText {
        objectName: "readBack_" + box.field.id
        visible: (box.field.readBack || "") !== ""
        width: box.width
        text: visible ? I18n.s["forms.phone_check"] + box.field.readBack : ""
        font.pixelSize: Theme.largePx
    }
    TextArea {
        id: area
        objectName: "area_" + box.field.id
        inputMethodHints: Qt.ImhSensitiveData | Qt.ImhNoPredictiveText  // not learned, as above
        visible: box.field.type === "long_text"
        width: box.width
        height: Math.max(Theme.mm(40), implicitHeight)
        text: box.field.text
        wrapMode: TextEdit.Wrap
        font.family: Theme.fontFamily
        font.pixelSize: Theme.bodyPx
        color: Theme.text
        placeholderText: I18n.s["forms.typing_hint"]
        placeholderTextColor: Theme.textMuted
        onTextChanged: if (box.field.type === "long_text") Forms.setText(box.field.id, text)
        background: Rectangle {
            color: Theme.surface
            radius: Theme.radiusPx
            border.width: area.activeFocus ? Theme.borderPx * 2 : Theme.borderPx
            border.color: area.activeFocus ? Theme.primary : Theme.border
        }
    }
    PresetNote { shown: box.presetShown && box.field.type === "long_text" }
    // DESIGN.md: at most seven choices at once. A question with more options shows the six most
    // common (the form lists them first) and a button that swaps in the others, with a way back;
    // the part holding the visitor's answer is the one shown when the step is opened again.
    readonly property bool choosing: field.type === "choice" || field.type === "multi_choice" || field.type === "yes_no"
    readonly property bool choiceGroup: choosing  // counted by `lawpost audit`
    readonly property var options: field.type === "choice" || field.type === "multi_choice" ? field.options : []
    readonly property int commonCount: 6
    readonly property bool paged: options.length > commonCount + 1
    property int optionPage: -1  // -1: the part with the answer; 0: the common ones; 1: the others
    readonly property bool showingRest: paged && (optionPage === 1
        || (optionPage === -1 && options.findIndex(o => o.selected) >= commonCount))
    Repeater {
        model: box.field.type === "yes_no"
               ? [{ value: "yes", label: I18n.s["forms.yes"], selected: box.field.value === true },
                  { value: "no", label: I18n.s["forms.no"], selected: box.field.value === false }]
               : (!box.paged ? box.options
                  : box.showingRest ? box.options.slice(box.commonCount) : box.options.slice(0, box.commonCount))
        delegate: KioskButton {
            required property var modelData
            objectName: "option_" + box.field.id + "_" + modelData.value
            width: box.width
            kind: modelData.selected ? "primary" : "plain"
            icon: modelData.selected ? "circle-check" : (box.field.type === "multi_choice" ? "square" : "circle")
            text: modelData.label
            onActivated: Forms.choose(box.field.id, modelData.value)
        }
    }
    KioskButton {
        objectName: "options_" + box.field.id + (box.showingRest ? "_common" : "_more")
        visible: box.paged
        width: box.width
        icon: box.showingRest ? "arrow-left" : "dots"
        text: I18n.s[box.showingRest ? "forms.common_options" : "forms.more_options"]
        onActivated: box.optionPage = box.showingRest ? 0 : 1
    }
    Loader {
        active: box.field.type === "date"
        visible: active
        width: box.width
        sourceComponent: FormDate { width: box.width; field: box.field }
    }
    Loader {
        // Only an address field builds the picker (its properties exist only there).
        active: box.field.type === "address"
        visible: active
        width: box.width
        sourceComponent: FormAddress { width: box.width; field: box.field }
    }
    Loader {
        active: box.field.type === "signature"
        visible: active
        width: box.width
        sourceComponent: FormSignature { width: box.width; field: box.field }
    }
    KioskButton {
        objectName: "signLater_" + box.field.id
        visible: box.field.type === "signature"
        width: box.width
        kind: box.field.value === "later" ? "primary" : "plain"
        icon: box.field.value === "later" ? "circle-check" : "pencil"
        text: I18n.s["forms.sign_later"]
        onActivated: Forms.choose(box.field.id, "later")
    }
    Repeater {
        model: box.field.type === "group" ? box.field.items : []
        delegate: FormGroupItem {
            width: box.width
            groupId: box.field.id
        }
    }
    KioskButton {
        objectName: "add_" + box.field.id
        visible: box.field.type === "group"
        width: box.width
        icon: "plus"
        text: I18n.s["forms.add_item"]
        onActivated: Forms.addItem(box.field.id)
    }
    FormMessage {
        width: box.width
        text: box.field.error
    }
}
