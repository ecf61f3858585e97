//! A case's page: the customer sees the state and the public history; staff see everything.

use crate::api::cases::case_detail;
use crate::components::status::StateBadge;
use crate::components::timeline::Timeline;
use crate::i18n::use_texts;
use crate::model::CaseView;
use crate::pages::LoadFailed;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CasePage() -> impl IntoView {
    let t = use_texts();
    let params = use_params_map();
    let number = move || params.read().get("number").unwrap_or_default();
    let case = Resource::new(number, case_detail);
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match case.await {
                    Ok(c) => view! { <CaseDetail case=c/> }.into_any(),
                    Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CaseDetail(case: CaseView) -> impl IntoView {
    let t = use_texts();
    let s = case.summary;
    let attachments = case.attachments;
    view! {
        <article class="card case" data-case-number=s.number.clone()>
            <header class="case-head">
                <p class="case-number">{s.number.clone()}</p>
                <h1>{s.subject.clone()}</h1>
                <StateBadge state=s.state/>
            </header>
            <dl class="facts">
                <dt>{t.class}</dt>
                <dd>{t.class(s.class)}</dd>
                <dt>{t.channel}</dt>
                <dd>{t.channel(s.channel)}</dd>
                <dt>{t.created}</dt>
                <dd>{s.created_at.clone()}</dd>
                <dt>{t.customer}</dt>
                <dd>{s.customer_name.clone()}</dd>
                <dt>{t.filed_by}</dt>
                <dd>{case.created_by.clone()}</dd>
                {case.claim.clone().map(|c| view! {
                    <dt>{t.claim_subject}</dt>
                    <dd>{format!("{} · {}", c.identifier, c.day)}</dd>
                    <dt>{t.coverage}</dt>
                    <dd id="coverage" class=format!("coverage-{}", c.coverage.code())>{t.coverage(c.coverage)}</dd>
                })}
            </dl>
            <p class="description">{case.description.clone()}</p>
            {(!attachments.is_empty()).then(|| view! {
                <h2>{t.attachments}</h2>
                <ul class="attachments">
                    {attachments
                        .into_iter()
                        .map(|a| view! {
                            <li>
                                <a href=format!("/files/{}", a.id) rel="external" download=a.file_name.clone()>{a.file_name.clone()}</a>
                                <span class="muted">{format!(" {} KB", (a.size + 1023) / 1024)}</span>
                            </li>
                        })
                        .collect_view()}
                </ul>
            })}
            <h2>{t.timeline}</h2>
            <Timeline entries=case.timeline/>
        </article>
    }
}
