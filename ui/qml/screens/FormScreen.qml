// One guided form: the current step (header "第2步，共5步：…", its fields and messages), or the
// review grouped by step with 修改 buttons, the legal-aid pre-check, and printing.
import QtQuick
import "../components"

ScreenPage {
    id: page
    title: Forms.formTitle
    readAloudText: Forms.atReview
        ? [I18n.s["forms.review_title"]].concat(Forms.review.map(
              s => s.title + "\n" + s.items.map(i => i.label + "：" + i.text).join("\n"))).join("\n")
        : [Forms.header, Forms.intro].concat(Forms.fields.map(f => f.label + (f.readBack ? "。" + I18n.s["forms.phone_check"] + f.readBack : "")
                                                     + (f.error ? "。" + f.error : ""))).join("\n")

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
        objectName: "formStatus"
        width: page.contentColumn.width
        text: Forms.statusKey === "forms.fix_errors" || Forms.statusKey === "forms.incomplete"
              || Forms.statusKey === "forms.print_failed" || Forms.statusKey === "forms.submit_failed"
              || Forms.statusKey === "forms.no_card"
              ? I18n.s[Forms.statusKey] + (Forms.printProblem !== "" ? "：" + Forms.printProblem : "") : ""
    }
    BodyText {
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
            onActivated: { Qt.inputMethod.hide(); Forms.atReview ? Forms.print() : Forms.next() }
        }
    }
}
