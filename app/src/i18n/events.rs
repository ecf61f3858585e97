//! The names of the case timeline's actions and of the events that send messages.

use super::Texts;

impl Texts {
    /// The name of an event that sends a message; the code itself for one added without a name.
    pub fn message_event(&self, code: &str) -> String {
        match code {
            "case_acknowledged" => self.msg_ev_case_acknowledged.to_string(),
            "case_state_changed" => self.msg_ev_case_state_changed.to_string(),
            "case_assigned" => self.msg_ev_case_assigned.to_string(),
            "case_escalated" => self.msg_ev_case_escalated.to_string(),
            "task_assigned" => self.msg_ev_task_assigned.to_string(),
            "task_submitted" => self.msg_ev_task_submitted.to_string(),
            "case_at_risk" => self.ev_case_at_risk.to_string(),
            "case_overdue" => self.ev_case_overdue.to_string(),
            "tasks_overdue_reminder" => self.msg_ev_tasks_overdue_reminder.to_string(),
            "info_request_received" => self.msg_ev_info_request_received.to_string(),
            "info_request_answered" => self.msg_ev_info_request_answered.to_string(),
            "info_request_returned" => self.msg_ev_info_request_returned.to_string(),
            "info_request_reminder" => self.msg_ev_info_request_reminder.to_string(),
            "document_requested" => self.msg_ev_document_requested.to_string(),
            "decision_needs_approval" | "decision_rejected" | "decision_letter" => {
                self.decision_texts().message_event(code).to_string()
            }
            "account_confirm_email" => self
                .locale()
                .recovery_texts()
                .msg_ev_confirm_email
                .to_string(),
            "account_reset_password" => self
                .locale()
                .recovery_texts()
                .msg_ev_reset_password
                .to_string(),
            other => other.replace('_', " "),
        }
    }

    /// The name of a timeline action code.
    pub fn event(&self, action: &str) -> String {
        match action {
            "case_filed" => self.ev_case_filed.to_string(),
            "attachment_added" => self.ev_attachment_added.to_string(),
            "customer_created" => self.ev_customer_created.to_string(),
            "link_added" => self.ev_link_added.to_string(),
            "case_opened" => self.ev_case_opened.to_string(),
            "draft_saved" => self.ev_draft_saved.to_string(),
            "note_added" => self.ev_note_added.to_string(),
            "document_requested" => self.ev_document_requested.to_string(),
            "document_provided" => self.ev_document_provided.to_string(),
            "case_routed" => self.ev_case_routed.to_string(),
            "case_started" => self.ev_case_started.to_string(),
            "case_closure_requested" => self.ev_case_closure_requested.to_string(),
            "case_closed" => self.ev_case_closed.to_string(),
            "case_returned" => self.ev_case_returned.to_string(),
            "case_reopened" => self.ev_case_reopened.to_string(),
            "case_reassigned" => self.ev_case_reassigned.to_string(),
            "case_qualified" => self.ev_case_qualified.to_string(),
            "case_escalated" => self.ev_case_escalated.to_string(),
            "deadlines_set" => self.ev_deadlines_set.to_string(),
            "first_response_recorded" => self.ev_first_response_recorded.to_string(),
            "case_at_risk" => self.ev_case_at_risk.to_string(),
            "case_overdue" => self.ev_case_overdue.to_string(),
            "deadline_paused" => self.ev_deadline_paused.to_string(),
            "deadline_resumed" => self.ev_deadline_resumed.to_string(),
            "deadline_paused_for_customer" => self.ev_deadline_paused_for_customer.to_string(),
            "deadline_extended" => self.ev_deadline_extended.to_string(),
            "task_assigned" => self.ev_task_assigned.to_string(),
            "task_started" => self.ev_task_started.to_string(),
            "task_submitted" => self.ev_task_submitted.to_string(),
            "task_accepted" => self.ev_task_accepted.to_string(),
            "task_returned" => self.ev_task_returned.to_string(),
            "tasks_all_accepted" => self.ev_tasks_all_accepted.to_string(),
            "consultation_asked" => self.ev_consultation_asked.to_string(),
            "consultation_answered" => self.ev_consultation_answered.to_string(),
            "info_request_sent" => self.ev_info_request_sent.to_string(),
            "info_request_answered" => self.ev_info_request_answered.to_string(),
            "info_request_accepted" => self.ev_info_request_accepted.to_string(),
            "info_request_returned" => self.ev_info_request_returned.to_string(),
            "info_request_revoked" => self.ev_info_request_revoked.to_string(),
            a if a.starts_with("decision_") || a.starts_with("letter_") => {
                self.decision_texts().event(a).to_string()
            }
            other => other.replace('_', " "),
        }
    }
}
