//! A case type's decisions and letters (SPEC E1, E2, E4, A8, A9), on its admin page: which
//! resolutions it offers and who may choose them, its approval thresholds, whether every
//! decision waits for approval, the channels it is taken by, the folder's named approver, and
//! the letter templates with a live preview of the PDF.

use crate::api::decisions::{
    decision_setup, load_letter_template, preview_letter, set_type_rules, PutApprovalThreshold,
    RemoveApprovalThreshold, SaveLetterTemplate, SetResolutionSettings,
};
use crate::components::form::{ready_marker, submitted_form_data, FieldError};
use crate::domain::case::Channel;
use crate::domain::decisions::{DecidedBy, LETTER_PLACEHOLDERS};
use crate::i18n::{use_decision_texts, use_texts, Locale};
use crate::model::{LetterPreview, ResolutionSetup, TypeDecisionSetup};
use crate::pages::auth::{outcome_errors, reload_on_done, Answer, RequestFailure};
use crate::pages::LoadFailed;
use leptos::prelude::*;
use leptos::web_sys::{FormData, SubmitEvent};

#[component]
pub fn DecisionSettings(type_id: i64) -> impl IntoView {
    let t = use_texts();
    let d = use_decision_texts();
    let changed = RwSignal::new(0u32);
    let setup = Resource::new(move || changed.get(), move |_| decision_setup(type_id));
    view! {
        <section class="catalog" id="decision-settings">
            <h2>{d.decisions_setup}</h2>
            <Transition fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match setup.await {
                        Ok(s) => view! { <Settings s changed/> }.into_any(),
                        Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <TemplateEditor type_id/>
    }
}

#[component]
fn Settings(s: TypeDecisionSetup, changed: RwSignal<u32>) -> impl IntoView {
    let d = use_decision_texts();
    let type_id = s.type_id;
    view! {
        <h3>{d.type_resolutions}</h3>
        <ul class="entries" id="type-resolutions">
            {s.resolutions.into_iter().map(|r| view! { <ResolutionRow type_id r changed/> }).collect_view()}
        </ul>
        <Thresholds type_id thresholds=s.thresholds changed/>
        <TypeRules
            type_id
            always=s.always_approve
            by_customers=s.filed_by_customers
            allowed=s.allowed_channels
            instead=s.channel_instead
            approvers=s.approver_choices
            approver=s.approver
            changed
        />
    }
}

#[component]
fn ResolutionRow(type_id: i64, r: ResolutionSetup, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let d = use_decision_texts();
    let save = ServerAction::<SetResolutionSettings>::new();
    reload_on_done(Signal::derive(move || save.value().get()), changed);
    let id = r.id;
    let select_id = format!("resolution-{id}-decided-by");
    let entry = r.name.clone();
    view! {
        <li class="entry" class:inactive=!r.active data-entry=entry>
            <ActionForm action=save attr:class="inline-form resolution-form">
                <input type="hidden" name="type_id" value=type_id.to_string()/>
                <input type="hidden" name="resolution_id" value=id.to_string()/>
                <strong>{r.name.clone()}</strong>
                {(!r.active).then(|| view! { <span class="badge">{t.inactive}</span> })}
                <label class="check"><input type="checkbox" name="fits" checked=r.fits/>" "{d.fits_this_type}</label>
                {r.fits_all.then(|| view! { <span class="muted">{format!("({})", d.fits_all_types)}</span> })}
                <label class="check"><input type="checkbox" name="carries_amount" checked=r.carries_amount/>" "{d.carries_amount}</label>
                <label for=select_id.clone()>{d.who_decides}</label>
                <select id=select_id name="decided_by">
                    {DecidedBy::ALL.iter().map(|b| view! {
                        <option value=b.code() selected=*b == r.decided_by>{d.decided_by(*b)}</option>
                    }).collect_view()}
                </select>
                <button type="submit" class="small">{t.save}</button>
            </ActionForm>
        </li>
    }
}

#[component]
fn Thresholds(
    type_id: i64,
    thresholds: Vec<(String, String)>,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let t = use_texts();
    let d = use_decision_texts();
    let add = ServerAction::<PutApprovalThreshold>::new();
    let remove = ServerAction::<RemoveApprovalThreshold>::new();
    let answer: Answer = Signal::derive(move || add.value().get());
    let errors = outcome_errors(answer);
    reload_on_done(answer, changed);
    Effect::new(move |_| {
        if matches!(remove.value().get(), Some(Ok(()))) {
            changed.update(|n| *n += 1);
        }
    });
    view! {
        <h3>{d.thresholds}</h3>
        <p class="muted">{d.thresholds_hint}</p>
        <ul class="entries" id="thresholds">
            {thresholds.into_iter().map(|(currency, text)| {
                let code = currency.clone();
                view! {
                <li class="entry" data-currency=code>
                    <span>{text}</span>
                    <ActionForm action=remove attr:class="inline-form">
                        <input type="hidden" name="type_id" value=type_id.to_string()/>
                        <input type="hidden" name="currency" value=currency/>
                        <button type="submit" class="small secondary">{d.remove}</button>
                    </ActionForm>
                </li>
                }
            }).collect_view()}
        </ul>
        <ActionForm action=add attr:class="add-entry" attr:id="add-threshold">
            <input type="hidden" name="type_id" value=type_id.to_string()/>
            <label for="threshold-amount">{d.threshold_amount}</label>
            <input id="threshold-amount" name="amount" inputmode="decimal"/>
            <FieldError errors field="amount"/>
            <label for="threshold-currency">{d.currency}</label>
            <input id="threshold-currency" name="currency" maxlength="3"/>
            <RequestFailure value=answer/>
            <button type="submit">{t.save}</button>
        </ActionForm>
    }
}

#[component]
fn TypeRules(
    type_id: i64,
    always: bool,
    by_customers: bool,
    allowed: Vec<Channel>,
    instead: Option<Channel>,
    approvers: Vec<(i64, String)>,
    approver: Option<i64>,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let t = use_texts();
    let d = use_decision_texts();
    let save = Action::new_local(|data: &FormData| set_type_rules(data.clone().into()));
    let answer: Answer = Signal::derive(move || save.value().get());
    let errors = outcome_errors(answer);
    reload_on_done(answer, changed);
    let on_submit = move |ev: SubmitEvent| {
        if let Some(data) = submitted_form_data(&ev) {
            save.dispatch_local(data);
        }
    };
    let ready = ready_marker();
    view! {
        <form class="form" id="type-rules" on:submit=on_submit data-ready=ready>
            <input type="hidden" name="type_id" value=type_id.to_string()/>
            <label class="check">
                <input type="checkbox" name="always_approve" id="always-approve" checked=always/>
                " "
                {d.always_approve}
            </label>
            <label class="check">
                <input type="checkbox" name="filed_by_customers" id="filed-by-customers" checked=by_customers/>
                " "
                {d.filed_by_customers}
            </label>
            <FieldError errors field="filed_by_customers"/>
            <label for="type-approver">{d.approver}</label>
            <select id="type-approver" name="approver_id">
                <option value="">{d.nobody}</option>
                {approvers.into_iter().map(|(id, name)| view! {
                    <option value=id.to_string() selected=approver == Some(id)>{name}</option>
                }).collect_view()}
            </select>
            <FieldError errors field="approver_id"/>
            <fieldset>
                <legend>{d.channels_title}</legend>
                <p class="muted">{d.channels_hint}</p>
                <div class="channel-choices">
                    {Channel::ALL.iter().map(|c| view! {
                        <label class="check">
                            <input type="checkbox" name="channels" value=c.code() checked=allowed.contains(c)/>
                            " "
                            {t.channel(*c)}
                        </label>
                    }).collect_view()}
                </div>
                <FieldError errors field="channels"/>
            </fieldset>
            <label for="channel-instead">{d.channel_instead}</label>
            <select id="channel-instead" name="channel_instead">
                <option value="">{d.nobody}</option>
                {Channel::ALL.iter().map(|c| view! {
                    <option value=c.code() selected=instead == Some(*c)>{t.channel(*c)}</option>
                }).collect_view()}
            </select>
            <FieldError errors field="channel_instead"/>
            <RequestFailure value=answer/>
            <button type="submit">{t.save}</button>
        </form>
    }
}

/// SPEC E4: a template per resolution and language, with placeholders, saved only when every
/// placeholder is known, and the PDF it makes shown as it is typed.
#[component]
fn TemplateEditor(type_id: i64) -> impl IntoView {
    let t = use_texts();
    let d = use_decision_texts();
    let setup = Resource::new(|| (), move |_| decision_setup(type_id));
    view! {
        <section class="catalog" id="letter-templates">
            <h2>{d.templates_title}</h2>
            <Transition fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match setup.await {
                        Ok(s) if !s.resolutions.is_empty() => {
                            let choices: Vec<(i64, String)> = s.resolutions.iter().map(|r| (r.id, r.name.clone())).collect();
                            view! { <Editor type_id choices/> }.into_any()
                        }
                        Ok(_) => view! { <p class="muted">{d.no_resolutions}</p> }.into_any(),
                        Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Editor(type_id: i64, choices: Vec<(i64, String)>) -> impl IntoView {
    let t = use_texts();
    let d = use_decision_texts();
    let resolution = RwSignal::new(choices.first().map(|c| c.0).unwrap_or_default());
    let locale = RwSignal::new(Locale::Es.code().to_string());
    let loaded = Resource::new(
        move || (resolution.get(), locale.get()),
        move |(r, l)| load_letter_template(type_id, r, l),
    );
    let subject = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let own = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(tpl)) = loaded.get() {
            subject.set(tpl.subject);
            body.set(tpl.body);
            own.set(tpl.own);
        }
    });
    let preview = Action::new(|(l, s, b): &(String, String, String)| {
        preview_letter(l.clone(), s.clone(), b.clone())
    });
    // The preview follows the text: 600 ms after the last keystroke.
    let typed = RwSignal::new(0u32);
    Effect::new(move |_| {
        let (s, b, l) = (subject.get(), body.get(), locale.get());
        if s.is_empty() && b.is_empty() {
            return;
        }
        let mark = typed.get_untracked().wrapping_add(1);
        typed.set(mark);
        leptos::leptos_dom::helpers::set_timeout(
            move || {
                if typed.get_untracked() == mark {
                    preview.dispatch((l, s, b));
                }
            },
            std::time::Duration::from_millis(600),
        );
    });
    let ready = ready_marker();
    let save = ServerAction::<SaveLetterTemplate>::new();
    let answer: Answer = Signal::derive(move || save.value().get());
    let errors = outcome_errors(answer);
    let saved = move || {
        matches!(
            answer.get(),
            Some(Ok(crate::model::FormOutcome::Done { .. }))
        )
    };
    let preview_errors = Signal::derive(move || match preview.value().get() {
        Some(Ok(LetterPreview::Invalid(e))) => e,
        _ => Default::default(),
    });
    view! {
        <div class="template-editor">
            <ActionForm action=save attr:class="form" attr:id="letter-template-form" attr:data-ready=ready>
                <input type="hidden" name="type_id" value=type_id.to_string()/>
                <label for="template-resolution">{d.resolution}</label>
                <select id="template-resolution" name="resolution_id"
                    on:change=move |ev| resolution.set(event_target_value(&ev).parse().unwrap_or_default())>
                    {choices.into_iter().map(|(id, name)| view! { <option value=id.to_string()>{name}</option> }).collect_view()}
                </select>
                <label for="template-locale">{t.language}</label>
                <select id="template-locale" name="locale" on:change=move |ev| locale.set(event_target_value(&ev))>
                    {Locale::ALL.iter().map(|l| view! { <option value=l.code()>{l.endonym()}</option> }).collect_view()}
                </select>
                {move || (!own.get()).then(|| view! { <p class="muted">{d.default_template}</p> })}
                <label for="template-subject">{d.letter_subject}</label>
                <input id="template-subject" name="subject" prop:value=move || subject.get()
                    on:input=move |ev| subject.set(event_target_value(&ev))/>
                <FieldError errors field="subject"/>
                <FieldError errors=preview_errors field="subject"/>
                <label for="template-body">{d.letter_body}</label>
                <textarea id="template-body" name="body" rows="14" prop:value=move || body.get()
                    on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                <FieldError errors field="body"/>
                <FieldError errors=preview_errors field="body"/>
                <p class="muted">
                    {d.placeholders_hint}
                    " "
                    {LETTER_PLACEHOLDERS.iter().map(|p| view! { <code>{format!("{{{{{p}}}}}")}</code>" " }).collect_view()}
                </p>
                <RequestFailure value=answer/>
                {move || saved().then(|| view! { <p class="notice ok" role="status">{d.saved}</p> })}
                <button type="submit">{d.save_template}</button>
            </ActionForm>
            <div class="letter-preview">
                <h3>{d.preview}</h3>
                {move || match preview.value().get() {
                    Some(Ok(LetterPreview::Pdf(b64))) => {
                        let url = format!("data:application/pdf;base64,{b64}");
                        let link = url.clone();
                        // A browser that cannot show a PDF here shows the link to it instead.
                        view! {
                            <object id="letter-preview" type="application/pdf" data=url aria-label=d.preview>
                                <a href=link download="preview.pdf">{d.preview}</a>
                            </object>
                        }
                        .into_any()
                    }
                    Some(Err(e)) => view! { <LoadFailed error=e/> }.into_any(),
                    _ => view! { <p class="muted" id="letter-preview-wait">{t.loading}</p> }.into_any(),
                }}
            </div>
        </div>
    }
}
