//! An admin edits a staff member (issue 15): name and role, and disables or re-enables the
//! account; disabling ends its sessions at once. Admins cannot disable themselves.

use crate::api::admin::{load_staff_member, UpdateStaff};
use crate::components::form::{ready_marker, FieldError};
use crate::domain::people::Role;
use crate::i18n::{use_locale, use_texts};
use crate::model::{FormOutcome, StaffMember};
use crate::pages::auth::{outcome_errors, Answer, RequestFailure};
use crate::pages::LoadFailed;
use crate::use_viewer;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn StaffPage() -> impl IntoView {
    let t = use_texts();
    let s = use_locale().security_texts();
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|i| i.parse::<i64>().ok())
            .unwrap_or_default()
    };
    let member = Resource::new(id, load_staff_member);
    view! {
        <section class="card wide" id="staff-member">
            <p><a href="/admin">{t.nav_admin}</a></p>
            <h1>{s.staff_title}</h1>
            <Transition fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match member.await {
                        Ok(m) => view! { <StaffForm m/> }.into_any(),
                        Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn StaffForm(m: StaffMember) -> impl IntoView {
    let t = use_texts();
    let s = use_locale().security_texts();
    let save = ServerAction::<UpdateStaff>::new();
    let answer: Answer = Signal::derive(move || save.value().get());
    let errors = outcome_errors(answer);
    let saved = move || matches!(save.value().get(), Some(Ok(FormOutcome::Done { .. })));
    let viewer = use_viewer().0;
    let member_id = m.id;
    let is_self = move || {
        viewer
            .get()
            .and_then(|v| v.ok().flatten())
            .is_some_and(|v| v.id == member_id)
    };
    let ready = ready_marker();
    view! {
        <p>{m.email.clone()}</p>
        <ActionForm action=save attr:class="form" attr:id="staff-edit" attr:data-ready=ready>
            <input type="hidden" name="id" value=m.id.to_string()/>
            <label for="staff-name">{t.full_name}</label>
            <input id="staff-name" name="name" value=m.name.clone() required/>
            <FieldError errors field="name"/>
            <label for="staff-role">{t.role}</label>
            <select id="staff-role" name="role">
                {Role::ALL.iter().filter(|r| r.is_staff()).map(|r| view! {
                    <option value=r.code() selected=*r == m.role>{t.role(*r)}</option>
                }).collect_view()}
            </select>
            <FieldError errors field="role"/>
            <label class="check">
                <input type="checkbox" name="active" id="staff-active" checked=m.active/>
                " "
                {s.staff_active}
            </label>
            {move || is_self().then(|| view! { <p class="help">{s.staff_self}</p> })}
            <FieldError errors field="active"/>
            <RequestFailure value=answer/>
            {move || saved().then(|| view! { <p class="success" role="status">{t.saved}</p> })}
            <button type="submit">{t.save}</button>
        </ActionForm>
    }
}
