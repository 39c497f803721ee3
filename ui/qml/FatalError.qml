// Shown when the kiosk cannot go on: calm words, an error code, the hotline. Self-contained:
// it must work even when the part that failed is the theme or the message catalogs.
import QtQuick
import QtQuick.Window

Window {
    id: win
    visible: true
    color: "#F7F8FA"
    title: "LawPost"
    property string heading: "本机暂时出了故障"
    property string body: "很抱歉，本机需要重新启动，大约一分钟后恢复。您可以拨打公共法律服务热线 12348，或请大厅工作人员帮忙。"
    property string bodyEn: "Sorry, this kiosk needs to restart. For help call the public legal service hotline 12348."
    property string code: ""
    property int px: Math.max(24, Math.round(Math.min(width, height) / 28))

    Column {
        anchors.centerIn: parent
        width: parent.width * 0.8
        spacing: win.px
        Text { width: parent.width; text: win.heading; font.pixelSize: win.px * 1.6; font.bold: true; color: "#1A1C1E"; wrapMode: Text.Wrap; font.family: "Noto Sans CJK SC" }
        Text { width: parent.width; text: win.body; font.pixelSize: win.px; color: "#1A1C1E"; wrapMode: Text.Wrap; lineHeight: 1.4; font.family: "Noto Sans CJK SC" }
        Text { width: parent.width; text: win.bodyEn; font.pixelSize: win.px * 0.8; color: "#4A5563"; wrapMode: Text.Wrap; font.family: "Noto Sans CJK SC" }
        Text { objectName: "errorCode"; text: "故障代码 / Error code: " + win.code; font.pixelSize: win.px; font.bold: true; color: "#1F4E8C"; font.family: "Noto Sans CJK SC" }
        Text { text: "12348"; font.pixelSize: win.px * 3; font.bold: true; color: "#1F4E8C"; font.family: "Noto Sans CJK SC" }
    }
}
