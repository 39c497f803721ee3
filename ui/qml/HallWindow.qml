// A window that shows only the hall display (`lawpost hall-display` on a TV's machine).
import QtQuick
import QtQuick.Window
import "screens"

Window {
    id: root
    visible: true
    title: "LawPost 叫号"
    color: Theme.background
    HallDisplayScreen {
        objectName: "hallScreen"
        anchors.fill: parent
    }
}
