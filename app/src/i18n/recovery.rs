//! The texts of getting into an account through its mailbox (issue 15): confirming the address
//! of a new account and setting a forgotten password.

texts! {
    struct RecoveryTexts;
    link_used_or_expired: "Este enlace ya se usó o ha caducado. Pida uno nuevo.", "This link was used already or has run out. Ask for a new one.", "Ten link został już użyty lub wygasł. Poproś o nowy.";
    forgot_link: "¿Olvidó su contraseña?", "Forgot your password?", "Nie pamiętasz hasła?";
    forgot_title: "Elegir una nueva contraseña", "Choose a new password", "Ustaw nowe hasło";
    forgot_text: "Escriba la dirección de su cuenta. Le enviaremos un enlace que sirve una vez durante una hora.", "Type your account's address. We will mail you a link that works once, for an hour.", "Wpisz adres swojego konta. Wyślemy link, który działa jeden raz przez godzinę.";
    forgot_submit: "Enviarme el enlace", "Mail me the link", "Wyślij mi link";
    forgot_sent: "Si hay una cuenta con esa dirección, le hemos enviado el enlace. Mire también en el correo no deseado.", "If an account has that address, we have mailed it the link. Look in the spam folder too.", "Jeśli istnieje konto z tym adresem, wysłaliśmy na nie link. Sprawdź też folder spam.";
    reset_title: "Nueva contraseña", "New password", "Nowe hasło";
    reset_text: "Elija su nueva contraseña. Al guardarla se cerrarán todas sus sesiones y entrará con esta.", "Choose your new password. Saving it ends all your sessions and logs you in here.", "Ustaw nowe hasło. Zapisanie go zakończy wszystkie Twoje sesje i zaloguje Cię tutaj.";
    reset_submit: "Guardar la contraseña", "Save the password", "Zapisz hasło";
    ask_again: "Pedir un enlace nuevo", "Ask for a new link", "Poproś o nowy link";
    confirm_title: "Confirmar su dirección", "Confirm your address", "Potwierdź swój adres";
    confirm_text: "Confirme que esta dirección de correo es suya. Después verá en su portal también los casos que registremos para ella.", "Confirm that this e-mail address is yours. Your portal then also shows the cases we record for it.", "Potwierdź, że ten adres e-mail należy do Ciebie. Wtedy w portalu zobaczysz też sprawy, które zarejestrujemy dla tego adresu.";
    confirm_needs_session: "Hágalo con la sesión de la cuenta abierta: si no lo está, entre primero y vuelva a abrir el enlace.", "Do it logged in to the account: if you are not, log in first and open the link again.", "Zrób to, będąc zalogowanym na to konto: jeśli nie jesteś, najpierw się zaloguj i ponownie otwórz link.";
    confirm_submit: "Confirmar mi dirección", "Confirm my address", "Potwierdź mój adres";
    confirmed: "Dirección confirmada. Gracias.", "Address confirmed. Thank you.", "Adres potwierdzony. Dziękujemy.";
    go_to_portal: "Ir a mis casos", "Go to my cases", "Przejdź do moich spraw";
    unconfirmed: "Confirme su dirección {email} con el enlace que le enviamos. Hasta entonces verá aquí solo los casos que presente usted.", "Confirm your address {email} with the link we mailed you. Until then you see here only the cases you file yourself.", "Potwierdź adres {email} linkiem, który wysłaliśmy. Do tego czasu widzisz tu tylko sprawy złożone przez siebie.";
    send_again: "Volver a mandar el enlace", "Mail the link again", "Wyślij link ponownie";
    sent_again: "Enlace enviado.", "Link sent.", "Link wysłany.";
    wrong_code: "No es el código que enviamos, o ya no vale. Pida uno nuevo si hace falta.", "That is not the code we sent, or it no longer works. Ask for a new one if needed.", "To nie jest wysłany kod albo już nie działa. W razie potrzeby poproś o nowy.";
    phone_code_sms: "Tramita: su código para confirmar este número es {code}. Vale {minutes} minutos.", "Tramita: your code to confirm this number is {code}. It works for {minutes} minutes.", "Tramita: Twój kod potwierdzenia tego numeru to {code}. Ważny {minutes} minut.";
    phone_unconfirmed: "Enviamos un código por SMS al {phone}. Hasta que lo escriba aquí, le escribimos por correo electrónico.", "We sent a code by text message to {phone}. Until you type it here, we write to you by e-mail.", "Wysłaliśmy kod SMS-em na numer {phone}. Dopóki go tu nie wpiszesz, piszemy do Ciebie e-mailem.";
    phone_code: "Código recibido por SMS", "Code received by text message", "Kod otrzymany SMS-em";
    phone_confirm: "Confirmar el número", "Confirm the number", "Potwierdź numer";
    phone_new_code: "Mandar un código nuevo", "Send a new code", "Wyślij nowy kod";
    phone_confirmed: "Número confirmado: los mensajes de texto irán a él.", "Number confirmed: text messages will go to it.", "Numer potwierdzony: wiadomości SMS będą na niego wysyłane.";
    phone_code_sent: "Código enviado.", "Code sent.", "Kod wysłany.";
    msg_ev_confirm_email: "Confirmación de la dirección de una cuenta", "Confirming an account's address", "Potwierdzenie adresu konta";
    msg_ev_reset_password: "Enlace para una nueva contraseña", "Link to a new password", "Link do nowego hasła";
}
