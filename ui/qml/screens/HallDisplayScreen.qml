// The hall display: the numbers being called now in very large type, the last few before them,
// and how many wait per service. High contrast, read from across the hall.
import QtQuick
import "../components"

ScreenPage {
    id: page
    title: I18n.s["queue.hall_title"]
    readAloudText: Hall.current.length === 0 ? I18n.s["queue.hall_none"]
                   : Hall.current.map(function (c) { return c.text }).join("\n")

    Heading {
        width: page.contentColumn.width
        text: I18n.s["queue.hall_now"]
    }
    BodyText {
        objectName: "hallNone"
        visible: Hall.current.length === 0
        width: page.contentColumn.width
        text: I18n.s["queue.hall_none"]
        font.pixelSize: Theme.headingPx
    }
    Repeater {
        model: Hall.current
        delegate: Rectangle {
            required property var modelData
            required property int index
            objectName: "hallCall_" + index
            width: page.contentColumn.width
            height: callText.implicitHeight + 2 * Theme.marginPx
            radius: Theme.radiusPx * 2
            color: Theme.primary
            Text {
                id: callText
                objectName: "hallCallText_" + index
                anchors.centerIn: parent
                width: parent.width - 2 * Theme.marginPx
                horizontalAlignment: Text.AlignHCenter
                wrapMode: Text.Wrap
                text: modelData.text
                color: Theme.onPrimary
                font.family: Theme.fontFamily
                font.pixelSize: Theme.displayPx * 1.8
                font.bold: true
                font.features: { "tnum": 1 }
            }
        }
    }
    Heading {
        visible: Hall.recent.length > 0
        width: page.contentColumn.width
        text: I18n.s["queue.hall_recent"]
    }
    Repeater {
        model: Hall.recent
        delegate: BodyText {
            required property var modelData
            width: page.contentColumn.width
            text: modelData.text
            font.pixelSize: Theme.headingPx
            font.features: { "tnum": 1 }
        }
    }
    Repeater {
        model: Hall.waiting
        delegate: BodyText {
            required property var modelData
            width: page.contentColumn.width
            text: I18n.s["queue.hall_waiting"].replace("{name}", modelData.letter + " " + modelData.name)
                  .replace("{waiting}", modelData.waiting)
            color: Theme.textMuted
        }
    }
}
