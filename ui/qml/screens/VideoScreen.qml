// 视频咨询: topic, the notice and consent, waiting, in call, and the call-back request.
// The call itself is shown by the call window (ui/video_call) on top of this screen.
import QtQuick
import QtQuick.Controls.Basic
import "../components"

ScreenPage {
    id: page
    readonly property string stage: Video.stage
    onStageChanged: if (stage === "unavailable" && !Nav.params.stage) VideoBooking.load()
    readonly property var titles: ({
        topics: "video.title", consent: "video.consent_title", waiting: "video.waiting_title",
        in_call: "video.in_call_title", ended: "video.ended_title",
        unavailable: "video.unavailable_title", callback: "video.callback_title",
        callback_confirm: "video.confirm_title", callback_done: "video.callback_done_title",
        booking: "video.title_booking" })
    title: I18n.s[titles[stage] || "video.title"]
    readonly property string availabilityText: Video.lawyersOnDuty < 0 ? I18n.s["video.checking"]
        : Video.lawyersOnDuty === 0 ? I18n.s["video.none_on_duty"]
        : I18n.s["video.on_duty"].replace("{n}", Video.lawyersOnDuty).replace("{w}", Video.ahead)
    readonly property string reasonText: Video.reason !== "" && I18n.s["video.reason." + Video.reason] !== undefined
        ? I18n.s["video.reason." + Video.reason] : ""
    // What 朗读 says: the stage's text in the order it is shown, with its buttons and any message.
    readonly property string errorText: Video.errorKey !== "" ? I18n.s[Video.errorKey] : ""
    function nextShiftItem() {
        return VideoBooking.shiftText !== "" && !VideoBooking.booked
            ? I18n.s["video.next_shift"].replace("{when}", VideoBooking.shiftText) : ""
    }
    function bookedText() {
        return I18n.s["video.booking_number"].replace("{n}", VideoBooking.bookingNumber) + "\n"
            + I18n.s["video.booking_time"].replace("{when}", VideoBooking.bookingTime) + "\n"
            + I18n.s["video.booking_come_back"].replace(/\{code\}/g, VideoBooking.bookingNumber)
    }
    readAloudText: {
        let lines = []
        if (stage === "topics")
            lines = [aboutText, aboutTitleText, availabilityText, I18n.s["video.choose_topic"]].concat(
                Video.topics.map(t => I18n.s["video.topic." + t]))
        else if (stage === "consent")
            lines = [aboutText, aboutTitleText, I18n.s["video.consent_shared"], I18n.s["video.consent_not_recorded"],
                     I18n.s["video.consent_only_after"], I18n.s["video.consent_stop"],
                     I18n.s["video.consent_decline"], I18n.s["video.consent_agree"]]
        else if (stage === "waiting")
            lines = [aheadText.text, waitingLawyers.text, I18n.s["video.waiting_hint"],
                     VideoTicket.number !== "" ? I18n.s["video.ticket_taken"].replace("{number}", VideoTicket.number)
                                               : (VideoTicket.available ? I18n.s["video.take_ticket"] : ""),
                     I18n.s["video.leave"]]
        else if (stage === "in_call")
            lines = [I18n.s["video.in_call_body"], I18n.s["video.hangup"]]
        else if (stage === "ended")
            lines = [endedTextItem.text].concat(VideoPushed.pages.length ? [I18n.s["video.pushed_title"]] : [],
                     VideoPushed.pages.map(p => page.titled(p.kind, p.title))).concat([
                     VideoNotes.ready ? I18n.s["video.notes_title"] : (VideoNotes.waiting ? I18n.s["video.notes_waiting"] : ""),
                     VideoNotes.ready ? VideoNotes.text : "",
                     VideoNotes.ready ? I18n.s["video.notes_lawyer"].replace("{lawyer}", I18n.language === "en" ? "" : VideoNotes.lawyer) : "",
                     VideoNotes.ready && I18n.language === "en" ? VideoNotes.lawyer : "",
                     VideoNotes.ready ? I18n.s["video.notes_print"] : "",
                     VideoNotes.ready ? I18n.s["handoff.send_notes"] : "",
                     I18n.s["video.rate"], I18n.s["video.home"]])
        else if (stage === "unavailable")
            lines = [reasonText, Video.dutyHours !== "" ? I18n.s["video.duty_hours"].replace("{hours}", Video.dutyHours) : "",
                     nextShiftItem(), VideoBooking.booked ? "" : (VideoBooking.slots.length ? I18n.s["video.booking_offer"] : ""),
                     VideoBooking.booked ? "" : VideoBooking.slots.map(w => I18n.s["video.booking_slot"].replace("{when}", w)).join("\n"),
                     VideoBooking.booked ? I18n.s["video.booking_done"] : "", VideoBooking.booked ? bookedText() : "",
                     VideoBooking.booked ? I18n.s["video.booking_print"] : "",
                     I18n.s["video.hotline"], Video.canCallback ? I18n.s["video.callback_offer"] : "",
                     I18n.s["video.home"]]
        else if (stage === "callback")
            // The typed number is read as the visitor sees it, in groups (138 0013 8000).
            // The keypad's keys are controls, not content: they are not read out.
            lines = [I18n.s["video.callback_prompt"], Video.phoneGrouped,
                     I18n.s["video.callback_privacy"], I18n.s["video.callback_next"]]
        else if (stage === "callback_confirm")
            lines = [I18n.s["video.confirm_body"], Video.phoneGrouped, I18n.s["video.confirm_edit"],
                     I18n.s["video.confirm_yes"]]
        else if (stage === "callback_done")
            lines = [I18n.s["video.callback_done_body"], I18n.s["video.home"]]
        else if (stage === "booking")
            lines = [I18n.s["video.checkin_prompt"], VideoCheckIn.code.split("").join(" "), checkinFound.visible ? checkinFound.text : "",
                     VideoCheckIn.cancelled ? I18n.s["video.checkin_cancel_done"] : "",
                     VideoCheckIn.errorKey !== "" ? I18n.s[VideoCheckIn.errorKey] : "",
                     VideoCheckIn.canCancel ? I18n.s["video.checkin_cancel"] : "", I18n.s["video.checkin_back"],
                     videoPrimary.text]
        return [page.title].concat(lines, [errorText]).filter(l => l !== "").join("\n")
    }

    Component.onCompleted: {
        if (Nav.params.stage) {
            Video.preview(Nav.params)
            VideoNotes.preview(Nav.params)
            VideoPushed.preview(Nav.params.pushed || [])
            VideoBooking.preview(Nav.params)
            VideoCheckIn.preview(Nav.params)
        } else if (Nav.params.about)
            Video.openAbout(Nav.params.about, Nav.params.aboutId || "", Nav.params.aboutTitle || "")
        else
            Video.open()
    }

    // A page named with its kind: 指南《…》. In English the Chinese title stands on its own line
    // (no mixed-language lines), the kind being said in the English sentence around it.
    function titled(kind, title) {
        return kind === "article" || I18n.language === "en" ? (kind === "article" ? title : "《" + title + "》")
                                                            : I18n.s["video.about." + kind] + "《" + title + "》"
    }
    // Legal content in Chinese on this screen (a page's title, the lawyer's notes): in English the
    // note says so and offers the Mandarin reading.
    chineseContent: page.aboutText !== "" || (page.stage === "ended" && (VideoNotes.ready || VideoPushed.pages.length > 0))
    // 问律师 from a guide, a form or an answer: the visitor sees which title the lawyer will see.
    readonly property string aboutText: Video.aboutTitle === "" ? ""
        : I18n.s["video.about_line"].replace("{what}", I18n.language === "en" ? I18n.s["video.about." + Video.aboutKind]
                                             : I18n.s["video.about." + Video.aboutKind] + "《" + Video.aboutTitle + "》")
    BodyText {
        objectName: "aboutLine"
        visible: page.aboutText !== "" && (page.stage === "topics" || page.stage === "consent")
        width: page.contentColumn.width
        text: page.aboutText
        font.pixelSize: Theme.largePx
    }
    readonly property string aboutTitleText: I18n.language === "en" && page.aboutText !== "" ? "《" + Video.aboutTitle + "》" : ""
    BodyText {
        objectName: "aboutTitleLine"
        visible: page.aboutTitleText !== "" && (page.stage === "topics" || page.stage === "consent")
        width: page.contentColumn.width
        text: page.aboutTitleText
        font.pixelSize: Theme.largePx
    }

    // --- topics ---
    BodyText {
        visible: page.stage === "topics"
        width: page.contentColumn.width
        text: page.availabilityText
        objectName: "availability"
        font.bold: true
        color: Video.lawyersOnDuty === 0 ? Theme.error : Theme.text
    }
    Heading {
        visible: page.stage === "topics"
        width: page.contentColumn.width
        text: I18n.s["video.choose_topic"]
    }
    Repeater {
        model: page.stage === "topics" ? Video.topics : []
        delegate: KioskButton {
            required property string modelData
            objectName: "topic_" + modelData
            width: page.contentColumn.width
            kind: "plain"
            text: I18n.s["video.topic." + modelData]
            onActivated: Video.chooseTopic(modelData)
        }
    }
    KioskButton {
        objectName: "haveBooking"
        visible: page.stage === "topics" && Video.canCallback
        width: page.contentColumn.width
        icon: "calendar"
        text: I18n.s["video.have_booking"]
        onActivated: Video.haveBooking()
    }

    // --- 我有预约: the slip's code, then check in (at the time) or cancel ---
    BodyText {
        visible: page.stage === "booking"
        width: page.contentColumn.width
        text: I18n.s["video.checkin_prompt"]
        font.pixelSize: Theme.largePx
    }
    Rectangle {
        visible: page.stage === "booking"
        width: page.contentColumn.width
        height: Theme.buttonPx
        radius: Theme.radiusPx
        color: Theme.surface
        border.width: Theme.borderPx
        border.color: Theme.primary
        Text {
            objectName: "codeField"
            anchors.centerIn: parent
            text: VideoCheckIn.code
            font.family: Theme.fontFamily
            font.pixelSize: Theme.displayPx
            font.letterSpacing: Theme.gapPx
            color: Theme.text
        }
    }
    NumericKeypad {
        objectName: "codeKeypad"
        visible: page.stage === "booking" && !VideoCheckIn.found
        maxLength: 4
        value: VideoCheckIn.code
        onValueChanged: VideoCheckIn.setCode(value)
    }
    Heading {
        id: checkinFound
        objectName: "checkinFound"
        visible: page.stage === "booking" && VideoCheckIn.found
        width: page.contentColumn.width
        text: I18n.s["video.checkin_found"].replace("{when}", VideoCheckIn.when)
              .replace("{topic}", VideoCheckIn.topic !== "" ? I18n.s["video.topic." + VideoCheckIn.topic] : "")
    }
    BodyText {
        objectName: "checkinMessage"
        visible: page.stage === "booking" && (VideoCheckIn.cancelled || VideoCheckIn.errorKey !== "")
        width: page.contentColumn.width
        text: VideoCheckIn.cancelled ? I18n.s["video.checkin_cancel_done"]
            : VideoCheckIn.errorKey !== "" ? I18n.s[VideoCheckIn.errorKey] : ""
        color: VideoCheckIn.cancelled ? Theme.text : Theme.error
        font.bold: true
        font.pixelSize: Theme.largePx
    }
    KioskButton {
        objectName: "checkinCancel"
        visible: page.stage === "booking" && VideoCheckIn.canCancel
        width: page.contentColumn.width
        icon: "x"
        text: I18n.s["video.checkin_cancel"]
        enabledState: !VideoCheckIn.busy
        onActivated: VideoCheckIn.cancel()
    }
    KioskButton {
        objectName: "checkinBack"
        visible: page.stage === "booking"
        width: page.contentColumn.width
        kind: "plain"
        icon: "arrow-left"
        text: I18n.s["video.checkin_back"]
        onActivated: { VideoCheckIn.reset(); Video.backToTopics() }
    }

    // --- consent (PIPL arts. 26, 28–29): what is shared, not recorded, camera only after this ---
    Repeater {
        model: page.stage === "consent" ? [
            { icon: "video", key: "video.consent_shared" },
            { icon: "shield-lock", key: "video.consent_not_recorded" },
            { icon: "camera", key: "video.consent_only_after" },
            { icon: "phone-off", key: "video.consent_stop" } ] : []
        delegate: Row {
            required property var modelData
            width: page.contentColumn.width
            spacing: Theme.gapPx
            Icon { name: modelData.icon; tint: Theme.primary; size: Theme.headingPx }
            BodyText {
                width: parent.width - Theme.headingPx - Theme.gapPx
                text: I18n.s[modelData.key]
                font.pixelSize: Theme.largePx
            }
        }
    }
    KioskButton {
        objectName: "consentDecline"
        visible: page.stage === "consent"
        width: page.contentColumn.width
        text: I18n.s["video.consent_decline"]
        onActivated: Nav.back()
    }

    // --- waiting ---
    Heading {
        id: aheadText
        objectName: "aheadText"
        visible: page.stage === "waiting"
        width: page.contentColumn.width
        text: Video.ahead === 0 ? I18n.s["video.waiting_next"]
                                : I18n.s["video.waiting_ahead"].replace("{n}", Video.ahead)
        font.pixelSize: Theme.displayPx
    }
    BodyText {
        id: waitingLawyers
        visible: page.stage === "waiting"
        width: page.contentColumn.width
        text: I18n.s["video.waiting_lawyers"].replace("{n}", Math.max(Video.lawyersOnDuty, 0))
                                             .replace("{m}", Video.estimateMinutes)
        font.pixelSize: Theme.largePx
    }
    BodyText {
        visible: page.stage === "waiting" || page.stage === "in_call"
        width: page.contentColumn.width
        text: page.stage === "waiting" ? I18n.s["video.waiting_hint"] : I18n.s["video.in_call_body"]
    }
    // 取V号: wait seated; the hall calls the number when a lawyer answers.
    KioskButton {
        objectName: "takeVTicket"
        visible: page.stage === "waiting" && VideoTicket.available && VideoTicket.number === ""
        width: page.contentColumn.width
        kind: "primary"
        icon: "ticket"
        text: I18n.s["video.take_ticket"]
        onActivated: VideoTicket.take()
    }
    BodyText {
        objectName: "vTicketText"
        visible: page.stage === "waiting" && VideoTicket.number !== ""
        width: page.contentColumn.width
        text: I18n.s["video.ticket_taken"].replace("{number}", VideoTicket.number)
        font.pixelSize: Theme.largePx
        font.bold: true
    }
    KioskButton {
        objectName: "leaveQueue"
        visible: page.stage === "waiting"
        width: page.contentColumn.width
        icon: "door-exit"
        text: I18n.s["video.leave"]
        onActivated: { Video.leave(); Nav.home() }
    }
    KioskButton {
        objectName: "hangupFallback"
        visible: page.stage === "in_call"
        width: page.contentColumn.width
        kind: "accent"
        icon: "phone-off"
        text: I18n.s["video.hangup"]
        onActivated: Video.hangup()
    }

    // --- ended ---
    BodyText {
        id: endedTextItem
        visible: page.stage === "ended"
        width: page.contentColumn.width
        objectName: "endedText"
        text: Video.reason.indexOf("lost") >= 0 || Video.reason === "failed" ? I18n.s["video.ended_lost"]
                                                                               : I18n.s["video.ended_body"]
        font.pixelSize: Theme.largePx
    }
    // What the lawyer showed on this screen during the call: open it now.
    Heading {
        visible: page.stage === "ended" && VideoPushed.pages.length > 0
        width: page.contentColumn.width
        text: I18n.s["video.pushed_title"]
    }
    Repeater {
        model: page.stage === "ended" ? VideoPushed.pages : []
        delegate: ListButton {
            required property var modelData
            objectName: "pushed_" + modelData.id
            width: page.contentColumn.width
            icon: "file-text"
            title: page.titled(modelData.kind, modelData.title)
            onActivated: modelData.kind === "form" ? Nav.go("form", { "form": modelData.id })
                       : modelData.kind === "article" ? Nav.go("article", { "law": modelData.law, "number": Number(modelData.number) })
                       : Nav.go("guide", { "guide": modelData.id })
        }
    }
    // The lawyer's written notes (书面意见): awaited for a while after the call, shown, printed.
    BodyText {
        objectName: "notesWaiting"
        visible: page.stage === "ended" && VideoNotes.waiting && !VideoNotes.ready
        width: page.contentColumn.width
        text: I18n.s["video.notes_waiting"]
        color: Theme.textMuted
    }
    Column {
        objectName: "notesBlock"
        visible: page.stage === "ended" && VideoNotes.ready
        width: page.contentColumn.width
        spacing: Theme.gapPx / 2
        Heading { text: I18n.s["video.notes_title"] }
        Paragraph {
            objectName: "notesText"
            width: parent.width
            text: VideoNotes.text
            pixelSize: Theme.largePx
        }
        BodyText {
            width: parent.width
            // In English the label, then the (Chinese) name on its own line.
            text: I18n.s["video.notes_lawyer"].replace("{lawyer}", I18n.language === "en" ? "" : VideoNotes.lawyer)
            color: Theme.textMuted
        }
        BodyText {
            visible: I18n.language === "en"
            width: parent.width
            text: VideoNotes.lawyer
            color: Theme.textMuted
        }
    }
    KioskButton {
        objectName: "printNotes"
        visible: page.stage === "ended" && VideoNotes.ready
        width: page.contentColumn.width
        kind: "accent"
        icon: "printer"
        text: I18n.s["video.notes_print"]
        enabledState: !VideoNotes.busy
        onActivated: VideoNotes.print()
    }
    // 发到手机: the same sheet, sealed for the visitor's phone (the key only in the QR's link).
    KioskButton {
        objectName: "notesPhone"
        visible: page.stage === "ended" && VideoNotes.ready
        width: page.contentColumn.width
        icon: "device-mobile"
        text: I18n.s["handoff.send_notes"]
        onActivated: {
            Handoff.sendNotes()
            Nav.go("handoff")
        }
    }
    BodyText {
        objectName: "notesPrintStatus"
        visible: page.stage === "ended" && VideoNotes.statusKey !== ""
        width: page.contentColumn.width
        text: VideoNotes.statusKey === "" ? "" : [VideoNotes.problem, I18n.s[VideoNotes.statusKey]].filter(x => x).join("\n")
        font.pixelSize: Theme.largePx
        font.bold: true
    }
    KioskButton {
        objectName: "rateCall"
        visible: page.stage === "ended"
        width: page.contentColumn.width
        kind: "primary"
        icon: "mood-smile"
        text: I18n.s["video.rate"]
        onActivated: Nav.go("rating")
    }

    // --- unavailable ---
    BodyText {
        objectName: "unavailableReason"
        visible: page.stage === "unavailable"
        width: page.contentColumn.width
        text: page.reasonText
        font.pixelSize: Theme.largePx
        font.bold: true
    }
    BodyText {
        visible: page.stage === "unavailable" && Video.dutyHours !== ""
        width: page.contentColumn.width
        text: I18n.s["video.duty_hours"].replace("{hours}", Video.dutyHours)
    }
    BodyText {
        visible: page.stage === "unavailable"
        width: page.contentColumn.width
        text: I18n.s["video.hotline"]
    }
    // 预约视频: the next shift of the duty rota and its free slots; once booked, the slip.
    BodyText {
        objectName: "nextShift"
        visible: page.stage === "unavailable" && VideoBooking.shiftText !== "" && !VideoBooking.booked
        width: page.contentColumn.width
        text: I18n.s["video.next_shift"].replace("{when}", VideoBooking.shiftText)
        font.pixelSize: Theme.largePx
    }
    Heading {
        visible: page.stage === "unavailable" && VideoBooking.slots.length > 0 && !VideoBooking.booked
        width: page.contentColumn.width
        text: I18n.s["video.booking_offer"]
    }
    Repeater {
        model: page.stage === "unavailable" && !VideoBooking.booked ? VideoBooking.slots : []
        delegate: KioskButton {
            required property string modelData
            required property int index
            objectName: "slot_" + index
            width: page.contentColumn.width
            icon: "calendar"
            text: I18n.s["video.booking_slot"].replace("{when}", modelData)
            enabledState: !VideoBooking.busy
            onActivated: VideoBooking.book(index, Video.topic)
        }
    }
    Column {
        objectName: "bookedBlock"
        visible: page.stage === "unavailable" && VideoBooking.booked
        width: page.contentColumn.width
        spacing: Theme.gapPx / 2
        Heading { text: I18n.s["video.booking_done"] }
        BodyText {
            objectName: "bookedText"
            width: parent.width
            text: I18n.s["video.booking_number"].replace("{n}", VideoBooking.bookingNumber) + "\n"
                  + I18n.s["video.booking_time"].replace("{when}", VideoBooking.bookingTime) + "\n"
                  + I18n.s["video.booking_come_back"].replace(/\{code\}/g, VideoBooking.bookingNumber)
            font.pixelSize: Theme.largePx
            font.bold: true
        }
    }
    KioskButton {
        objectName: "printBooking"
        visible: page.stage === "unavailable" && VideoBooking.booked
        width: page.contentColumn.width
        kind: "accent"
        icon: "printer"
        text: I18n.s["video.booking_print"]
        enabledState: !VideoBooking.busy
        onActivated: VideoBooking.printSlip()
    }
    BodyText {
        objectName: "bookingStatus"
        visible: page.stage === "unavailable" && (VideoBooking.statusKey !== "" || VideoBooking.errorKey !== "")
        width: page.contentColumn.width
        text: VideoBooking.errorKey !== "" ? I18n.s[VideoBooking.errorKey]
            : VideoBooking.statusKey === "" ? "" : [VideoBooking.problem, I18n.s[VideoBooking.statusKey]].filter(x => x).join("\n")
        font.pixelSize: Theme.largePx
        font.bold: true
    }
    KioskButton {
        objectName: "askCallback"
        visible: page.stage === "unavailable" && Video.canCallback
        width: page.contentColumn.width
        kind: "primary"
        icon: "phone-call"
        text: I18n.s["video.callback_offer"]
        onActivated: Video.askCallback()
    }

    // --- call-back: the number on a keypad, read back, then sealed to the server ---
    BodyText {
        visible: page.stage === "callback"
        width: page.contentColumn.width
        text: I18n.s["video.callback_prompt"]
        font.pixelSize: Theme.largePx
    }
    Rectangle {
        visible: page.stage === "callback"
        width: page.contentColumn.width
        height: Theme.buttonPx
        radius: Theme.radiusPx
        color: Theme.surface
        border.width: Theme.borderPx
        border.color: Theme.primary
        Text {
            objectName: "phoneField"
            anchors.centerIn: parent
            text: Video.phoneGrouped
            font.family: Theme.fontFamily
            font.pixelSize: Theme.displayPx
            color: Theme.text
        }
    }
    NumericKeypad {
        id: keypad
        objectName: "phoneKeypad"
        visible: page.stage === "callback"
        maxLength: 12
        value: Video.phone
        onValueChanged: Video.setPhone(value)
    }
    BodyText {
        visible: page.stage === "callback"
        width: page.contentColumn.width
        text: I18n.s["video.callback_privacy"]
        color: Theme.textMuted
    }
    BodyText {
        visible: page.stage === "callback_confirm"
        width: page.contentColumn.width
        text: I18n.s["video.confirm_body"]
        font.pixelSize: Theme.largePx
    }
    Heading {
        objectName: "confirmPhone"
        visible: page.stage === "callback_confirm"
        width: page.contentColumn.width
        text: Video.phoneGrouped
        font.pixelSize: Theme.displayPx * 1.3
    }
    KioskButton {
        objectName: "editPhone"
        visible: page.stage === "callback_confirm"
        width: page.contentColumn.width
        icon: "pencil"
        text: I18n.s["video.confirm_edit"]
        onActivated: Video.editPhone()
    }
    BodyText {
        objectName: "callbackDone"
        visible: page.stage === "callback_done"
        width: page.contentColumn.width
        text: I18n.s["video.callback_done_body"]
        font.pixelSize: Theme.largePx
    }
    Row {
        visible: Video.errorKey !== ""
        width: page.contentColumn.width
        spacing: Theme.gapPx
        Icon { name: "alert-circle"; tint: Theme.error; size: Theme.headingPx }
        BodyText {
            objectName: "videoError"
            width: parent.width - Theme.headingPx - Theme.gapPx
            text: Video.errorKey !== "" ? I18n.s[Video.errorKey] : ""
            color: Theme.error
            font.bold: true
        }
    }

    primaryAction: KioskButton {
        id: videoPrimary
        objectName: "videoPrimary"
        visible: ["consent", "callback", "callback_confirm", "callback_done", "ended", "unavailable", "booking"]
                 .indexOf(page.stage) >= 0
        width: page.width - 2 * Theme.marginPx
        kind: "accent"
        textPx: Theme.headingPx
        icon: page.stage === "consent" ? "video" : page.stage === "callback_confirm" ? "check"
            : page.stage === "callback" ? "arrow-right" : page.stage !== "booking" || VideoCheckIn.cancelled ? "home"
            : VideoCheckIn.canJoin ? "video" : "search"
        text: page.stage === "booking" && !VideoCheckIn.cancelled
              ? I18n.s[VideoCheckIn.canJoin ? "video.checkin_join" : "video.checkin_find"]
            : page.stage === "consent" ? I18n.s["video.consent_agree"]
            : page.stage === "callback" ? I18n.s["video.callback_next"]
            : page.stage === "callback_confirm" ? I18n.s["video.confirm_yes"] : I18n.s["video.home"]
        enabledState: !Video.busy && !VideoCheckIn.busy
        onActivated: {
            if (page.stage === "booking" && !VideoCheckIn.cancelled) {
                if (VideoCheckIn.canJoin) VideoCheckIn.join()
                else VideoCheckIn.find()
            } else if (page.stage === "consent") Video.consent()
            else if (page.stage === "callback") Video.checkPhone()
            else if (page.stage === "callback_confirm") Video.confirmCallback()
            else Nav.home()
        }
    }
}
