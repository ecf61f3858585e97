//! The texts of decisions, approvals, letters, customer requests and channel rules (SPEC E1-E4,
//! A8, A9), in their own table beside `texts.rs`.

use crate::domain::decisions::{DecidedBy, DecisionState, LetterState};

texts! {
    struct DecisionTexts;
    decisions_title: "Decisión", "Decision", "Decyzja";
    decisions_none: "Aún no hay ninguna decisión.", "No decision yet.", "Nie ma jeszcze decyzji.";
    decide_title: "Registrar la decisión", "Record the decision", "Zapisz decyzję";
    decide_submit: "Decidir", "Decide", "Podejmij decyzję";
    resolution: "Resolución", "Resolution", "Rozstrzygnięcie";
    amount: "Importe", "Amount", "Kwota";
    currency: "Moneda", "Currency", "Waluta";
    reasoning: "Fundamentos", "Reasoning", "Uzasadnienie";
    reasoning_hint: "Se incluye en la carta al cliente.", "It goes into the letter to the customer.", "Trafia do pisma do klienta.";
    decided_by: "Decidió", "Decided by", "Zdecydował(a)";
    approved_by: "Aprobó", "Approved by", "Zatwierdził(a)";
    rejected_by: "Rechazó", "Rejected by", "Odrzucił(a)";
    state_pending: "Espera aprobación", "Waiting for approval", "Czeka na zatwierdzenie";
    state_effective: "En firme", "Effective", "Obowiązująca";
    state_rejected: "Rechazada", "Rejected", "Odrzucona";
    waits_for_approval: "La decisión espera la aprobación de un supervisor o de la persona designada. Hasta entonces no se puede registrar otra.", "The decision waits for the approval of a supervisor or the designated person. Until then no other can be recorded.", "Decyzja czeka na zatwierdzenie przez przełożonego lub wskazaną osobę. Do tego czasu nie można zapisać innej.";
    no_resolutions: "No hay resoluciones para este tipo de caso que usted pueda elegir. Un administrador las configura en las resoluciones de la carpeta.", "There are no resolutions for this case type that you may choose. An administrator sets them in the folder's resolutions.", "Brak rozstrzygnięć dla tego typu sprawy, które możesz wybrać. Administrator ustawia je w rozstrzygnięciach teczki.";
    letters: "Cartas", "Letters", "Pisma";
    letter_version: "Versión", "Version", "Wersja";
    letter_queued: "En preparación…", "Being made…", "W przygotowaniu…";
    letter_ready: "Lista, sin enviar", "Ready, not sent", "Gotowe, niewysłane";
    letter_failed: "No se pudo preparar: revise la plantilla y vuelva a prepararla", "Could not be made: check the template and make it again", "Nie udało się przygotować: sprawdź szablon i przygotuj ponownie";
    letter_sent: "Enviada", "Sent", "Wysłane";
    letter_download: "Descargar PDF", "Download PDF", "Pobierz PDF";
    letter_regenerate: "Generar de nuevo", "Make it again", "Wygeneruj ponownie";
    letter_send: "Enviar esta versión", "Send this version", "Wyślij tę wersję";
    your_letters: "Cartas de resolución", "Decision letters", "Pisma z rozstrzygnięciem";
    approvals_title: "Decisiones por aprobar", "Decisions to approve", "Decyzje do zatwierdzenia";
    approval_comment: "Comentario", "Comment", "Komentarz";
    approve: "Aprobar", "Approve", "Zatwierdź";
    reject: "Rechazar", "Reject", "Odrzuć";
    approvals_none: "Nada por aprobar.", "Nothing to approve.", "Nic do zatwierdzenia.";
    ev_decision_made: "Decisión registrada", "Decision recorded", "Zapisano decyzję";
    ev_decision_pending: "Decisión enviada a aprobación", "Decision sent for approval", "Decyzja przekazana do zatwierdzenia";
    ev_decision_approved: "Decisión aprobada", "Decision approved", "Decyzja zatwierdzona";
    ev_decision_rejected: "Decisión rechazada", "Decision rejected", "Decyzja odrzucona";
    ev_letter_made: "Carta generada", "Letter made", "Wygenerowano pismo";
    ev_letter_failed: "No se pudo preparar la carta", "The letter could not be made", "Nie udało się przygotować pisma";
    ev_letter_sent: "Carta enviada al cliente", "Letter sent to the customer", "Pismo wysłane do klienta";
    msg_ev_needs_approval: "Decisión por aprobar (a quien aprueba)", "Decision to approve (to approvers)", "Decyzja do zatwierdzenia (do zatwierdzających)";
    msg_ev_rejected: "Decisión rechazada (a quien decidió)", "Decision rejected (to the decider)", "Decyzja odrzucona (do decydującego)";
    msg_ev_letter: "Carta de resolución (al cliente)", "Decision letter (to the customer)", "Pismo z rozstrzygnięciem (do klienta)";
    page_word: "Página", "Page", "Strona";
    of_word: "de", "of", "z";
    decided_by_manager: "Quien decide el caso", "Whoever decides the case", "Osoba decydująca w sprawie";
    decided_by_supervisor: "Solo supervisores", "Supervisors only", "Tylko przełożeni";
    // The admin area.
    decisions_setup: "Decisiones y cartas", "Decisions and letters", "Decyzje i pisma";
    type_resolutions: "Resoluciones de este tipo", "Resolutions of this type", "Rozstrzygnięcia tego typu";
    carries_amount: "Lleva importe", "Carries an amount", "Z kwotą";
    fits_all_types: "Sirve para todos los tipos", "Fits every type", "Pasuje do wszystkich typów";
    fits_this_type: "Sirve para este tipo", "Fits this type", "Pasuje do tego typu";
    who_decides: "Quién puede elegirla", "Who may choose it", "Kto może je wybrać";
    thresholds: "Umbrales de aprobación", "Approval thresholds", "Progi zatwierdzania";
    thresholds_hint: "Por encima del umbral de su moneda, la decisión espera aprobación. Un importe en una moneda sin umbral siempre la espera.", "Above the threshold of its currency a decision waits for approval. An amount in a currency without a threshold always does.", "Powyżej progu w danej walucie decyzja czeka na zatwierdzenie. Kwota w walucie bez progu czeka zawsze.";
    threshold_amount: "Umbral", "Threshold", "Próg";
    remove: "Quitar", "Remove", "Usuń";
    always_approve: "Toda decisión de este tipo espera aprobación (peticiones que cambian condiciones del contrato)", "Every decision of this type waits for approval (requests that change the terms of a contract)", "Każda decyzja tego typu czeka na zatwierdzenie (dyspozycje zmieniające warunki umowy)";
    request_kind: "Tipo de petición", "Kind of request", "Rodzaj dyspozycji";
    request_kind_other: "Otra petición", "Another request", "Inna dyspozycja";
    request_kind_help: "Algunas peticiones, como un nuevo plan de pagos, necesitan la aprobación de un responsable antes de hacerse.", "Some requests, such as a new payment schedule, need a superior's approval before they are done.", "Niektóre dyspozycje, np. nowy harmonogram spłat, wymagają zatwierdzenia przez przełożonego.";
    filed_by_customers: "Los clientes pueden presentarlo desde el portal como petición", "Customers may file it from the portal as a request", "Klienci mogą złożyć go w portalu jako dyspozycję";
    approver: "Persona designada para aprobar (además de los supervisores)", "Person named to approve (besides supervisors)", "Osoba wskazana do zatwierdzania (oprócz przełożonych)";
    nobody: "Nadie", "Nobody", "Nikt";
    channels_title: "Canales de entrada", "Channels of entry", "Kanały zgłoszenia";
    channels_hint: "Sin ninguno marcado, todos valen.", "With none ticked, any channel is allowed.", "Bez zaznaczenia dozwolony jest każdy kanał.";
    channel_instead: "Canal que usar en su lugar", "Channel to use instead", "Kanał, którego użyć zamiast";
    templates_title: "Plantillas de carta", "Letter templates", "Szablony pism";
    template_for: "Plantilla", "Template", "Szablon";
    letter_subject: "Asunto", "Subject", "Temat";
    letter_body: "Texto", "Text", "Treść";
    placeholders_hint: "Marcadores:", "Placeholders:", "Znaczniki:";
    default_template: "Sin plantilla propia: se usa la carta estándar.", "No template of its own: the standard letter is used.", "Bez własnego szablonu: używane jest pismo standardowe.";
    preview: "Vista previa del PDF", "PDF preview", "Podgląd PDF";
    save_template: "Guardar plantilla", "Save template", "Zapisz szablon";
    company_title: "Membrete de la empresa", "Company letterhead", "Papier firmowy";
    company_name: "Razón social", "Company name", "Nazwa firmy";
    company_address: "Dirección", "Address", "Adres";
    tax_id: "Identificación fiscal", "Tax id", "NIP";
    website: "Web", "Website", "Strona WWW";
    logo: "Logotipo (PNG, JPEG o SVG)", "Logo (PNG, JPEG or SVG)", "Logo (PNG, JPEG lub SVG)";
    saved: "Guardado.", "Saved.", "Zapisano.";
    channel_refused: "Este tipo de caso no se recibe por el canal", "This case type is not taken by the channel", "Ten typ sprawy nie jest przyjmowany kanałem";
    channel_use_instead: "regístrelo como recibido por", "record it as received by", "zarejestruj ją jako otrzymaną kanałem";
    channel_allowed_are: "Canales admitidos:", "Allowed channels:", "Dozwolone kanały:";
}

impl DecisionTexts {
    pub fn decision_state(&self, s: DecisionState) -> &'static str {
        match s {
            DecisionState::Pending => self.state_pending,
            DecisionState::Effective => self.state_effective,
            DecisionState::Rejected => self.state_rejected,
        }
    }

    pub fn letter_state(&self, s: LetterState) -> &'static str {
        match s {
            LetterState::Queued => self.letter_queued,
            LetterState::Ready => self.letter_ready,
            LetterState::Sent => self.letter_sent,
            LetterState::Failed => self.letter_failed,
        }
    }

    pub fn decided_by(&self, d: DecidedBy) -> &'static str {
        match d {
            DecidedBy::Manager => self.decided_by_manager,
            DecidedBy::Supervisor => self.decided_by_supervisor,
        }
    }

    /// The name of a timeline action of decisions and letters.
    pub fn event(&self, action: &str) -> &'static str {
        match action {
            "decision_made" => self.ev_decision_made,
            "decision_pending" => self.ev_decision_pending,
            "decision_approved" => self.ev_decision_approved,
            "decision_rejected" => self.ev_decision_rejected,
            "letter_made" => self.ev_letter_made,
            "letter_sent" => self.ev_letter_sent,
            "letter_failed" => self.ev_letter_failed,
            _ => self.decisions_title,
        }
    }

    /// The name of a message event of decisions, for the admin screen.
    pub fn message_event(&self, code: &str) -> &'static str {
        match code {
            "decision_needs_approval" => self.msg_ev_needs_approval,
            "decision_rejected" => self.msg_ev_rejected,
            _ => self.msg_ev_letter,
        }
    }
}
