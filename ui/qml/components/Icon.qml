// A Tabler icon tinted with a Theme colour (served by ui/icons.py).
import QtQuick

Image {
    property string name: "point"
    property color tint: Theme.text
    property int size: Theme.headingPx
    width: size
    height: size
    sourceSize.width: size
    sourceSize.height: size
    fillMode: Image.PreserveAspectFit
    source: "image://icons/" + name + "?color=" + encodeURIComponent(tint.toString())
    smooth: true
}
