// One call: the page (lawyer large, self view small), the camera-on notice, one big 挂断.
import QtQuick
import QtQuick.Window
import QtWebEngine

Window {
    id: win
    // Hidden while the visitor waits; shown when the call starts.
    visible: false
    // Replaced by full screen on the kiosk, or by --size.
    width: 1280
    height: 720
    color: "black"
    title: "LawPost 视频咨询"

    // No storage name = off the record: no cache, cookies or site data of the call stay on disk.
    WebEngineProfilePrototype {
        id: offTheRecord
    }

    WebEngineView {
        id: view
        anchors.fill: parent
        url: Bridge.pageUrl
        profile: offTheRecord.instance()
        // Camera and microphone only for our own call page, never for anything else.
        onPermissionRequested: function(permission) {
            const media = permission.permissionType === WebEnginePermission.PermissionType.MediaAudioCapture
                || permission.permissionType === WebEnginePermission.PermissionType.MediaVideoCapture
                || permission.permissionType === WebEnginePermission.PermissionType.MediaAudioVideoCapture
            if (media && Bridge.isCallPage(view.url))
                permission.grant()
            else
                permission.deny()
        }
        onNavigationRequested: function(request) {
            if (!Bridge.isCallPage(request.url))
                request.reject()
        }
        onNewWindowRequested: function(request) { }
        onRenderProcessTerminated: function(status, code) { Bridge.pageCrashed() }
        onLoadingChanged: function(info) {
            if (info.status === WebEngineView.LoadSucceededStatus) Bridge.pageLoaded(true)
            else if (info.status === WebEngineView.LoadFailedStatus) Bridge.pageLoaded(false)
        }
    }

    Timer {
        interval: 500
        running: true
        repeat: true
        onTriggered: view.runJavaScript(
            "window.lawpostReport ? JSON.stringify(window.lawpostReport()) : ''",
            function(result) { Bridge.report(result) })
    }

    Connections {
        target: Bridge
        function onHangupRequested() { view.runJavaScript("window.lawpostHangup && window.lawpostHangup()") }
        function onStartRequested(params) { view.runJavaScript("window.lawpostStart(" + params + ")") }
    }

    // PIPL: the visitor sees at all times that the camera and microphone are on.
    Rectangle {
        objectName: "cameraOn"
        visible: Bridge.cameraOn
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.margins: win.height * 0.02
        width: notice.implicitWidth + height
        height: win.height * 0.06
        radius: height / 2
        color: "#b00020"
        Text {
            id: notice
            anchors.centerIn: parent
            text: "● " + Bridge.cameraText
            color: "white"
            font.pixelSize: parent.height * 0.45
            font.family: Bridge.fontFamily
        }
    }

    Text {
        anchors.top: parent.top
        anchors.right: parent.right
        anchors.margins: win.height * 0.025
        text: Bridge.statusText
        color: "white"
        font.pixelSize: win.height * 0.03
        font.family: Bridge.fontFamily
    }

    Rectangle {
        id: hangup
        objectName: "hangup"
        anchors.bottom: parent.bottom
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottomMargin: win.height * 0.04
        width: Math.min(win.width * 0.6, win.height * 0.5)
        height: win.height * 0.1
        radius: height / 2
        color: tapArea.pressed ? "#7f0017" : "#b00020"
        Text {
            anchors.centerIn: parent
            text: Bridge.hangupText
            color: "white"
            font.pixelSize: parent.height * 0.45
            font.bold: true
            font.family: Bridge.fontFamily
        }
        MouseArea {
            id: tapArea
            anchors.fill: parent
            onClicked: Bridge.hangup()
        }
    }
}
