// The kiosk window: header, the current screen, footer, and the overlays above them.
import QtQuick
import QtQuick.Window
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings
import "components"

Window {
    id: root
    visible: true
    title: "LawPost"
    color: Theme.background

    property alias screenLoader: loader
    readonly property bool landscape: width > height

    Binding {
        target: VirtualKeyboardSettings
        property: "locale"
        value: I18n.language === "en" ? "en_US" : "zh_CN"
    }
    Component.onCompleted: VirtualKeyboardSettings.activeLocales = ["zh_CN", "en_US"]
    // Input methods that learn from typing (Pinyin's user dictionary) forget it whenever a
    // visitor's session ends.
    Connections {
        target: Session
        function onSession_reset() { VirtualKeyboardSettings.userDataReset() }
    }

    Header {
        id: header
        objectName: "header"
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: parent.right
        readAloudText: loader.item && loader.item.readAloudText !== undefined ? loader.item.readAloudText : ""
        readAloudParagraphs: loader.item && loader.item.readAloudParagraphs !== undefined ? loader.item.readAloudParagraphs : []
    }

    Loader {
        id: loader
        objectName: "screenLoader"
        anchors.top: header.bottom
        anchors.bottom: footer.top
        anchors.left: parent.left
        anchors.right: parent.right
        // A gap above the footer, so a row scrolled half out of view is never flush with 返回.
        anchors.bottomMargin: Theme.gapPx
        source: Nav.currentSource
        asynchronous: false
        // A short fade that never blocks input: the new screen is interactive at once.
        onLoaded: { item.opacity = 0.0; fadeIn.restart() }
        NumberAnimation {
            id: fadeIn
            target: loader.item
            property: "opacity"
            from: 0.0; to: 1.0
            duration: 120
        }
    }

    Footer {
        id: footer
        objectName: "footer"
        anchors.bottom: keyboard.top
        anchors.left: parent.left
        anchors.right: parent.right
    }

    QueueCalledOverlay { objectName: "queueCalled"; anchors.fill: parent }
    ClearConfirm { objectName: "clearConfirm"; anchors.fill: parent }
    IdleOverlay { objectName: "idleOverlay"; anchors.fill: parent }
    PinPad { objectName: "pinPad"; anchors.fill: parent }
    // Outside opening hours the screen may sleep (ui/wiring/screen_sleep.py): black, and the
    // touch that wakes it never reaches the button beneath.
    Rectangle { objectName: "sleepCurtain"; anchors.fill: parent; z: 100; color: "black"; visible: ScreenSleep.asleep }

    // Below the footer: the page shrinks while typing, 返回 / 首页 stay in view.
    KioskKeyboard {
        id: keyboard
        objectName: "kioskKeyboard"
        z: 99
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
    }
}
