//! The rules a new case must meet, whoever files it (SPEC A1): the customer in the portal or an
//! agent on the customer's behalf.

use super::case::{Channel, DocumentClass};
use super::coverage::{normalise_identifier, Day};
use super::form::{text_field, FieldErrors, FieldProblem};
use super::people::Email;

pub const SUBJECT_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 10_000;
pub const MAX_ATTACHMENTS: usize = 10;

/// What an attachment may be (photos, PDF, office files), judged from the content type sniffed
/// from the bytes, never from the file name.
pub const ALLOWED_CONTENT_TYPES: &[&str] = &[
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "image/heif",
    "application/pdf",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
];

pub fn content_type_allowed(sniffed: &str) -> bool {
    ALLOWED_CONTENT_TYPES.contains(&sniffed)
}

/// A file name safe to show and to offer back in a download: no path, no control characters.
pub fn clean_file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | ';'))
        .take(120)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        "file".to_string()
    } else {
        cleaned
    }
}

/// What a form sends, as typed.
#[derive(Debug, Clone, Default)]
pub struct IntakeForm {
    pub subject: String,
    pub description: String,
    pub class: String,
    pub channel: String,
    /// Only on the agent's form: whom the case is for.
    pub customer_email: Option<String>,
    pub customer_name: Option<String>,
    pub customer_phone: Option<String>,
    /// The claim's subject (serial or policy number) and the day of the claim, for the
    /// coverage check (SPEC A4).
    pub subject_identifier: Option<String>,
    pub claim_day: Option<String>,
    /// The folder an agent starts the case in; the first one they may use when absent.
    pub folder_id: Option<i64>,
    /// SPEC A9: on the customer's form, the kind of request (a case type customers may file)
    /// when the class is a request; none for "another request".
    pub request_kind: Option<i64>,
}

/// Who a case filed by an agent is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnBehalfOf {
    pub email: Email,
    pub name: String,
    pub phone: Option<String>,
}

/// A new case that meets the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidIntake {
    pub subject: String,
    pub description: String,
    pub class: DocumentClass,
    pub channel: Channel,
    pub on_behalf_of: Option<OnBehalfOf>,
    /// The subject's normalised identifier and the claim day, when one was given; no day
    /// means today.
    pub claim_subject: Option<(String, Option<Day>)>,
    /// The kind of request the customer chose (SPEC A9), still to be checked against the
    /// folder's kinds; only for a customer's request.
    pub request_kind: Option<i64>,
}

/// Who is filing decides which channels are possible: customers file through the portal only,
/// agents record any other channel and must say whom the case is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filer {
    Customer,
    Agent,
}

impl IntakeForm {
    pub fn validate(&self, filer: Filer) -> Result<ValidIntake, FieldErrors> {
        let mut errors = FieldErrors::default();
        let subject = text_field(&mut errors, "subject", &self.subject, 3, SUBJECT_MAX);
        let description = text_field(
            &mut errors,
            "description",
            &self.description,
            10,
            DESCRIPTION_MAX,
        );
        let class = match self.class.parse::<DocumentClass>() {
            Ok(c) => Some(c),
            Err(_) => {
                errors.add(
                    "class",
                    if self.class.is_empty() {
                        FieldProblem::Required
                    } else {
                        FieldProblem::Invalid
                    },
                );
                None
            }
        };
        let channel = match filer {
            Filer::Customer => Some(Channel::Web),
            Filer::Agent => match self.channel.parse::<Channel>() {
                Ok(c) if c != Channel::Web => Some(c),
                _ => {
                    errors.add(
                        "channel",
                        if self.channel.is_empty() {
                            FieldProblem::Required
                        } else {
                            FieldProblem::Invalid
                        },
                    );
                    None
                }
            },
        };
        let on_behalf_of = match filer {
            Filer::Customer => None,
            Filer::Agent => {
                let raw_email = self.customer_email.as_deref().unwrap_or_default();
                let email = if raw_email.trim().is_empty() {
                    errors.add("customer_email", FieldProblem::Required);
                    None
                } else {
                    Email::parse(raw_email)
                        .map_err(|_| errors.add("customer_email", FieldProblem::Invalid))
                        .ok()
                };
                let name = text_field(
                    &mut errors,
                    "customer_name",
                    self.customer_name.as_deref().unwrap_or_default(),
                    2,
                    120,
                );
                let phone = self
                    .customer_phone
                    .as_deref()
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(str::to_string);
                if let Some(p) = &phone {
                    let digits = p.chars().filter(char::is_ascii_digit).count();
                    if digits < 6
                        || p.len() > 32
                        || !p.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c))
                    {
                        errors.add("customer_phone", FieldProblem::Invalid);
                    }
                }
                email.map(|email| OnBehalfOf { email, name, phone })
            }
        };
        let identifier = self
            .subject_identifier
            .as_deref()
            .map(normalise_identifier)
            .filter(|i| !i.is_empty());
        let day = match self
            .claim_day
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            None => None,
            Some(d) => d
                .parse::<Day>()
                .map_err(|_| errors.add("claim_day", FieldProblem::Invalid))
                .ok(),
        };
        if identifier.as_ref().is_some_and(|i| i.chars().count() > 64) {
            errors.add("subject_identifier", FieldProblem::TooLong { max: 64 });
        }
        let claim_subject = identifier.map(|i| (i, day));
        // An agent chooses the type when completing the draft; a kind sent with another class
        // is left over from a changed choice and means nothing.
        let request_kind = self
            .request_kind
            .filter(|_| filer == Filer::Customer && class == Some(DocumentClass::Request));
        match (class, channel) {
            (Some(class), Some(channel)) if errors.is_empty() => Ok(ValidIntake {
                subject,
                description,
                class,
                channel,
                on_behalf_of,
                claim_subject,
                request_kind,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> IntakeForm {
        IntakeForm {
            subject: "Pedido no recibido".into(),
            description: "El pedido 4411 no llegó en la fecha prometida.".into(),
            class: "complaint".into(),
            channel: String::new(),
            ..Default::default()
        }
    }

    #[test]
    fn customer_complaint_is_filed_through_the_web_whatever_the_form_says() {
        let mut f = form();
        f.channel = "phone".into();
        let ok = f.validate(Filer::Customer).unwrap();
        assert_eq!(ok.channel, Channel::Web);
        assert_eq!(ok.on_behalf_of, None);
    }

    #[test]
    fn a_request_kind_counts_only_on_a_customers_request() {
        let mut f = form();
        f.request_kind = Some(7);
        assert_eq!(f.validate(Filer::Customer).unwrap().request_kind, None);
        f.class = "request".into();
        assert_eq!(f.validate(Filer::Customer).unwrap().request_kind, Some(7));
        f.channel = "phone".into();
        f.customer_email = Some("rosa@example.com".into());
        f.customer_name = Some("Rosa".into());
        assert_eq!(f.validate(Filer::Agent).unwrap().request_kind, None);
    }

    #[test]
    fn missing_fields_are_reported_each_by_name() {
        let errors = IntakeForm::default().validate(Filer::Customer).unwrap_err();
        assert_eq!(errors.get("subject"), Some(&FieldProblem::Required));
        assert_eq!(errors.get("description"), Some(&FieldProblem::Required));
        assert_eq!(errors.get("class"), Some(&FieldProblem::Required));
        assert_eq!(errors.get("channel"), None);
    }

    #[test]
    fn agent_must_name_the_customer_and_a_channel_other_than_web() {
        let mut f = form();
        f.channel = "web".into();
        let errors = f.validate(Filer::Agent).unwrap_err();
        assert_eq!(errors.get("channel"), Some(&FieldProblem::Invalid));
        assert_eq!(errors.get("customer_email"), Some(&FieldProblem::Required));
        assert_eq!(errors.get("customer_name"), Some(&FieldProblem::Required));

        f.channel = "phone".into();
        f.customer_email = Some("Cliente@Example.com".into());
        f.customer_name = Some("Camila Ríos".into());
        f.customer_phone = Some("+57 300 123 4567".into());
        let ok = f.validate(Filer::Agent).unwrap();
        assert_eq!(ok.channel, Channel::Phone);
        assert_eq!(
            ok.on_behalf_of.unwrap().email.as_str(),
            "cliente@example.com"
        );
    }

    #[test]
    fn file_names_lose_their_paths_and_odd_characters() {
        assert_eq!(clean_file_name("C:\\fotos\\caja rota.jpg"), "caja rota.jpg");
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("a\"b;\n.pdf"), "ab.pdf");
        assert_eq!(clean_file_name(".."), "file");
    }

    #[test]
    fn only_photos_pdf_and_office_files_are_allowed() {
        assert!(content_type_allowed("image/jpeg"));
        assert!(content_type_allowed("application/pdf"));
        assert!(!content_type_allowed("application/x-executable"));
        assert!(!content_type_allowed("text/html"));
    }

    #[test]
    fn claim_subject_is_normalised_and_its_day_checked() {
        let mut f = form();
        f.subject_identifier = Some(" sn 4411-a ".into());
        f.claim_day = Some("2026-02-30".into());
        assert_eq!(
            f.validate(Filer::Customer).unwrap_err().get("claim_day"),
            Some(&FieldProblem::Invalid)
        );
        f.claim_day = Some("2026-02-28".into());
        let ok = f.validate(Filer::Customer).unwrap();
        assert_eq!(
            ok.claim_subject,
            Some(("SN4411-A".into(), Some("2026-02-28".parse().unwrap())))
        );
        f.subject_identifier = Some("   ".into());
        assert_eq!(f.validate(Filer::Customer).unwrap().claim_subject, None);
    }

    #[test]
    fn too_long_subject_is_refused() {
        let mut f = form();
        f.subject = "x".repeat(SUBJECT_MAX + 1);
        assert_eq!(
            f.validate(Filer::Customer).unwrap_err().get("subject"),
            Some(&FieldProblem::TooLong { max: SUBJECT_MAX })
        );
    }
}
