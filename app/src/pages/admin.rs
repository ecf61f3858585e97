//! The admin area: staff accounts and case folders.

pub mod calendars;
pub mod case_type;
pub mod company;
pub mod coverage;
pub mod decisions;
pub mod folder;
pub mod messages;
pub mod routing;
pub mod sla;
pub mod staff;

use crate::api::admin::{folders, staff_list, CreateFolder, CreateStaff};
use crate::components::form::go_to;
use crate::components::form::{ready_marker, FieldError};
use crate::domain::people::Role;
use crate::i18n::use_texts;
use crate::model::FormOutcome;
use crate::pages::auth::{outcome_errors, Answer, RequestFailure};
use crate::pages::LoadFailed;
use crate::use_viewer;
use leptos::prelude::*;

#[component]
pub fn AdminPage() -> impl IntoView {
    let viewer = use_viewer().0;
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match viewer.await {
                    Ok(Some(v)) if v.role == Role::Admin => view! { <StaffAdmin/> }.into_any(),
                    Ok(Some(_)) => view! { <LoadFailed error=crate::api::ApiError::new(crate::api::ErrorKind::NotFound, crate::i18n::use_locale())/> }.into_any(),
                    Ok(None) => view! { <LoadFailed error=crate::api::ApiError::new(crate::api::ErrorKind::LoginRequired, crate::i18n::use_locale())/> }.into_any(),
                    Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The staff list and the form that adds to it. The form sits outside the list's transition,
/// so reloading the list never wipes what the admin typed.
#[component]
fn StaffAdmin() -> impl IntoView {
    let t = use_texts();
    let create = ServerAction::<CreateStaff>::new();
    let staff = Resource::new(move || create.version().get(), |_| staff_list());
    view! {
        <section class="card wide">
            <h1>{t.admin_users_title}</h1>
            <Transition fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match staff.await {
                        Ok(list) => view! {
                            <table class="desk" id="staff">
                                <thead><tr><th>{t.full_name}</th><th>{t.email}</th><th>{t.role}</th></tr></thead>
                                <tbody>
                                    {list.into_iter().map(|s| { let email = s.email.clone(); view! {
                                        <tr class:inactive=!s.active data-staff=email>
                                            <td><a href=format!("/admin/staff/{}", s.id)>{s.name}</a></td>
                                            <td>{s.email}</td>
                                            <td>
                                                {t.role(s.role)}
                                                {(!s.active).then(|| view! { " · " {crate::i18n::use_locale().security_texts().staff_disabled} })}
                                            </td>
                                        </tr>
                                    }}).collect_view()}
                                </tbody>
                            </table>
                        }
                        .into_any(),
                        Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                    }
                })}
            </Transition>
            <CreateStaffForm create/>
        </section>
        <Folders/>
        <section class="card wide">
            <h2>{t.calendars_title}</h2>
            <p><a class="button secondary" href="/admin/calendars">{t.calendars_title}</a></p>
        </section>
        <section class="card wide">
            <h2>{t.nav_messages}</h2>
            <p><a href="/admin/messages" id="admin-messages">{t.msg_templates_title}</a></p>
            <p><a href="/admin/company" id="admin-company">{crate::i18n::use_decision_texts().company_title}</a></p>
        </section>
        <coverage::CoverageRegistry/>
    }
}

#[component]
fn Folders() -> impl IntoView {
    let t = use_texts();
    let list = Resource::new(|| (), |_| folders());
    let create = ServerAction::<CreateFolder>::new();
    let answer: Answer = Signal::derive(move || create.value().get());
    let errors = outcome_errors(answer);
    Effect::new(move |_| {
        if let Some(Ok(FormOutcome::Done { go_to: path })) = create.value().get() {
            go_to(&path);
        }
    });
    let ready = ready_marker();
    view! {
        <section class="card wide">
            <h2>{t.folders_title}</h2>
            <Transition fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) if list.is_empty() => view! { <p class="empty">{t.folders_empty}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul id="folders">
                                {list.into_iter().map(|f| view! {
                                    <li><a href=format!("/admin/folders/{}", f.id)>{f.name}</a></li>
                                }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                    }
                })}
            </Transition>
            <ActionForm action=create attr:class="form" attr:id="folder-form" attr:data-ready=ready>
                <label for="folder-name">{t.name}</label>
                <input id="folder-name" name="name" required/>
                <FieldError errors field="name"/>
                <RequestFailure value=answer/>
                <button type="submit">{t.create_folder}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn CreateStaffForm(create: ServerAction<CreateStaff>) -> impl IntoView {
    let t = use_texts();
    let answer: Answer = Signal::derive(move || create.value().get());
    let errors = outcome_errors(answer);
    let created = move || matches!(create.value().get(), Some(Ok(FormOutcome::Done { .. })));
    let ready = ready_marker();
    view! {
        <h2>{t.create_user}</h2>
        <ActionForm action=create attr:class="form" attr:id="staff-form" attr:data-ready=ready>
            <label for="name">{t.full_name}</label>
            <input id="name" name="name" required/>
            <FieldError errors field="name"/>
            <label for="email">{t.email}</label>
            <input id="email" name="email" type="email" required/>
            <FieldError errors field="email"/>
            <label for="role">{t.role}</label>
            <select id="role" name="role">
                {Role::ALL.iter().filter(|r| r.is_staff()).map(|r| view! {
                    <option value=r.code()>{t.role(*r)}</option>
                }).collect_view()}
            </select>
            <FieldError errors field="role"/>
            <label for="password">{t.password}</label>
            <input id="password" name="password" type="password" autocomplete="new-password" required/>
            <FieldError errors field="password"/>
            <RequestFailure value=answer/>
            {move || created().then(|| view! { <p class="success" role="status">{t.user_created}</p> })}
            <button type="submit">{t.create_user}</button>
        </ActionForm>
    }
}
