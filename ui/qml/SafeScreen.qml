// The safe screen (lawpost-kiosk-safe.service): shown when the kiosk failed to start several times.
// Self-contained like FatalError.qml: no theme, no catalogs, no database, only what the runner
// passes in from the configuration file.
import QtQuick
import QtQuick.Window

Window {
    id: win
    visible: true
    color: "#F7F8FA"
    title: "LawPost"
    property string servicePoint: ""
    property string hotline: "12348"
    property string openingHours: ""
    property int px: Math.max(24, Math.round(Math.min(width, height) / 26))

    Column {
        anchors.centerIn: parent
        width: parent.width * 0.82
        spacing: win.px
        Text { objectName: "servicePoint"; width: parent.width; text: win.servicePoint; font.pixelSize: win.px * 1.2; color: "#4A5563"; wrapMode: Text.Wrap; font.family: "Noto Sans CJK SC" }
        Text { width: parent.width; text: "本机暂停服务，正在维修"; font.pixelSize: win.px * 1.6; font.bold: true; color: "#1A1C1E"; wrapMode: Text.Wrap; font.family: "Noto Sans CJK SC" }
        Text { width: parent.width; text: "需要法律帮助，请拨打公共法律服务热线，或到窗口找工作人员。"; font.pixelSize: win.px; color: "#1A1C1E"; wrapMode: Text.Wrap; lineHeight: 1.4; font.family: "Noto Sans CJK SC" }
        Text { width: parent.width; text: "This kiosk is out of service. For legal help call the hotline below or ask the hall staff."; font.pixelSize: win.px * 0.8; color: "#4A5563"; wrapMode: Text.Wrap; font.family: "Noto Sans CJK SC" }
        Text { objectName: "hotline"; text: win.hotline; font.pixelSize: win.px * 3.2; font.bold: true; color: "#1F4E8C"; font.family: "Noto Sans CJK SC" }
        Text { objectName: "openingHours"; width: parent.width; visible: win.openingHours !== ""; text: "办公时间 / Opening hours: " + win.openingHours; font.pixelSize: win.px; color: "#1A1C1E"; wrapMode: Text.Wrap; font.family: "Noto Sans CJK SC" }
    }
}
