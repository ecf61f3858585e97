//! The messages of accounts (issue 15): the link that confirms an address and the link that
//! sets a new password. `{{link}}` is made when the mail is sent (`backend::account_links`).
//! Listed in `super::EVENTS`.

use super::{Audience, EventTemplate};

pub const ACCOUNT_CONFIRM_EMAIL: &str = "account_confirm_email";
pub const ACCOUNT_RESET_PASSWORD: &str = "account_reset_password";

/// Someone signed up with this address: the link proves it is theirs.
pub const CONFIRM_EMAIL: EventTemplate = EventTemplate {
    event: ACCOUNT_CONFIRM_EMAIL,
    audience: Audience::Recipient,
    placeholders: &["name", "link", "hours"],
    defaults: [
        (
            "Confirme su dirección de correo",
            "Hola, {{name}}:\n\nPara confirmar que esta dirección es suya, abra este enlace en \
             las próximas {{hours}} horas:\n{{link}}\n\nHasta entonces, en su portal verá solo \
             los casos que presente usted. Si no creó una cuenta en Tramita, ignore este \
             mensaje.\n\nTramita\n",
        ),
        (
            "Confirm your e-mail address",
            "Hello {{name}},\n\nTo confirm that this address is yours, open this link within \
             {{hours}} hours:\n{{link}}\n\nUntil then your portal shows only the cases you file \
             yourself. If you did not create an account at Tramita, ignore this message.\n\n\
             Tramita\n",
        ),
        (
            "Potwierdź swój adres e-mail",
            "Dzień dobry, {{name}},\n\nAby potwierdzić, że ten adres należy do Ciebie, otwórz \
             ten link w ciągu {{hours}} godzin:\n{{link}}\n\nDo tego czasu w portalu zobaczysz \
             tylko sprawy złożone przez siebie. Jeśli nie zakładałeś(-aś) konta w Tramita, \
             zignoruj tę wiadomość.\n\nTramita\n",
        ),
    ],
};

/// Someone asked for a new password for this address.
pub const RESET_PASSWORD: EventTemplate = EventTemplate {
    event: ACCOUNT_RESET_PASSWORD,
    audience: Audience::Recipient,
    placeholders: &["name", "link", "minutes"],
    defaults: [
        (
            "Nueva contraseña para Tramita",
            "Hola, {{name}}:\n\nPara elegir una nueva contraseña, abra este enlace en los \
             próximos {{minutes}} minutos; sirve una sola vez:\n{{link}}\n\nAl cambiarla se \
             cerrarán todas sus sesiones. Si no lo pidió usted, ignore este mensaje: su \
             contraseña no cambia.\n\nTramita\n",
        ),
        (
            "A new password for Tramita",
            "Hello {{name}},\n\nTo choose a new password, open this link within {{minutes}} \
             minutes; it works once:\n{{link}}\n\nChanging it ends all your sessions. If you did \
             not ask for it, ignore this message: your password stays as it is.\n\nTramita\n",
        ),
        (
            "Nowe hasło do Tramita",
            "Dzień dobry, {{name}},\n\nAby ustawić nowe hasło, otwórz ten link w ciągu \
             {{minutes}} minut; działa tylko raz:\n{{link}}\n\nZmiana hasła zakończy wszystkie \
             Twoje sesje. Jeśli to nie Ty o to prosiłeś(-aś), zignoruj tę wiadomość: hasło się \
             nie zmieni.\n\nTramita\n",
        ),
    ],
};
