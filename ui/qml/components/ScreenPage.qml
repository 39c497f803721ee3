// The frame of every visitor screen: a title, scrollable content with a visible scroll bar,
// an optional primary action at the bottom where the hand rests, and the text 朗读 speaks.
import QtQuick
import QtQuick.Controls.Basic

Item {
    id: page
    property string title: ""
    // Either one text, or paragraphs spoken one by one with the current one highlighted.
    property var readAloudParagraphs: []
    property string readAloudText: readAloudParagraphs.length > 0 ? readAloudParagraphs.join("\n") : ""
    property alias contentColumn: column
    property alias flick: flick
    default property alias content: column.data
    property Item primaryAction: null

    Heading {
        id: titleText
        text: page.title
        font.pixelSize: Theme.displayPx
        anchors.top: parent.top
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.margins: Theme.marginPx
        visible: page.title !== ""
    }

    Flickable {
        id: flick
        anchors.top: titleText.visible ? titleText.bottom : parent.top
        anchors.topMargin: Theme.gapPx
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: actionBar.top
        anchors.bottomMargin: page.primaryAction ? Theme.gapPx : 0
        anchors.leftMargin: Theme.marginPx
        anchors.rightMargin: Theme.marginPx
        contentWidth: width
        contentHeight: column.implicitHeight + Theme.marginPx
        clip: true
        flickableDirection: Flickable.VerticalFlick
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {
            policy: flick.contentHeight > flick.height ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
            width: Theme.mm(4)
        }
        Column {
            id: column
            width: flick.width - Theme.mm(6)
            spacing: Theme.gapPx * 2
        }
    }

    Item {
        id: actionBar
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: Theme.marginPx
        height: page.primaryAction ? page.primaryAction.height : 0
        children: page.primaryAction ? [page.primaryAction] : []
    }
}
