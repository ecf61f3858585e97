//! The messages of decisions (SPEC E2, E3, F1): to the approvers when a decision waits for
//! them, to the decider when it is rejected, and to the customer with the decision's letter
//! attached. Listed in `super::EVENTS`.

use super::{Audience, EventTemplate};

pub const DECISION_NEEDS_APPROVAL: &str = "decision_needs_approval";
pub const DECISION_REJECTED: &str = "decision_rejected";
pub const DECISION_LETTER: &str = "decision_letter";

pub const NEEDS_APPROVAL: EventTemplate = EventTemplate {
    event: DECISION_NEEDS_APPROVAL,
    audience: Audience::Staff,
    placeholders: &["number", "subject", "resolution", "amount", "person", "link"],
    defaults: [
        (
            "Decisión por aprobar en el caso {{number}}",
            "{{person}} decidió en el caso {{number}} («{{subject}}»): {{resolution}} {{amount}}.\n\n\
             La decisión espera su aprobación en su escritorio:\n{{link}}\n\nTramita\n",
        ),
        (
            "Decision to approve on case {{number}}",
            "{{person}} decided on case {{number}} (\"{{subject}}\"): {{resolution}} {{amount}}.\n\n\
             The decision waits for your approval on your desk:\n{{link}}\n\nTramita\n",
        ),
        (
            "Decyzja do zatwierdzenia w sprawie {{number}}",
            "{{person}} podjął(-ęła) decyzję w sprawie {{number}} („{{subject}}”): {{resolution}} {{amount}}.\n\n\
             Decyzja czeka na Twoje zatwierdzenie na biurku:\n{{link}}\n\nTramita\n",
        ),
    ],
};

pub const REJECTED: EventTemplate = EventTemplate {
    event: DECISION_REJECTED,
    audience: Audience::Staff,
    placeholders: &["number", "subject", "resolution", "person", "comment", "link"],
    defaults: [
        (
            "Decisión rechazada en el caso {{number}}",
            "{{person}} rechazó su decisión en el caso {{number}} («{{subject}}»): {{resolution}}.\n\n\
             {{comment}}\n\nPuede decidir de nuevo en el caso:\n{{link}}\n\nTramita\n",
        ),
        (
            "Decision rejected on case {{number}}",
            "{{person}} rejected your decision on case {{number}} (\"{{subject}}\"): {{resolution}}.\n\n\
             {{comment}}\n\nYou can decide again on the case:\n{{link}}\n\nTramita\n",
        ),
        (
            "Decyzja odrzucona w sprawie {{number}}",
            "{{person}} odrzucił(a) Twoją decyzję w sprawie {{number}} („{{subject}}”): {{resolution}}.\n\n\
             {{comment}}\n\nMożesz podjąć decyzję ponownie w sprawie:\n{{link}}\n\nTramita\n",
        ),
    ],
};

pub const LETTER: EventTemplate = EventTemplate {
    event: DECISION_LETTER,
    audience: Audience::Customer,
    placeholders: &["number", "subject", "link"],
    defaults: [
        (
            "Resolución de su caso {{number}}",
            "Hola:\n\nAdjuntamos la carta con nuestra resolución de su caso {{number}}: «{{subject}}».\n\n\
             También puede descargarla aquí:\n{{link}}\n\nTramita\n",
        ),
        (
            "Decision on your case {{number}}",
            "Hello,\n\nAttached is the letter with our decision on your case {{number}}: \"{{subject}}\".\n\n\
             You can also download it here:\n{{link}}\n\nTramita\n",
        ),
        (
            "Rozstrzygnięcie Twojej sprawy {{number}}",
            "Dzień dobry,\n\nw załączniku przesyłamy pismo z rozstrzygnięciem Twojej sprawy {{number}}: „{{subject}}”.\n\n\
             Możesz je też pobrać tutaj:\n{{link}}\n\nTramita\n",
        ),
    ],
};
