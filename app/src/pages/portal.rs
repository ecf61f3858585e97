//! The customer's portal: their cases, newest first (SPEC I1), and how we tell them of news.

pub mod preferences;

use crate::api::cases::my_cases;
use crate::components::status::StateBadge;
use crate::i18n::use_texts;
use crate::model::Viewer;
use crate::pages::LoadFailed;
use crate::use_viewer;
use leptos::prelude::*;

#[component]
pub fn Home() -> impl IntoView {
    let viewer = use_viewer().0;
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match viewer.await {
                    Ok(Some(v)) if v.role.is_staff() => view! { <StaffHome viewer=v/> }.into_any(),
                    Ok(Some(_)) => view! { <crate::pages::recovery::UnconfirmedNotice/> <MyCases/> <preferences::ContactPreferencesCard/> <crate::pages::account::SecurityCard/> }.into_any(),
                    _ => view! { <Welcome/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Welcome() -> impl IntoView {
    let t = use_texts();
    view! {
        <section class="card hero">
            <h1>{t.welcome_title}</h1>
            <p>{t.welcome_text}</p>
            <p class="actions">
                <a class="button" href="/signup">{t.nav_signup}</a>
                <a class="button secondary" href="/login">{t.nav_login}</a>
            </p>
        </section>
    }
}

#[component]
fn StaffHome(viewer: Viewer) -> impl IntoView {
    let t = use_texts();
    view! {
        <section class="card">
            <h1>{viewer.name}</h1>
            <p>{t.role(viewer.role)}</p>
            <p class="actions">
                <a class="button" href="/desk">{t.nav_desk}</a>
                <a class="button secondary" href="/desk/new">{t.nav_record_case}</a>
            </p>
        </section>
        <preferences::ContactPreferencesCard/>
        <crate::pages::account::SecurityCard/>
    }
}

#[component]
fn MyCases() -> impl IntoView {
    let t = use_texts();
    let cases = Resource::new(|| (), |_| my_cases());
    view! {
        <section class="card">
            <div class="title-row">
                <h1>{t.my_cases_title}</h1>
                <a class="button" href="/new">{t.nav_new_complaint}</a>
            </div>
            <Suspense fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match cases.await {
                        Ok(list) if list.is_empty() => view! { <p class="empty">{t.my_cases_empty}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="case-list" id="my-cases">
                                {list
                                    .into_iter()
                                    .map(|c| view! {
                                        <li class="case-item" data-case-number=c.number.clone()>
                                            <a href=format!("/cases/{}", c.number)>
                                                <span class="case-number">{c.number.clone()}</span>
                                                <span class="subject">{c.subject.clone()}</span>
                                            </a>
                                            <span class="meta">
                                                <StateBadge state=c.state/>
                                                <span>{t.class(c.class)}</span>
                                                <span>{t.channel(c.channel)}</span>
                                                <time>{c.created_at.clone()}</time>
                                                <crate::components::status::DueDate due=c.resolution_due.clone() standing=c.deadline_standing/>
                                            </span>
                                        </li>
                                    })
                                    .collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
