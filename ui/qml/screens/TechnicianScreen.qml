// 维护模式: what a technician needs on site — versions, config, disk, devices, logs, audit log.
import QtQuick
import "../components"

ScreenPage {
    id: page
    title: I18n.s["tech.title"]
    readAloudText: I18n.s["tech.title"]

    Grid {
        columns: 2
        columnSpacing: Theme.gapPx * 2
        rowSpacing: Theme.gapPx
        width: page.contentColumn.width
        Repeater {
            model: [["tech.version", "appVersion"], ["tech.service_point", "servicePoint"],
                    ["tech.config", "configSource"], ["tech.data_dir", "dataDir"],
                    ["tech.disk", "diskFree"], ["tech.idle", "idleTimeout"],
                    ["tech.density", "mmPerPx"], ["tech.content", "content"]]
            delegate: Item {
                required property var modelData
                width: page.contentColumn.width / 2 - Theme.gapPx
                height: label.implicitHeight + value.implicitHeight
                BodyText { id: label; width: parent.width; text: I18n.s[modelData[0]]; color: Theme.textMuted; font.pixelSize: Theme.smallPx }
                BodyText { id: value; anchors.top: label.bottom; width: parent.width; text: Tech.info[modelData[1]] || "—"; font.bold: true; wrapMode: Text.WrapAnywhere }
            }
        }
    }

    StatusMessage {
        objectName: "diskWarning"
        width: page.contentColumn.width
        error: true
        text: Tech.diskWarning
    }

    // The directory that ships with the pack is sample data: a note for whoever deploys the
    // kiosk, never shown to visitors.
    StatusMessage {
        objectName: "sampleDirectory"
        width: page.contentColumn.width
        error: true
        text: Library.ready && Library.institutions("", "").some(i => i.sample) ? I18n.s["directory.sample"] : ""
    }
    Heading { text: I18n.s["tech.devices"] }
    Repeater {
        model: Tech.devices
        delegate: BodyText {
            required property var modelData
            objectName: "device_" + modelData.name
            text: I18n.s["device." + modelData.name] + "：" + I18n.s["status." + modelData.status]
            color: modelData.status === "error" ? Theme.error : Theme.text
        }
    }

    Flow {
        width: page.contentColumn.width
        spacing: Theme.gapPx
        KioskButton { objectName: "speakerTest"; icon: "volume"; text: I18n.s["tech.speaker_test"]; onActivated: Tech.speakerTest() }
        KioskButton { objectName: "refresh"; icon: "refresh"; text: I18n.s["tech.refresh"]; onActivated: Tech.refresh() }
        KioskButton { objectName: "leaveTech"; icon: "door-exit"; kind: "primary"; text: I18n.s["tech.leave"]; onActivated: { Tech.leave(); Nav.home() } }
        KioskButton { objectName: "exitDesktop"; icon: "power"; kind: "accent"; text: I18n.s["tech.exit"]; onActivated: Tech.requestExit() }
        KioskButton { objectName: "rerunSetup"; icon: "settings"; text: I18n.s["setup.rerun"]; onActivated: { Setup.rerun(); Nav.go("setup") } }
    }

    Heading { text: I18n.s["sync.title"] }
    Grid {
        columns: 2
        columnSpacing: Theme.gapPx * 2
        rowSpacing: Theme.gapPx
        width: page.contentColumn.width
        Repeater {
            model: [["sync.server", Sync.status.server_url || I18n.s["sync.not_enrolled"]],
                    ["sync.device", Sync.status.device_id || "—"],
                    ["sync.depth", String(Sync.status.outbox_depth)],
                    ["sync.last", Sync.status.last_success_at || "—"],
                    ["sync.rejected", String(Sync.status.rejected_count)],
                    ["sync.error", Sync.status.halted ? I18n.s["sync.halted"] : (Sync.status.last_error || "—")]]
            delegate: Item {
                required property var modelData
                width: page.contentColumn.width / 2 - Theme.gapPx
                height: label.implicitHeight + value.implicitHeight
                BodyText { id: label; width: parent.width; text: I18n.s[modelData[0]]; color: Theme.textMuted; font.pixelSize: Theme.smallPx }
                BodyText { id: value; objectName: "sync_" + modelData[0]; anchors.top: label.bottom; width: parent.width; text: modelData[1]; font.bold: true; wrapMode: Text.WrapAnywhere }
            }
        }
    }
    Flow {
        width: page.contentColumn.width
        spacing: Theme.gapPx
        KioskButton { objectName: "syncNow"; icon: "refresh"; text: I18n.s["sync.now"]; onActivated: Sync.syncNow() }
        KioskButton { objectName: "openEnroll"; icon: "link"; text: I18n.s["sync.enroll_title"]; onActivated: Nav.go("enroll") }
    }

    Heading { text: I18n.s["tech.audit"] }
    Repeater {
        model: Tech.auditLines
        delegate: BodyText { required property string modelData; text: modelData; font.pixelSize: Theme.smallPx; font.family: "monospace" }
    }
    Heading { text: I18n.s["tech.logs"] }
    Repeater {
        model: Tech.logLines
        delegate: BodyText {
            required property string modelData
            width: page.contentColumn.width
            text: modelData
            font.pixelSize: Theme.smallPx
            wrapMode: Text.WrapAnywhere
        }
    }
}
