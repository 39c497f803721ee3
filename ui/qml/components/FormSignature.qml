// Signature by finger in a clearly framed box, or "sign after printing". The drawing becomes a
// PNG only when the visitor taps 签好了; 重写 clears it.
import QtQuick

Column {
    id: pad
    required property var field
    spacing: Theme.gapPx
    property bool drawn: false

    Rectangle {
        id: frame
        width: pad.width
        height: Math.min(Theme.mm(70), pad.width * 0.45)
        color: "#ffffff"
        border.width: Theme.borderPx * 2
        border.color: Theme.primary
        radius: Theme.radiusPx
        BodyText {
            visible: !pad.drawn
            anchors.centerIn: parent
            text: pad.field.signed ? I18n.s["forms.signed"] : I18n.s["forms.sign_here"]
            color: Theme.textMuted
        }
        Canvas {
            id: canvas
            objectName: "signatureCanvas_" + pad.field.id
            anchors.fill: parent
            anchors.margins: Theme.borderPx * 2
            property var strokes: []
            onPaint: {
                const ctx = getContext("2d")
                ctx.clearRect(0, 0, width, height)
                ctx.lineWidth = Math.max(3, Theme.mm(1.2))
                ctx.lineCap = "round"
                ctx.strokeStyle = "#101820"
                for (const stroke of strokes) {
                    ctx.beginPath()
                    ctx.moveTo(stroke[0].x, stroke[0].y)
                    for (const point of stroke) ctx.lineTo(point.x, point.y)
                    ctx.stroke()
                }
            }
            MouseArea {
                anchors.fill: parent
                preventStealing: true
                onPressed: mouse => { canvas.strokes.push([Qt.point(mouse.x, mouse.y)]); pad.drawn = true }
                onPositionChanged: mouse => {
                    canvas.strokes[canvas.strokes.length - 1].push(Qt.point(mouse.x, mouse.y))
                    canvas.requestPaint()
                }
            }
        }
    }
    Row {
        width: pad.width
        spacing: Theme.gapPx
        KioskButton {
            objectName: "signClear_" + pad.field.id
            width: (pad.width - Theme.gapPx) / 2
            icon: "eraser"
            text: I18n.s["forms.sign_clear"]
            onActivated: { canvas.strokes = []; pad.drawn = false; canvas.requestPaint() }
        }
        KioskButton {
            objectName: "signDone_" + pad.field.id
            width: (pad.width - Theme.gapPx) / 2
            kind: "primary"
            icon: "check"
            text: I18n.s["forms.sign_done"]
            enabledState: pad.drawn
            onActivated: if (pad.drawn) Forms.setSignature(pad.field.id, canvas.toDataURL("image/png"))
        }
    }
}
