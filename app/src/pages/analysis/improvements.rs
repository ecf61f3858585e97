//! SPEC J5: the improvement plan: corrective and preventive actions against causes, each with
//! its owner, due date and state, and its effect on the cases of its causes.

use super::{shown, AnalysisNav};
use crate::api::analysis::{
    action_effect, create_improvement, improvement_plan, SetImprovementState,
};
use crate::components::form::{submitted_form_data, FieldError};
use crate::domain::analysis::{ActionKind, ActionState, Measure};
use crate::i18n::use_texts;
use crate::model::{ImprovementSetup, ImprovementView};
use crate::pages::auth::{outcome_errors, reload_on_done, Answer, RequestFailure};
use crate::pages::LoadFailed;
use leptos::prelude::*;
use leptos::web_sys::{FormData, SubmitEvent};

#[component]
pub fn ImprovementsPage() -> impl IntoView {
    let t = use_texts();
    let changed = RwSignal::new(0u32);
    let plan = Resource::new(move || changed.get(), |_| improvement_plan());
    view! {
        <section class="card wide analysis">
            <AnalysisNav/>
            <h1>{t.an_improvements}</h1>
            <Transition fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match plan.await {
                        Ok(p) => view! { <Plan p changed/> }.into_any(),
                        Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Plan(p: ImprovementSetup, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let may_plan = p.may_plan;
    let setup = p.clone_setup();
    view! {
        {if p.actions.is_empty() {
            view! { <p class="empty">{t.im_empty}</p> }.into_any()
        } else {
            view! {
                <ul class="actions" id="improvement-actions">
                    {p.actions.into_iter().map(|a| view! { <Action a may_plan changed/> }).collect_view()}
                </ul>
            }.into_any()
        }}
        {may_plan.then(|| view! { <NewAction p=setup.clone() changed/> })}
    }
}

impl ImprovementSetup {
    fn clone_setup(&self) -> ImprovementSetup {
        ImprovementSetup {
            actions: Vec::new(),
            ..self.clone()
        }
    }
}

#[component]
fn Action(a: ImprovementView, may_plan: bool, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let id = a.id;
    let effect = Resource::new(move || changed.get(), move |_| action_effect(id));
    let set_state = ServerAction::<SetImprovementState>::new();
    let answer: Answer = Signal::derive(move || set_state.value().get());
    reload_on_done(answer, changed);
    view! {
        <li class="action" id=format!("action-{id}")>
            <h2>{a.title.clone()}</h2>
            <p class="muted">
                {format!("{} · {} · {}: {} · {}: {} · {}", a.folder.name, a.kind, t.im_owner, a.owner_name, t.im_due, a.due_day, a.state)}
            </p>
            {(!a.description.is_empty()).then(|| view! { <p>{a.description.clone()}</p> })}
            <p>{format!("{}: ", t.im_causes)}{a.causes.iter().map(|c| c.label.clone()).collect::<Vec<_>>().join(", ")}</p>
            <Transition fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match effect.await {
                        Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                        Ok(e) => view! {
                        <table class="pivot effect">
                            <caption>{format!("{} ({} {} {})", t.im_effect, e.window_days, t.im_window, e.action.effective_day)}</caption>
                            <thead>
                                <tr>
                                    <th scope="col"></th>
                                    <th scope="col" class="num">{t.an_m_count}</th>
                                    <th scope="col" class="num">{t.an_m_mean}</th>
                                    <th scope="col" class="num">{t.an_m_in_time}</th>
                                </tr>
                            </thead>
                            <tbody>
                                <tr>
                                    <th scope="row">{t.im_before}</th>
                                    <td class="num"><a href=e.before_link.clone()>{shown(&e.before, Measure::Count)}</a></td>
                                    <td class="num">{shown(&e.before, Measure::MeanDays)}</td>
                                    <td class="num">{shown(&e.before, Measure::InTimeShare)}</td>
                                </tr>
                                <tr>
                                    <th scope="row">{t.im_after}</th>
                                    <td class="num"><a href=e.after_link.clone()>{shown(&e.after, Measure::Count)}</a></td>
                                    <td class="num">{shown(&e.after, Measure::MeanDays)}</td>
                                    <td class="num">{shown(&e.after, Measure::InTimeShare)}</td>
                                </tr>
                            </tbody>
                        </table>
                    }.into_any(),
                    }
                })}
            </Transition>
            {may_plan.then(|| view! {
                <ActionForm action=set_state attr:class="inline-form">
                    <input type="hidden" name="id" value=id.to_string()/>
                    <label>
                        {t.im_state}
                        <select name="state">
                            {ActionState::ALL.iter().map(|s| view! { <option value=s.code()>{t.action_state(*s)}</option> }).collect_view()}
                        </select>
                    </label>
                    <button type="submit">{t.im_set_state}</button>
                    <RequestFailure value=answer/>
                </ActionForm>
            })}
        </li>
    }
}

#[component]
fn NewAction(p: ImprovementSetup, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let send = Action::new_local(|data: &FormData| create_improvement(data.clone().into()));
    let answer: Answer = Signal::derive(move || send.value().get());
    let errors = outcome_errors(answer);
    reload_on_done(answer, changed);
    let on_submit = move |ev: SubmitEvent| {
        if let Some(data) = submitted_form_data(&ev) {
            send.dispatch_local(data);
        }
    };
    let folders = p.folders.clone();
    view! {
        <form class="form" id="improvement-form" on:submit=on_submit>
            <h2>{t.im_new}</h2>
            <label for="im-folder">{t.folder}</label>
            <select id="im-folder" name="folder_id">
                {folders.iter().map(|f| view! { <option value=f.id.to_string()>{f.name.clone()}</option> }).collect_view()}
            </select>
            <FieldError errors field="folder_id"/>
            <label for="im-title">{t.im_title}</label>
            <input type="text" id="im-title" name="title" maxlength="200"/>
            <FieldError errors field="title"/>
            <label for="im-description">{t.im_description}</label>
            <textarea id="im-description" name="description" rows="3"></textarea>
            <FieldError errors field="description"/>
            <label for="im-kind">{t.im_kind}</label>
            <select id="im-kind" name="kind">
                {ActionKind::ALL.iter().map(|k| view! { <option value=k.code()>{t.action_kind(*k)}</option> }).collect_view()}
            </select>
            <label for="im-owner">{t.im_owner}</label>
            <select id="im-owner" name="owner_id">
                {p.owners.iter().map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> }).collect_view()}
            </select>
            <FieldError errors field="owner_id"/>
            <label for="im-due">{t.im_due}</label>
            <input type="date" id="im-due" name="due_day"/>
            <FieldError errors field="due_day"/>
            <fieldset>
                <legend>{t.im_causes}</legend>
                {p.causes.iter().map(|(folder, c)| {
                    let folder_name = folders.iter().find(|f| f.id == *folder).map(|f| f.name.clone()).unwrap_or_default();
                    view! {
                        <label class="check">
                            <input type="checkbox" name="cause_ids" value=c.filter_value()/>
                            {format!("{} ({folder_name})", c.label)}
                        </label>
                    }
                }).collect_view()}
                <FieldError errors field="cause_ids"/>
            </fieldset>
            <RequestFailure value=answer/>
            <button type="submit" disabled=move || send.pending().get()>{t.im_create}</button>
        </form>
    }
}
