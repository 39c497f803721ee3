// A QR code for the visitor's phone, with what it is for in words beside it.
import QtQuick

Row {
    id: qr
    property string payload: ""
    property string caption: ""
    spacing: Theme.gapPx * 2
    Image {
        objectName: "qrImage"
        width: Theme.mm(45)
        height: width
        sourceSize.width: width
        sourceSize.height: width
        smooth: false
        source: qr.payload !== "" ? "image://qr/" + encodeURIComponent(qr.payload) : ""
    }
    BodyText {
        width: qr.width - Theme.mm(45) - qr.spacing
        anchors.verticalCenter: parent.verticalCenter
        text: qr.caption
    }
}
