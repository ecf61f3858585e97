//! The messages of information requests (SPEC D1-D3, F1): to the recipient (an employee, or an
//! outsider with their expiring link), to the asker when an answer arrives, and the reminder the
//! day before the link expires. Listed in `super::EVENTS`.

use super::{Audience, EventTemplate};

pub const INFO_REQUEST_RECEIVED: &str = "info_request_received";
pub const INFO_REQUEST_ANSWERED: &str = "info_request_answered";
pub const INFO_REQUEST_RETURNED: &str = "info_request_returned";
pub const INFO_REQUEST_REMINDER: &str = "info_request_reminder";

/// A request reaches its recipient. `{{link}}` is their page: for an outsider, a link of their
/// own, made when the mail is sent.
pub const RECEIVED: EventTemplate = EventTemplate {
    event: INFO_REQUEST_RECEIVED,
    audience: Audience::Recipient,
    placeholders: &["name", "person", "subject", "text", "due", "link"],
    defaults: [
        (
            "Petición de información: {{subject}}",
            "Hola, {{name}}:\n\n{{person}} le pide la siguiente información:\n\n{{text}}\n\n\
             Puede responder, con texto y archivos, hasta el {{due}} en esta página:\n{{link}}\n\n\
             Tramita\n",
        ),
        (
            "Information request: {{subject}}",
            "Hello {{name}},\n\n{{person}} asks you for the following information:\n\n{{text}}\n\n\
             You can answer, with text and files, until {{due}} on this page:\n{{link}}\n\n\
             Tramita\n",
        ),
        (
            "Prośba o informacje: {{subject}}",
            "Dzień dobry, {{name}},\n\n{{person}} prosi o następujące informacje:\n\n{{text}}\n\n\
             Możesz odpowiedzieć, tekstem i plikami, do {{due}} na tej stronie:\n{{link}}\n\n\
             Tramita\n",
        ),
    ],
};

/// The asker hears that an answer waits for their acceptance.
pub const ANSWERED: EventTemplate = EventTemplate {
    event: INFO_REQUEST_ANSWERED,
    audience: Audience::Staff,
    placeholders: &["number", "person", "subject", "link"],
    defaults: [
        (
            "Respuesta recibida en el caso {{number}}: {{subject}}",
            "{{person}} respondió a su petición «{{subject}}» del caso {{number}}. Espera que \
             usted la acepte o la devuelva con una pregunta.\n\nPuede revisarla aquí:\n{{link}}\n\n\
             Tramita\n",
        ),
        (
            "Answer received on case {{number}}: {{subject}}",
            "{{person}} answered your request \"{{subject}}\" on case {{number}}. It waits for you \
             to accept it or return it with a question.\n\nYou can review it here:\n{{link}}\n\n\
             Tramita\n",
        ),
        (
            "Odpowiedź w sprawie {{number}}: {{subject}}",
            "{{person}} odpowiedział(a) na Twoją prośbę „{{subject}}” w sprawie {{number}}. \
             Czeka na Twoją akceptację lub zwrot z pytaniem.\n\nMożesz ją sprawdzić tutaj:\n\
             {{link}}\n\nTramita\n",
        ),
    ],
};

/// The asker returned the answer with a new question; the thread goes on at the same page.
pub const RETURNED: EventTemplate = EventTemplate {
    event: INFO_REQUEST_RETURNED,
    audience: Audience::Recipient,
    placeholders: &["name", "person", "subject", "text", "due", "link"],
    defaults: [
        (
            "Nueva pregunta sobre: {{subject}}",
            "Hola, {{name}}:\n\n{{person}} revisó su respuesta y le pregunta:\n\n{{text}}\n\n\
             Puede responder hasta el {{due}} en la misma página:\n{{link}}\n\nTramita\n",
        ),
        (
            "A new question about: {{subject}}",
            "Hello {{name}},\n\n{{person}} reviewed your answer and asks:\n\n{{text}}\n\n\
             You can answer until {{due}} on the same page:\n{{link}}\n\nTramita\n",
        ),
        (
            "Nowe pytanie w sprawie: {{subject}}",
            "Dzień dobry, {{name}},\n\n{{person}} sprawdził(a) Twoją odpowiedź i pyta:\n\n\
             {{text}}\n\nMożesz odpowiedzieć do {{due}} na tej samej stronie:\n{{link}}\n\n\
             Tramita\n",
        ),
    ],
};

/// One business day before the link expires, to a recipient who has not answered.
pub const REMINDER: EventTemplate = EventTemplate {
    event: INFO_REQUEST_REMINDER,
    audience: Audience::Recipient,
    placeholders: &["name", "person", "subject", "due", "link"],
    defaults: [
        (
            "Recordatorio: {{subject}}",
            "Hola, {{name}}:\n\n{{person}} todavía espera su respuesta a «{{subject}}». La página \
             para responder caduca el {{due}}:\n{{link}}\n\nTramita\n",
        ),
        (
            "Reminder: {{subject}}",
            "Hello {{name}},\n\n{{person}} is still waiting for your answer to \"{{subject}}\". \
             The page to answer on expires on {{due}}:\n{{link}}\n\nTramita\n",
        ),
        (
            "Przypomnienie: {{subject}}",
            "Dzień dobry, {{name}},\n\n{{person}} nadal czeka na Twoją odpowiedź w sprawie \
             „{{subject}}”. Strona do odpowiedzi wygasa {{due}}:\n{{link}}\n\nTramita\n",
        ),
    ],
};
