// Bottom bar: 返回 and 首页 always, the 12348 hotline (tap for the number and a QR code), and
// 结束并清除 once the visitor has entered anything — a quiet button that asks before it wipes.
// Where the three do not fit on one line (elder mode in portrait) the hotline gets its own line.
import QtQuick

Rectangle {
    id: footer
    color: Theme.surface
    readonly property bool twoLines: nav.implicitWidth + hotline.implicitWidth
        + (clearButton.visible ? clearButton.implicitWidth : 0) + 2 * Theme.marginPx + 3 * Theme.gapPx > width
    implicitHeight: (twoLines ? 2 * Theme.buttonPx + Theme.gapPx : Theme.buttonPx) + 2 * Theme.gapPx
    Rectangle { width: parent.width; height: Theme.borderPx; color: Theme.border }

    // The set-up wizard has its own 上一步 and no way home before it is done.
    readonly property bool settingUp: Nav.currentScreen.startsWith("setup")
    Row {
        id: nav
        visible: !footer.settingUp
        anchors.left: parent.left
        anchors.leftMargin: Theme.marginPx
        anchors.top: parent.top
        anchors.topMargin: Theme.gapPx
        spacing: Theme.gapPx
        KioskButton {
            objectName: "backButton"
            text: I18n.s["footer.back"]
            icon: "arrow-left"
            kind: "primary"
            enabledState: Nav.canGoBack
            onActivated: Nav.back()
        }
        KioskButton {
            objectName: "homeButton"
            text: I18n.s["footer.home"]
            icon: "home"
            onActivated: Nav.home()
        }
    }

    KioskButton {
        id: hotline
        objectName: "hotlineButton"
        x: footer.twoLines ? Theme.marginPx
                           : Math.max(nav.x + nav.width + Theme.gapPx,
                                      Math.min((footer.width - width) / 2,
                                               (clearButton.visible ? clearButton.x : footer.width - Theme.marginPx) - width - Theme.gapPx))
        y: footer.twoLines ? nav.y + nav.height + Theme.gapPx : nav.y
        width: footer.twoLines ? footer.width - 2 * Theme.marginPx : implicitWidth
        visible: !footer.settingUp
        icon: "phone"
        text: I18n.s["footer.hotline"]
        onActivated: Nav.go("hotline")
    }

    KioskButton {
        id: clearButton
        objectName: "clearButton"
        anchors.right: parent.right
        anchors.rightMargin: Theme.marginPx
        y: nav.y
        visible: Session.hasVisitorData
        text: I18n.s["footer.clear"]
        icon: "eraser"
        textPx: Theme.bodyPx
        onActivated: Session.askToClear()
    }
}
