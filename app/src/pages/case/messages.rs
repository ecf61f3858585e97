//! The messages sent about a case and where each stands (issue 5), for staff.

use crate::i18n::use_texts;
use crate::model::MessageView;
use leptos::prelude::*;

#[component]
pub fn Messages(messages: Vec<MessageView>) -> impl IntoView {
    let t = use_texts();
    let status = move |code: &str| match code {
        "sent" => t.message_sent,
        "failed" => t.message_failed,
        _ => t.message_pending,
    };
    view! {
        <section id="case-messages">
            <h2>{t.messages_title}</h2>
            <table>
                <thead>
                    <tr>
                        <th>{t.msg_event}</th>
                        <th>{t.channel}</th>
                        <th>{t.message_recipient}</th>
                        <th>{t.subject}</th>
                        <th>{t.message_status}</th>
                        <th>{t.message_attempts}</th>
                        <th>{t.created}</th>
                    </tr>
                </thead>
                <tbody>
                    {messages.into_iter().map(|m| view! {
                        <tr class="message" data-status=m.status.clone() data-event=m.event.clone()>
                            <td>{t.message_event(&m.event)}</td>
                            <td>{m.channel.clone()}</td>
                            <td>{m.recipient.clone()}</td>
                            <td>{m.subject.clone()}</td>
                            <td title=m.last_error.clone().unwrap_or_default()>{status(&m.status)}</td>
                            <td>{m.attempts}</td>
                            <td>{m.at.clone()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
