// The on-screen keyboard for people who do not type: Qt's Pinyin keyboard with keys no smaller
// than any other touch target (taller in 长辈版), a large candidate strip, words on every key,
// and a bar with 清空 and 收起键盘. It sits below the footer, so 返回 / 首页 stay in view and the
// page shrinks instead.
import QtQuick
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Styles
import QtQuick.Window

Item {
    id: kb
    property alias panel: inputPanel
    readonly property bool active: inputPanel.active
    // Four rows of keys; each row at least the touch target, plus the style's margins.
    readonly property real rowPx: Theme.touchPx * 1.12
    // In landscape a full-width keyboard has keys wider than a hand; it is kept to about 11
    // keys of 1.6 targets each and centred.
    readonly property real panelWidth: parent.width > parent.height
        ? Math.min(parent.width, Theme.touchPx * 1.6 * 11) : parent.width
    // In landscape the keyboard is narrower than the window: the bar stands beside it instead of
    // above, and the page keeps that height.
    readonly property bool barBeside: width - panelWidth >= 2 * Theme.buttonPx * 3.2
    height: active ? (barBeside ? 0 : bar.height) + inputPanel.height : 0
    visible: active

    Rectangle {
        id: bar
        objectName: "keyboardBar"
        x: kb.barBeside ? inputPanel.x + inputPanel.width : 0
        y: 0
        width: kb.barBeside ? kb.width - x : kb.width
        height: kb.barBeside ? inputPanel.height : Theme.buttonPx + 2 * Theme.gapPx
        color: "#2B2825"
        Text {
            visible: !kb.barBeside
            anchors.left: parent.left
            anchors.leftMargin: Theme.marginPx
            anchors.right: barButtons.left
            anchors.verticalCenter: parent.verticalCenter
            text: I18n.s["keyboard.hint"]
            color: "#FFFFFF"
            font.family: Theme.fontFamily
            font.pixelSize: Theme.bodyPx
            elide: Text.ElideRight
        }
        Grid {
            id: barButtons
            anchors.right: parent.right
            anchors.rightMargin: Theme.marginPx
            anchors.verticalCenter: parent.verticalCenter
            columns: kb.barBeside ? 1 : 2
            spacing: Theme.gapPx
            KioskButton {
                objectName: "keyboardClear"
                icon: "trash"
                text: I18n.s["keyboard.clear"]
                textPx: Theme.bodyPx
                // Empties the text box being typed in (and any unfinished pinyin).
                onActivated: {
                    InputContext.clear()
                    const field = kb.Window.activeFocusItem
                    if (field && typeof field.clear === "function") field.clear()
                }
            }
            KioskButton {
                objectName: "keyboardHide"
                icon: "keyboard-hide"
                text: I18n.s["keyboard.hide"]
                textPx: Theme.bodyPx
                onActivated: Qt.inputMethod.hide()
            }
        }
    }

    InputPanel {
        id: inputPanel
        objectName: "keyboard"
        y: kb.barBeside ? 0 : bar.height
        x: kb.barBeside ? Math.max(0, (kb.width - width) / 2 - Theme.buttonPx * 1.6) : (kb.width - width) / 2
        width: kb.panelWidth
    }

    // The style's design height decides the key rows' height for a given width: raise it so a
    // row is at least `rowPx`, never lower than the style's own.
    readonly property var style: inputPanel.keyboard.style
    readonly property real designWidth: style ? style.keyboardDesignWidth : 0
    property real defaultDesignHeight: 0
    onStyleChanged: if (style && defaultDesignHeight === 0) defaultDesignHeight = style.keyboardDesignHeight
    Binding {
        target: kb.style
        when: kb.style !== null && kb.defaultDesignHeight > 0
        property: "keyboardDesignHeight"
        value: Math.max(kb.defaultDesignHeight, kb.designWidth * 4.35 * kb.rowPx / Math.max(1, kb.panelWidth))
    }
    Binding {
        target: kb.style
        when: kb.style !== null
        property: "selectionListHeight"
        value: Math.max(Theme.mm(14), Theme.buttonPx * 0.75)
    }
    Binding { target: kb.style; when: kb.style !== null; property: "selectionListDelegate"; value: candidate }
    Binding { target: kb.style; when: kb.style !== null; property: "keyPanel"; value: characterKey }
    Binding { target: kb.style; when: kb.style !== null; property: "backspaceKeyPanel"; value: backspaceKey }
    Binding { target: kb.style; when: kb.style !== null; property: "enterKeyPanel"; value: enterKey }
    Binding { target: kb.style; when: kb.style !== null; property: "hideKeyPanel"; value: hideKey }
    Binding { target: kb.style; when: kb.style !== null; property: "shiftKeyPanel"; value: shiftKey }
    Binding { target: kb.style; when: kb.style !== null; property: "spaceKeyPanel"; value: spaceKey }
    Binding { target: kb.style; when: kb.style !== null; property: "symbolKeyPanel"; value: symbolKey }
    Binding { target: kb.style; when: kb.style !== null; property: "languageKeyPanel"; value: languageKey }
    Binding { target: kb.style; when: kb.style !== null; property: "modeKeyPanel"; value: modeKey }

    Component { id: characterKey; KeyLabelPanel { label: control ? control.displayText : ""; large: true } }
    Component { id: backspaceKey; KeyLabelPanel { label: I18n.s["keyboard.backspace"] } }
    Component { id: enterKey; KeyLabelPanel { label: I18n.s["keyboard.enter"] } }
    Component { id: hideKey; KeyLabelPanel { label: I18n.s["keyboard.hide"] } }
    Component { id: shiftKey; KeyLabelPanel { label: I18n.s["keyboard.shift"] } }
    Component { id: spaceKey; KeyLabelPanel { label: I18n.s["keyboard.space"] } }
    Component { id: symbolKey; KeyLabelPanel { label: control ? control.displayText || I18n.s["keyboard.symbols"] : "" } }
    Component { id: languageKey; KeyLabelPanel { label: I18n.s["keyboard.language"] } }
    Component { id: modeKey; KeyLabelPanel { label: I18n.s["keyboard.mode"] } }

    // A candidate: at least 16 mm wide and as tall as the strip, in the page's large text.
    // (SelectionListItem selects on tap; the list's model gives `display` and `index`.)
    Component {
        id: candidate
        SelectionListItem {
            id: item
            objectName: "candidate"
            width: Math.max(Theme.mm(16), label.implicitWidth + 2 * Theme.gapPx)
            Text {
                id: label
                anchors.centerIn: parent
                text: display
                color: "#FFFFFF"
                font.family: Theme.fontFamily
                font.pixelSize: Theme.largePx
                font.bold: item.ListView.isCurrentItem
            }
        }
    }
}
