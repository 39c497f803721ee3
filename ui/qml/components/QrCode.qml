// A QR code for the visitor's phone, with what it is for in words beside it.
import QtQuick

Row {
    id: qr
    property string payload: ""
    property string caption: ""
    property real side: Theme.mm(45)
    spacing: Theme.gapPx * 2
    Image {
        objectName: "qrImage"
        width: qr.side
        height: width
        sourceSize.width: width
        sourceSize.height: width
        smooth: false
        source: qr.payload !== "" ? "image://qr/" + encodeURIComponent(qr.payload) : ""
    }
    BodyText {
        width: qr.width - qr.side - qr.spacing
        anchors.verticalCenter: parent.verticalCenter
        text: qr.caption
    }
}
