//! The messages we send (issue 5, SPEC E4's "templates ... in each language"): every event in
//! every language, and an editor for one of them with its placeholders, checked on the server,
//! and a way back to the default.

use crate::api::messages::{
    channel_rules, message_template, message_templates, ResetMessageTemplate, SaveChannelRules,
    SaveMessageTemplate,
};
use crate::components::form::{ready_marker, FieldError};
use crate::domain::messages::ChannelRule;
use crate::i18n::use_texts;
use crate::model::ChannelRulesView;
use crate::model::{FormOutcome, MessageTemplateView};
use crate::pages::auth::{outcome_errors, Answer, RequestFailure};
use crate::pages::LoadFailed;
use leptos::prelude::*;

#[component]
pub fn MessagesPage() -> impl IntoView {
    let t = use_texts();
    let list = Resource::new(|| (), |_| message_templates());
    view! {
        <section class="card wide" id="message-templates">
            <p><a href="/admin">{t.nav_admin}</a></p>
            <h1>{t.msg_templates_title}</h1>
            <p>{t.msg_templates_intro}</p>
            <Suspense fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(rows) => view! {
                            <table class="desk">
                                <thead><tr>
                                    <th>{t.msg_event}</th><th>{t.msg_audience}</th>
                                    <th>{t.language}</th><th></th><th></th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|r| {
                                        let href = format!("/admin/messages/{}/{}", r.event, r.locale.code());
                                        view! {
                                            <tr data-template=format!("{}/{}", r.event, r.locale.code())>
                                                <td>{t.message_event(&r.event)}</td>
                                                <td>{if r.for_customer { t.msg_for_customer } else { t.msg_for_staff }}</td>
                                                <td>{r.locale.endonym()}</td>
                                                <td>{if r.customised { t.msg_customised } else { t.msg_default }}</td>
                                                <td><a href=href>{t.msg_edit}</a></td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
                        Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
        <ChannelRules/>
    }
}

/// Per event, one form with a choice of channels for each role it goes to.
#[component]
fn ChannelRules() -> impl IntoView {
    let t = use_texts();
    let rules = Resource::new(|| (), |_| channel_rules());
    view! {
        <section class="card wide" id="channel-rules">
            <h2>{t.msg_channels_title}</h2>
            <p>{t.msg_channels_intro}</p>
            <Suspense fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match rules.await {
                        Ok(list) => list
                            .into_iter()
                            .map(|r| view! { <EventChannels rules=r/> })
                            .collect_view()
                            .into_any(),
                        Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn EventChannels(rules: ChannelRulesView) -> impl IntoView {
    let t = use_texts();
    let save = ServerAction::<SaveChannelRules>::new();
    let answer: Answer = Signal::derive(move || save.value().get());
    let errors = outcome_errors(answer);
    let saved = move || matches!(save.value().get(), Some(Ok(FormOutcome::Done { .. })));
    let form_id = format!("channels-{}", rules.event);
    view! {
        <ActionForm action=save attr:class="form" attr:id=form_id>
            <input type="hidden" name="event" value=rules.event.clone()/>
            <fieldset>
                <legend>{t.message_event(&rules.event)}</legend>
                {rules.rules.into_iter().map(|(role, rule)| {
                    let id = format!("{}-{}", rules.event, role.code());
                    view! {
                        <label for=id.clone()>{t.role(role)}</label>
                        <select id=id name=role.code()>
                            {ChannelRule::ALL.iter().map(|r| view! {
                                <option value=r.code() selected=*r == rule>{t.channel_rule(*r)}</option>
                            }).collect_view()}
                        </select>
                        <FieldError errors field=role.code()/>
                    }
                }).collect_view()}
            </fieldset>
            <RequestFailure value=answer/>
            {move || saved().then(|| view! { <p class="success" role="status">{t.saved}</p> })}
            <button type="submit" class="small">{t.save}</button>
        </ActionForm>
    }
}

#[component]
pub fn MessageTemplatePage() -> impl IntoView {
    let t = use_texts();
    let params = leptos_router::hooks::use_params_map();
    let key = move || {
        let p = params.read();
        (
            p.get("event").unwrap_or_default(),
            p.get("locale").unwrap_or_default(),
        )
    };
    // Bumped when the default is put back: the editor is drawn again with it. A save does not
    // draw it again, so what the admin typed stays in place, refused or not.
    let reset_done = RwSignal::new(0u32);
    let template = Resource::new(
        move || (key(), reset_done.get()),
        |((event, locale), _)| message_template(event, locale),
    );
    let ready = ready_marker();
    view! {
        <section class="card wide" id="message-template" data-ready=ready>
            <p><a href="/admin/messages">{t.msg_templates_title}</a></p>
            <Transition fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match template.await {
                        Ok(v) => view! { <Editor template=v reset_done/> }.into_any(),
                        Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Editor(template: MessageTemplateView, reset_done: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let save = ServerAction::<SaveMessageTemplate>::new();
    let reset = ServerAction::<ResetMessageTemplate>::new();
    let answer: Answer = Signal::derive(move || save.value().get());
    let errors = outcome_errors(answer);
    let saved = move || matches!(save.value().get(), Some(Ok(FormOutcome::Done { .. })));
    // A save makes the template the administrators' own at once: the status says so and the
    // way back to the default appears, without drawing the editor again.
    let customised = RwSignal::new(template.customised);
    Effect::new(move |_| {
        if saved() {
            customised.set(true);
        }
    });
    Effect::new(move |_| {
        if matches!(reset.value().get(), Some(Ok(()))) {
            reset_done.update(|n| *n += 1);
        }
    });
    let placeholders = template
        .placeholders
        .iter()
        .map(|p| format!("{{{{{p}}}}}"))
        .collect::<Vec<_>>()
        .join(" ");
    let locale = template.locale.code();
    let event = template.event.clone();
    let reset_event = StoredValue::new(template.event.clone());
    view! {
        <h1>{format!("{} — {}", t.message_event(&template.event), template.locale.endonym())}</h1>
        <p>
            {if template.for_customer { t.msg_for_customer } else { t.msg_for_staff }}
            " · "
            <span id="template-status">{move || if customised.get() { t.msg_customised } else { t.msg_default }}</span>
        </p>
        <p>{t.msg_placeholders}": " <code id="placeholders">{placeholders}</code></p>
        <ActionForm action=save attr:class="form" attr:id="template-form">
            <input type="hidden" name="event" value=event/>
            <input type="hidden" name="locale" value=locale/>
            <label for="subject">{t.subject}</label>
            <input id="subject" name="subject" value=template.subject.clone() required/>
            <FieldError errors field="subject"/>
            <label for="text">{t.msg_text_part}</label>
            <textarea id="text" name="text" rows="10" required>{template.text.clone()}</textarea>
            <FieldError errors field="text"/>
            <label for="html">{t.msg_html_part}</label>
            <p class="hint">{t.msg_html_hint}</p>
            <textarea id="html" name="html" rows="10" required>{template.html.clone()}</textarea>
            <FieldError errors field="html"/>
            <RequestFailure value=answer/>
            {move || saved().then(|| view! { <p class="success" role="status">{t.saved}</p> })}
            <button type="submit">{t.save}</button>
        </ActionForm>
        {move || customised.get().then(|| view! {
            <ActionForm action=reset attr:class="inline-form" attr:id="template-reset">
                <input type="hidden" name="event" value=reset_event.get_value()/>
                <input type="hidden" name="locale" value=locale/>
                <button type="submit" class="secondary">{t.msg_reset}</button>
            </ActionForm>
        })}
    }
}
