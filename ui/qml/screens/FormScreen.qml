// One guided form: the current step (header "第2步，共5步：…", its fields and messages), or the
// review grouped by step with 修改 buttons, the legal-aid pre-check, and printing.
import QtQuick
import "../components"

ScreenPage {
    id: page
    title: Forms.formTitle
    // In English: suggested answers, place names and what was typed are Chinese (the form is filed
    // in Chinese), so the screen says so whenever it shows some.
    chineseContent: /[\u3400-\u9fff]/.test(JSON.stringify(Forms.atReview ? [Forms.review, Forms.eligibility] : Forms.fields))
    chineseNote: I18n.s["english.form_in_chinese"]
    actionWhileTyping: true
    readAloudText: (Forms.atReview ? page.reviewSpoken() : page.stepSpoken()).concat([I18n.s["video.ask_lawyer"]])
                       .filter(l => l !== "").join("\n")

    // What 朗读 says, in the order the screen shows it: the step header, each question with its
    // help, the choices (or the picker's prompts), what the visitor has picked, the messages, the
    // buttons. Numbers being typed are read as shown (a phone number in groups; the review masks
    // ID and phone numbers, so they are read masked too).
    function statusSpoken() {
        return [formStatus.text, formNotice.visible ? formNotice.text : ""]
    }
    function fieldSpoken(f) {
        let lines = [f.label, f.preset ? I18n.s[f.type === "address" ? "forms.preset_from_id" : "forms.preset"] : "",
                     f.help]
        // The surname tiles are keys (like the keypad's digits): their hint is read, not all hundred.
        if ((f.surnames || []).length > 0 && (f.text || "") === "") lines.push(I18n.s["forms.surname_hint"])
        if (f.readBack) lines.push(I18n.s["forms.phone_check"] + f.readBack)
        if ((f.suggestions || []).length > 0) lines.push(I18n.s["forms.suggestions"] + f.suggestions.join("、"))
        if (f.type === "yes_no") lines.push(I18n.s["forms.yes"], I18n.s["forms.no"])
        if (f.type === "choice" || f.type === "multi_choice") lines = lines.concat(f.options.map(o => o.label))
        if ((f.options || []).length > 7) lines.push(I18n.s["forms.more_options"], I18n.s["forms.common_options"])
        if (f.type === "date") {
            lines.push((f.year || "") + "年" + (f.month || "") + "月" + (f.day || "") + "日",
                       I18n.s["forms.date_month"], Array.from({ length: 12 }, (_, i) => String(i + 1)).join("、"),
                       I18n.s["forms.date_day"], Array.from({ length: 31 }, (_, i) => String(i + 1)).join("、"))
        }
        if (f.type === "address") {
            const picked = (f.text || "") !== "" ? f.text : (f.regionPath || "")
            if (picked !== "") lines.push(picked, I18n.s["forms.region_again"])
            if ((f.text || "") === "" && !f.regionDone)
                lines = lines.concat([I18n.s["forms.region_choose"]], (f.regionChoices || []).map(r => r.name))
            if (f.regionDone && (f.villages || []).length > 0)
                lines = lines.concat([I18n.s[f.tilesHint || "forms.village_hint"]], f.villages.map(v => v.name))
        }
        if (f.type === "signature")
            lines.push(f.signed ? I18n.s["forms.signed"] : I18n.s["forms.sign_here"], I18n.s["forms.sign_clear"],
                       I18n.s["forms.sign_done"], I18n.s["forms.sign_later"])
        if (f.type === "group") {
            for (const item of f.items || []) {
                lines.push(item.title)
                for (const sub of item.fields) lines.push(sub.label, sub.error)
                lines.push(I18n.s["forms.remove_item"])
            }
            lines.push(I18n.s["forms.add_item"])
        }
        lines.push(f.error)
        return lines
    }
    function stepSpoken() {
        let lines = [page.title, Forms.header, Forms.intro]
        if (Forms.canReadIdCard) lines.push(I18n.s["forms.read_card"])
        lines = lines.concat(page.statusSpoken())
        for (const f of Forms.fields) lines = lines.concat(page.fieldSpoken(f))
        lines.push(I18n.s["resume.save"])
        if (!Forms.isFirstStep) lines.push(I18n.s["forms.back_step"])
        lines.push(I18n.s["forms.next"])
        return lines
    }
    function reviewSpoken() {
        let lines = [page.title, I18n.s["forms.review_title"]].concat(page.statusSpoken())
        for (const s of Forms.review) {
            lines.push(s.title)
            for (const i of s.items) lines.push(i.label + "：" + i.text, i.preset ? I18n.s["forms.preset"] : "", i.error)
            lines.push(I18n.s["forms.edit"] + " · " + s.title)
        }
        const e = Forms.eligibility
        if (e.outcome !== undefined)
            lines.push(I18n.s["forms.eligibility"], e.explanation || "", (e.articles || []).join("、"),
                       I18n.s["forms.documents"] + "\n" + (e.documents || []).join("\n"))
        if (Forms.canSubmit) lines.push(I18n.s["forms.submit"])
        lines.push(I18n.s["handoff.send_form"], I18n.s["resume.save"])
        if (!Forms.isFirstStep) lines.push(I18n.s["forms.back_step"])
        lines.push(I18n.s["forms.print"])
        return lines
    }

    // The first message on the step, in the order the fields are shown (a repeated entry's too).
    function firstError() {
        for (const f of Forms.fields) {
            if (f.error) return f.error
            for (const item of f.items || [])
                for (const sub of item.fields) if (sub.error) return sub.error
        }
        return ""
    }

    Component.onCompleted: if (!Forms.active || Forms.formId !== (Nav.params.form || Forms.formId))
                               Forms.open(Nav.params.form || "legal_aid")

    Heading {
        objectName: "formHeader"
        width: page.contentColumn.width
        text: Forms.atReview ? I18n.s["forms.review_title"] : Forms.header
    }
    BodyText {
        visible: !Forms.atReview && Forms.intro !== ""
        width: page.contentColumn.width
        text: Forms.intro
    }
    KioskButton {
        objectName: "readIdCard"
        visible: Forms.canReadIdCard
        width: page.contentColumn.width
        kind: "primary"
        icon: "id"
        text: I18n.s["forms.read_card"]
        onActivated: Forms.readIdCard()
    }
    FormMessage {
        id: formStatus
        objectName: "formStatus"
        width: page.contentColumn.width
        text: Forms.statusKey === "forms.fix_errors" || Forms.statusKey === "forms.incomplete"
              || Forms.statusKey === "forms.print_failed" || Forms.statusKey === "forms.submit_failed"
              || Forms.statusKey === "forms.no_card"
              ? I18n.s[Forms.statusKey] + (Forms.printProblem !== "" ? "：" + Forms.printProblem : "") : ""
    }
    BodyText {
        id: formNotice
        objectName: "formNotice"
        visible: Forms.statusKey === "forms.printing" || Forms.statusKey === "forms.printed"
                 || Forms.statusKey === "forms.submitted"
        width: page.contentColumn.width
        text: visible ? I18n.s[Forms.statusKey] : ""
        font.pixelSize: Theme.largePx
        font.bold: true
    }

    Repeater {
        model: Forms.atReview ? [] : Forms.fields
        delegate: FormField {
            required property var modelData
            field: modelData
            width: page.contentColumn.width
        }
    }

    Repeater {
        model: Forms.atReview ? Forms.review : []
        delegate: Column {
            id: section
            required property var modelData
            width: page.contentColumn.width
            spacing: Theme.gapPx
            Heading { width: section.width; text: section.modelData.title; font.pixelSize: Theme.largePx }
            Repeater {
                model: section.modelData.items
                delegate: Column {
                    id: answer
                    required property var modelData
                    width: section.width
                    BodyText { width: answer.width; text: answer.modelData.label + "：" + answer.modelData.text }
                    BodyText {
                        visible: answer.modelData.preset === true
                        width: answer.width
                        text: I18n.s["forms.preset"]
                        color: Theme.primary
                    }
                    FormMessage { width: answer.width; text: answer.modelData.error }
                }
            }
            KioskButton {
                objectName: "edit_" + section.modelData.stepId
                width: section.width
                icon: "edit"
                text: I18n.s["forms.edit"] + " · " + section.modelData.title
                onActivated: Forms.edit(section.modelData.stepId)
            }
        }
    }

    Column {
        visible: Forms.atReview && Forms.eligibility.outcome !== undefined
        width: page.contentColumn.width
        spacing: Theme.gapPx
        Heading { width: parent.width; text: I18n.s["forms.eligibility"]; font.pixelSize: Theme.largePx }
        BodyText {
            objectName: "eligibilityText"
            width: parent.width
            text: Forms.eligibility.explanation || ""
        }
        BodyText {
            width: parent.width
            text: (Forms.eligibility.articles || []).join("、")
            color: Theme.textMuted
        }
        BodyText {
            width: parent.width
            text: I18n.s["forms.documents"] + "\n" + (Forms.eligibility.documents || []).join("\n")
        }
    }

    KioskButton {
        objectName: "formSubmit"
        visible: Forms.atReview && Forms.canSubmit
        width: page.contentColumn.width
        kind: "primary"
        icon: "send"
        text: I18n.s["forms.submit"]
        enabledState: !Forms.busy
        onActivated: Forms.submit()
    }

    // 发到手机: the finished document (PDF and answers) for the visitor's phone.
    KioskButton {
        objectName: "formPhone"
        visible: Forms.atReview
        width: page.contentColumn.width
        icon: "device-mobile"
        text: I18n.s["handoff.send_form"]
        enabledState: !Forms.busy
        onActivated: {
            Handoff.sendForm()
            Nav.go("handoff")
        }
    }
    // 下次再填: the answers so far, sealed under a code the visitor takes away.
    KioskButton {
        objectName: "formSaveDraft"
        width: page.contentColumn.width
        icon: "clock-pause"
        text: I18n.s["resume.save"]
        enabledState: !Forms.busy && Forms.answeredCount > 0
        onActivated: Nav.go("resume", { mode: "save" })
    }
    // 问律师 at any step: the lawyer sees which form (its title only; the answers stay here).
    AskLawyerButton {
        objectName: "formAskLawyer"
        width: page.contentColumn.width
        aboutKind: "form"
        aboutId: Forms.formId
        aboutTitle: Forms.formTitle
    }

    primaryAction: Row {
        width: page.width - 2 * Theme.marginPx
        spacing: Theme.gapPx
        KioskButton {
            objectName: "formBack"
            visible: !Forms.isFirstStep
            width: (parent.width - Theme.gapPx) / 2
            icon: "arrow-left"
            text: I18n.s["forms.back_step"]
            onActivated: Forms.back()
        }
        KioskButton {
            objectName: Forms.atReview ? "formPrint" : "formNext"
            width: Forms.isFirstStep ? parent.width : (parent.width - Theme.gapPx) / 2
            kind: "accent"
            icon: Forms.atReview ? "printer" : "arrow-right"
            text: Forms.atReview ? I18n.s["forms.print"] : I18n.s["forms.next"]
            textPx: Theme.headingPx
            enabledState: !Forms.busy
            onActivated: {
                Qt.inputMethod.hide()
                if (Forms.atReview) {
                    Forms.print()
                    return
                }
                Forms.next()
                // Shown and spoken: a visitor who cannot read the message still hears what to fix.
                if (Forms.statusKey === "forms.fix_errors" && page.firstError() !== "")
                    Speech.speak(page.firstError())
            }
        }
    }
}
