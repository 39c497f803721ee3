// Bottom bar: 返回 and 首页 always, the hotline, and 结束并清除 once the visitor has entered anything.
import QtQuick

Rectangle {
    color: Theme.surface
    implicitHeight: Theme.buttonPx + 2 * Theme.gapPx
    Rectangle { width: parent.width; height: Theme.borderPx; color: Theme.border }

    Row {
        anchors.left: parent.left
        anchors.leftMargin: Theme.marginPx
        anchors.verticalCenter: parent.verticalCenter
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

    Text {
        anchors.centerIn: parent
        visible: !clearButton.visible || parent.width > 1400
        text: I18n.s["footer.help"]
        color: Theme.textMuted
        font.family: Theme.fontFamily
        font.pixelSize: Theme.bodyPx
        font.bold: true
    }

    KioskButton {
        id: clearButton
        objectName: "clearButton"
        anchors.right: parent.right
        anchors.rightMargin: Theme.marginPx
        anchors.verticalCenter: parent.verticalCenter
        visible: Session.hasVisitorData
        text: I18n.s["footer.clear"]
        icon: "eraser"
        kind: "accent"
        onActivated: Session.endSession()
    }
}
