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
        // The lawyer's voice (and the 大声/小声 audio graph) must play without a tap on the page:
        // the visitor tapped 同意 on the kiosk already. Set once the profile is in place.
        Component.onCompleted: view.settings.playbackRequiresUserGesture = false
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
        // With a pushed page open, the page's own layout moves aside: the lawyer's picture in the
        // left part, the visitor's own small picture beside the volume buttons (call.css).
        onTriggered: view.runJavaScript(
            "document.body && document.body.classList.toggle('side-page', " + Bridge.pushedOpen + ");"
            + "window.lawpostReport ? JSON.stringify(window.lawpostReport()) : ''",
            function(result) { Bridge.report(result) })
    }

    Connections {
        target: Bridge
        function onHangupRequested() { view.runJavaScript("window.lawpostHangup && window.lawpostHangup()") }
        function onStartRequested(params) { view.runJavaScript("window.lawpostStart(" + params + ")") }
        function onVolumeRequested(value) { view.runJavaScript("window.lawpostVolume(" + value + ")") }
        function onAckRequested(ack) { view.runJavaScript("window.lawpostAck(" + ack + ")") }
        function onShareRequested(data) { view.runJavaScript("window.lawpostShare(" + data + ")") }
        function onMuteRequested(on) { view.runJavaScript("window.lawpostMute && window.lawpostMute(" + on + ")") }
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

    // The page the lawyer pushed, beside the video (over the right part of the lawyer's picture)
    // until the visitor closes it; the banner below opens it again, and after the call the
    // thank-you page lists it.
    Rectangle {
        id: pushedPanel
        objectName: "pushedPage"
        visible: Bridge.pushedOpen
        anchors.top: parent.top
        anchors.right: parent.right
        anchors.bottom: pushedBanner.visible ? pushedBanner.top : hangup.top
        anchors.margins: win.height * 0.02
        anchors.topMargin: win.height * 0.1
        width: parent.width * 0.42
        radius: win.height * 0.015
        color: "white"
        Text {
            id: pushedHeading
            anchors.top: parent.top
            anchors.left: parent.left
            anchors.right: pushedClose.left
            anchors.margins: win.unit * 0.03
            wrapMode: Text.WordWrap
            text: Bridge.pushedTitle
            font.pixelSize: win.unit * 0.04
            font.bold: true
            font.family: Bridge.fontFamily
            color: "#1a1a1a"
        }
        Rectangle {
            id: pushedClose
            objectName: "pushedClose"
            anchors.top: parent.top
            anchors.right: parent.right
            anchors.margins: win.unit * 0.02
            width: Math.max(win.unit * 0.1, closeLabel.implicitWidth + win.unit * 0.04)
            height: win.unit * 0.1
            radius: height / 5
            color: closeArea.pressed ? "#d0d7e2" : "#e8edf4"
            Text {
                id: closeLabel
                anchors.centerIn: parent
                text: "✕ " + Bridge.closeText
                font.pixelSize: win.unit * 0.035
                font.family: Bridge.fontFamily
                color: "#1a1a1a"
            }
            MouseArea { id: closeArea; anchors.fill: parent; onClicked: Bridge.showPushed(false) }
        }
        Flickable {
            anchors.top: pushedClose.bottom
            anchors.left: parent.left
            anchors.right: parent.right
            anchors.bottom: parent.bottom
            anchors.margins: win.unit * 0.03
            clip: true
            contentHeight: pushedBodyText.implicitHeight
            Text {
                id: pushedBodyText
                width: parent.width
                wrapMode: Text.WordWrap
                text: Bridge.pushedBody
                font.pixelSize: win.unit * 0.032
                lineHeight: 1.3
                font.family: Bridge.fontFamily
                color: "#1a1a1a"
            }
        }
    }

    // What the lawyer pushed to this screen (a guide, a form): a tap shows it again beside the
    // video; the visitor can also open it after the call.
    Rectangle {
        id: pushedBanner
        objectName: "pushedBanner"
        visible: Bridge.pushedText !== ""
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: hangup.top
        anchors.margins: win.height * 0.02
        height: pushedLabel.implicitHeight + win.height * 0.03
        radius: win.height * 0.015
        color: "#1f4e8c"
        Text {
            id: pushedLabel
            anchors.centerIn: parent
            width: parent.width * 0.94
            wrapMode: Text.WordWrap
            horizontalAlignment: Text.AlignHCenter
            text: Bridge.pushedText
            color: "white"
            font.pixelSize: win.height * 0.035
            font.family: Bridge.fontFamily
        }
        MouseArea { anchors.fill: parent; onClicked: Bridge.showPushed(true) }
    }

    // 声音: two big buttons on the left edge, the level as bars between them; 10 % of the
    // shorter side high, as 挂断 (≥ the elder touch size on the kiosk's panels).
    readonly property real unit: Math.min(win.width, win.height)
    component VolumeButton: Rectangle {
        id: vb
        property string label: ""
        property int step: 1
        width: win.unit * 0.24
        height: win.unit * 0.1
        radius: height / 2
        color: vbArea.pressed ? "#d0d7e2" : "white"
        opacity: (step > 0 ? Bridge.volumeLevel < Bridge.volumeSteps - 1 : Bridge.volumeLevel > 0) ? 1.0 : 0.5
        Text {
            anchors.centerIn: parent
            text: vb.label
            color: "#1f4e8c"
            font.pixelSize: parent.height * 0.42
            font.bold: true
            font.family: Bridge.fontFamily
        }
        MouseArea { id: vbArea; anchors.fill: parent; onClicked: Bridge.changeVolume(vb.step) }
    }
    Column {
        objectName: "volume"
        anchors.left: parent.left
        anchors.leftMargin: win.unit * 0.03
        anchors.verticalCenter: parent.verticalCenter
        spacing: win.unit * 0.03
        VolumeButton { objectName: "volumeUp"; label: "+ " + Bridge.volumeUpText; step: 1 }
        Row {
            objectName: "volumeBars"
            anchors.horizontalCenter: parent.horizontalCenter
            spacing: win.unit * 0.008
            Repeater {
                model: Bridge.volumeSteps
                delegate: Rectangle {
                    required property int index
                    anchors.bottom: parent.bottom
                    width: win.unit * 0.018
                    height: win.unit * (0.02 + 0.01 * index)
                    color: index <= Bridge.volumeLevel ? "white" : "#55ffffff"
                    border.color: "#1f4e8c"
                    border.width: 1
                }
            }
        }
        VolumeButton { objectName: "volumeDown"; label: "− " + Bridge.volumeDownText; step: -1 }
    }

    // 给律师看我填的表: only with an explicit tap, then the consent notice, then 同意.
    Rectangle {
        objectName: "shareButton"
        visible: Bridge.shareTitle !== "" && Bridge.shareState === ""
        anchors.right: parent.right
        anchors.rightMargin: win.unit * 0.03
        anchors.verticalCenter: parent.verticalCenter
        width: Math.min(win.width * 0.3, shareLabel.implicitWidth + win.unit * 0.06)
        height: Math.max(win.unit * 0.1, shareLabel.implicitHeight + win.unit * 0.03)
        radius: win.unit * 0.02
        color: shareArea.pressed ? "#d0d7e2" : "white"
        Text {
            id: shareLabel
            anchors.centerIn: parent
            width: win.width * 0.3 - win.unit * 0.06
            wrapMode: Text.WordWrap
            horizontalAlignment: Text.AlignHCenter
            text: Bridge.shareButtonText
            color: "#1f4e8c"
            font.pixelSize: win.unit * 0.04
            font.bold: true
            font.family: Bridge.fontFamily
        }
        MouseArea { id: shareArea; anchors.fill: parent; onClicked: Bridge.askShare() }
    }
    Text {
        objectName: "sharedNote"
        visible: Bridge.shareState === "shared"
        anchors.right: Bridge.pushedOpen ? pushedPanel.left : parent.right
        anchors.rightMargin: win.unit * 0.03
        anchors.verticalCenter: parent.verticalCenter
        width: win.width * 0.3
        wrapMode: Text.WordWrap
        text: Bridge.sharedText
        color: "white"
        style: Text.Outline
        styleColor: "black"
        font.pixelSize: win.unit * 0.035
        font.family: Bridge.fontFamily
    }
    Rectangle {
        objectName: "shareNotice"
        visible: Bridge.shareState === "asking"
        anchors.centerIn: parent
        width: win.width * 0.8
        height: noticeColumn.implicitHeight + win.unit * 0.08
        radius: win.unit * 0.02
        color: "white"
        z: 10
        Column {
            id: noticeColumn
            anchors.centerIn: parent
            width: parent.width - win.unit * 0.08
            spacing: win.unit * 0.03
            Text {
                width: parent.width
                wrapMode: Text.WordWrap
                text: Bridge.shareNoticeText
                color: "#1a1a1a"
                font.pixelSize: win.unit * 0.04
                font.family: Bridge.fontFamily
            }
            Row {
                spacing: win.unit * 0.04
                anchors.horizontalCenter: parent.horizontalCenter
                Repeater {
                    model: [[Bridge.shareDeclineText, false], [Bridge.shareAgreeText, true]]
                    delegate: Rectangle {
                        required property var modelData
                        objectName: modelData[1] ? "shareAgree" : "shareDecline"
                        width: win.unit * 0.4
                        height: win.unit * 0.1
                        radius: height / 2
                        color: modelData[1] ? "#b35900" : "#e8ecf2"
                        Text {
                            anchors.centerIn: parent
                            text: modelData[0]
                            color: modelData[1] ? "white" : "#1f4e8c"
                            font.pixelSize: parent.height * 0.38
                            font.bold: true
                            font.family: Bridge.fontFamily
                        }
                        MouseArea { anchors.fill: parent; onClicked: Bridge.answerShare(modelData[1]) }
                    }
                }
            }
        }
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
