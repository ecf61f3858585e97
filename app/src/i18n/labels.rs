//! The name of each value of a domain type (case states, channels, roles, steps, routing
//! reasons...) in the reader's language.

use super::Texts;
use crate::domain::analysis::{ActionKind, ActionState, Axis, Measure};
use crate::domain::case::{CaseState, Channel, DocumentClass};
use crate::domain::catalog::{Binding, CatalogKind};
use crate::domain::coverage::Coverage;
use crate::domain::documents::DocumentStatus;
use crate::domain::fields::FieldKind;
use crate::domain::info_requests::{MessageKind, RequestState, RequestStep};
use crate::domain::lifecycle::CaseStep;
use crate::domain::links::LinkKind;
use crate::domain::people::Role;
use crate::domain::routing::{CustomerTier, RouteDetail, RouteReason};
use crate::domain::sla::{DeadlineStanding, TermUnit};
use crate::domain::tasks::{TaskState, TaskStep};

impl Texts {
    pub fn axis(&self, a: Axis) -> &'static str {
        match a {
            Axis::State => self.state,
            Axis::CaseType => self.an_ax_type,
            Axis::Class => self.class,
            Axis::Channel => self.channel,
            Axis::Qualification => self.an_ax_qualification,
            Axis::Cause => self.an_ax_cause,
            Axis::Priority => self.an_ax_priority,
            Axis::Severity => self.an_ax_severity,
            Axis::Group => self.an_ax_group,
            Axis::Manager => self.an_ax_manager,
            Axis::Folder => self.folder,
            Axis::FiledMonth => self.an_ax_filed_month,
            Axis::ClosedMonth => self.an_ax_closed_month,
        }
    }

    pub fn measure(&self, m: Measure) -> &'static str {
        match m {
            Measure::Count => self.an_m_count,
            Measure::MeanDays => self.an_m_mean,
            Measure::MedianDays => self.an_m_median,
            Measure::InTimeShare => self.an_m_in_time,
            Measure::ReopenedShare => self.an_m_reopened,
        }
    }

    pub fn action_kind(&self, k: ActionKind) -> &'static str {
        match k {
            ActionKind::Corrective => self.im_corrective,
            ActionKind::Preventive => self.im_preventive,
        }
    }

    pub fn action_state(&self, s: ActionState) -> &'static str {
        match s {
            ActionState::Planned => self.im_planned,
            ActionState::InProgress => self.im_in_progress,
            ActionState::Done => self.im_done,
            ActionState::Cancelled => self.im_cancelled,
        }
    }

    pub fn state(&self, s: CaseState) -> &'static str {
        match s {
            CaseState::Draft => self.st_draft,
            CaseState::Open => self.st_open,
            CaseState::InProgress => self.st_in_progress,
            CaseState::PendingClosure => self.st_pending_closure,
            CaseState::Closed => self.st_closed,
        }
    }

    pub fn channel(&self, c: Channel) -> &'static str {
        match c {
            Channel::Web => self.ch_web,
            Channel::Phone => self.ch_phone,
            Channel::Email => self.ch_email,
            Channel::Chat => self.ch_chat,
            Channel::WhatsApp => self.ch_whatsapp,
            Channel::SocialMedia => self.ch_social_media,
            Channel::InPerson => self.ch_in_person,
            Channel::Letter => self.ch_letter,
            Channel::Regulator => self.ch_regulator,
        }
    }

    pub fn class(&self, c: DocumentClass) -> &'static str {
        match c {
            DocumentClass::Complaint => self.dc_complaint,
            DocumentClass::Claim => self.dc_claim,
            DocumentClass::Request => self.dc_request,
            DocumentClass::Incident => self.dc_incident,
            DocumentClass::Question => self.dc_question,
        }
    }

    pub fn catalog(&self, k: CatalogKind) -> &'static str {
        match k {
            CatalogKind::Qualification => self.ck_qualification,
            CatalogKind::Cause => self.ck_cause,
            CatalogKind::Severity => self.ck_severity,
            CatalogKind::Priority => self.ck_priority,
            CatalogKind::CaseType => self.ck_case_type,
            CatalogKind::CaseGroup => self.ck_case_group,
            CatalogKind::Category => self.ck_category,
            CatalogKind::Area => self.ck_area,
            CatalogKind::Resolution => self.ck_resolution,
        }
    }

    pub fn binding(&self, b: Binding) -> &'static str {
        match b {
            Binding::Customers => self.bd_customers,
            Binding::Partners => self.bd_partners,
            Binding::OwnStores => self.bd_own_stores,
            Binding::Distributors => self.bd_distributors,
        }
    }

    pub fn coverage(&self, c: Coverage) -> &'static str {
        match c {
            Coverage::Covered => self.cov_covered,
            Coverage::NotCovered => self.cov_not_covered,
            Coverage::Unknown => self.cov_unknown,
        }
    }

    pub fn link_kind(&self, k: LinkKind) -> &'static str {
        match k {
            LinkKind::Order => self.lk_order,
            LinkKind::Transaction => self.lk_transaction,
            LinkKind::Invoice => self.lk_invoice,
            LinkKind::Policy => self.lk_policy,
            LinkKind::CollectionAction => self.lk_collection_action,
        }
    }

    pub fn role(&self, r: Role) -> &'static str {
        match r {
            Role::Customer => self.ro_customer,
            Role::Employee => self.ro_employee,
            Role::Agent => self.ro_agent,
            Role::Manager => self.ro_manager,
            Role::Supervisor => self.ro_supervisor,
            Role::Admin => self.ro_admin,
        }
    }

    pub fn field_kind(&self, k: FieldKind) -> &'static str {
        match k {
            FieldKind::Text => self.fk_text,
            FieldKind::LongText => self.fk_long_text,
            FieldKind::Number => self.fk_number,
            FieldKind::Money => self.fk_money,
            FieldKind::Date => self.fk_date,
            FieldKind::SingleChoice => self.fk_single_choice,
            FieldKind::MultiChoice => self.fk_multi_choice,
            FieldKind::YesNo => self.fk_yes_no,
        }
    }

    pub fn satisfaction_level(&self, n: u8) -> &'static str {
        match n {
            1 => self.sat_1,
            2 => self.sat_2,
            3 => self.sat_3,
            4 => self.sat_4,
            _ => self.sat_5,
        }
    }

    pub fn case_step(&self, s: CaseStep) -> &'static str {
        match s {
            CaseStep::Open => self.cs_open,
            CaseStep::Start => self.cs_start,
            CaseStep::RequestClosure => self.cs_request_closure,
            CaseStep::Close => self.cs_close,
            CaseStep::ReturnToManager => self.cs_return_to_manager,
            CaseStep::Reopen => self.cs_reopen,
        }
    }

    pub fn request_state(&self, s: RequestState) -> &'static str {
        match s {
            RequestState::Waiting => self.rs_waiting,
            RequestState::Answered => self.rs_answered,
            RequestState::Accepted => self.rs_accepted,
            RequestState::Revoked => self.rs_revoked,
        }
    }

    pub fn message_kind(&self, k: MessageKind) -> &'static str {
        match k {
            MessageKind::Question => self.ir_kind_question,
            MessageKind::Answer => self.ir_kind_answer,
            MessageKind::Returned => self.ir_kind_returned,
        }
    }

    pub fn request_step(&self, s: RequestStep) -> &'static str {
        match s {
            RequestStep::Answer => self.ir_answer,
            RequestStep::Accept => self.ir_accept,
            RequestStep::Return => self.ir_return,
            RequestStep::Revoke => self.ir_revoke,
        }
    }

    pub fn task_state(&self, s: TaskState) -> &'static str {
        match s {
            TaskState::Pending => self.ts_pending,
            TaskState::InProgress => self.ts_in_progress,
            TaskState::PendingAcceptance => self.ts_pending_acceptance,
            TaskState::Accepted => self.ts_accepted,
        }
    }

    pub fn task_step(&self, s: TaskStep) -> &'static str {
        match s {
            TaskStep::Start => self.tk_start,
            TaskStep::Submit => self.tk_submit,
            TaskStep::Accept => self.tk_accept,
            TaskStep::Return => self.tk_return,
        }
    }

    pub fn route_reason(&self, r: RouteReason) -> &'static str {
        match r {
            RouteReason::TypeGroup => self.rr_type_group,
            RouteReason::Fallback => self.rr_fallback,
            RouteReason::Reassigned => self.rr_reassigned,
            RouteReason::CustomerTier => self.rr_customer_tier,
            RouteReason::SlaClass => self.rr_sla_class,
        }
    }

    pub fn tier(&self, t: CustomerTier) -> &'static str {
        match t {
            CustomerTier::Standard => self.tier_standard,
            CustomerTier::Vip => self.tier_vip,
        }
    }

    /// Why a case went to its manager, in full: the reason, the tier or class the rule matched,
    /// and, when a pool offered several people, that the least loaded was chosen.
    pub fn route_explained(&self, r: RouteReason, detail: Option<&RouteDetail>) -> String {
        let mut text = self.route_reason(r).to_string();
        // A case handed over by hand keeps the detail of its first routing; it no longer explains.
        let pooled = matches!(r, RouteReason::CustomerTier | RouteReason::SlaClass);
        let Some(d) = detail.filter(|_| pooled) else {
            return text;
        };
        if let Some(m) = &d.matched {
            let shown = match (r, m.parse::<CustomerTier>()) {
                (RouteReason::CustomerTier, Ok(t)) => self.tier(t),
                _ => m.as_str(),
            };
            text = format!("{text} {shown}");
        }
        if d.candidates > 1 {
            text = format!("{text} · {} {}", self.route_least_work, d.candidates);
        }
        text
    }

    pub fn document_status(&self, s: DocumentStatus) -> &'static str {
        match s {
            DocumentStatus::Present => self.doc_present,
            DocumentStatus::Requested => self.doc_requested,
            DocumentStatus::Missing => self.doc_missing,
        }
    }

    /// A stored extra value for reading: yes/no translated, the rest as stored.
    pub fn field_value(&self, kind: Option<FieldKind>, display: &str) -> String {
        match (kind, display) {
            (Some(FieldKind::YesNo), "yes") => self.yes.to_string(),
            (Some(FieldKind::YesNo), "no") => self.no.to_string(),
            _ => display.to_string(),
        }
    }

    pub fn standing(&self, s: DeadlineStanding) -> &'static str {
        match s {
            DeadlineStanding::OnTime => self.st_on_time,
            DeadlineStanding::AtRisk => self.st_at_risk,
            DeadlineStanding::Overdue => self.st_overdue,
            DeadlineStanding::Paused => self.st_paused,
            DeadlineStanding::AnsweredInTime => self.st_answered_in_time,
            DeadlineStanding::AnsweredLate => self.st_answered_late,
        }
    }

    pub fn unit(&self, u: TermUnit) -> &'static str {
        match u {
            TermUnit::BusinessDays => self.unit_business_days,
            TermUnit::BusinessHours => self.unit_business_hours,
            TermUnit::Hours => self.unit_hours,
            TermUnit::CalendarDays => self.unit_calendar_days,
        }
    }

    pub fn channel_rule(&self, rule: crate::domain::messages::ChannelRule) -> &'static str {
        use crate::domain::messages::ChannelRule;
        match rule {
            ChannelRule::Choice => self.rule_choice,
            ChannelRule::Off => self.rule_off,
            ChannelRule::Email => self.notify_email,
            ChannelRule::Sms => self.notify_sms,
            ChannelRule::Both => self.notify_both,
        }
    }

    pub fn notify_by(&self, by: crate::domain::messages::NotifyBy) -> &'static str {
        use crate::domain::messages::NotifyBy;
        match by {
            NotifyBy::Email => self.notify_email,
            NotifyBy::Sms => self.notify_sms,
            NotifyBy::Both => self.notify_both,
        }
    }
}
