//! The texts of the protections around accounts and the server (issue 15): rate limits, body
//! limits, in their own table beside `texts.rs`.

texts! {
    struct SecurityTexts;
    too_many: "Demasiados intentos seguidos. Espere un momento y vuelva a intentarlo.", "Too many attempts in a row. Please wait a moment and try again.", "Zbyt wiele prób z rzędu. Poczekaj chwilę i spróbuj ponownie.";
    retry_in: "Podrá intentarlo de nuevo en {seconds} s.", "You can try again in {seconds} s.", "Możesz spróbować ponownie za {seconds} s.";
    busy: "El servidor está ocupado. Inténtelo de nuevo en unos segundos.", "The server is busy. Please try again in a few seconds.", "Serwer jest zajęty. Spróbuj ponownie za kilka sekund.";
    wrong_password: "No es su contraseña actual.", "That is not your current password.", "To nie jest Twoje obecne hasło.";
    account_title: "Seguridad de la cuenta", "Account security", "Bezpieczeństwo konta";
    password_title: "Cambiar la contraseña", "Change the password", "Zmień hasło";
    current_password: "Contraseña actual", "Current password", "Obecne hasło";
    new_password: "Contraseña nueva", "New password", "Nowe hasło";
    password_hint: "Al cambiarla se cierran sus sesiones en los demás dispositivos.", "Changing it ends your sessions on every other device.", "Zmiana hasła kończy Twoje sesje na pozostałych urządzeniach.";
    password_changed: "Contraseña cambiada. Las demás sesiones se han cerrado.", "Password changed. Your other sessions have ended.", "Hasło zmienione. Pozostałe sesje zostały zakończone.";
    change_password: "Cambiar la contraseña", "Change the password", "Zmień hasło";
    sessions_title: "Sesiones abiertas", "Open sessions", "Otwarte sesje";
    sessions_hint: "Una sesión se cierra tras {idle} horas sin uso y, en todo caso, a los {days} días.", "A session ends after {idle} hours without use and in any case after {days} days.", "Sesja kończy się po {idle} godzinach bezczynności, a w każdym razie po {days} dniach.";
    session_opened: "Abierta", "Opened", "Otwarta";
    session_last_used: "Último uso", "Last used", "Ostatnio używana";
    session_browser: "Navegador", "Browser", "Przeglądarka";
    session_unknown_browser: "Desconocido", "Unknown", "Nieznana";
    session_this: "Esta sesión", "This session", "Ta sesja";
    log_out_elsewhere: "Cerrar las demás sesiones", "Log out everywhere else", "Wyloguj z pozostałych urządzeń";
    logged_out_elsewhere: "Las demás sesiones se han cerrado.", "Your other sessions have ended.", "Pozostałe sesje zostały zakończone.";
    staff_edit: "Editar", "Edit", "Edytuj";
    staff_title: "Cuenta de personal", "Staff account", "Konto pracownika";
    staff_active: "Puede entrar (desmarcar para deshabilitar la cuenta y cerrar sus sesiones)", "May log in (untick to disable the account and end its sessions)", "Może się logować (odznacz, aby wyłączyć konto i zakończyć jego sesje)";
    staff_disabled: "Deshabilitada", "Disabled", "Wyłączone";
    staff_self: "No puede deshabilitarse ni quitarse el rol de administrador a sí mismo.", "You cannot disable yourself nor take away your own admin role.", "Nie możesz wyłączyć siebie ani odebrać sobie roli administratora.";
    too_large: "Lo enviado es demasiado grande.", "What was sent is too large.", "Przesłane dane są zbyt duże.";
}
