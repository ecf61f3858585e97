//! A folder's hand-over (SPEC B3, C1): who may start cases, who closes them, the fallback
//! manager, the type x group -> manager table, the tier and SLA class rules with their
//! candidates, the weights of open work, and customers' tier and SLA class.

use crate::api::admin::{
    load_routing_setup, AddRoutingCandidate, DeleteRoutingRule, PutRoutingRule,
    RemoveRoutingCandidate, SaveRoutingSettings, SaveRoutingWeights, SetCustomerTerms,
};
use crate::components::form::{ready_marker, FieldError};
use crate::domain::people::Role;
use crate::domain::routing::{Criterion, CustomerTier, RouteReason};
use crate::i18n::use_texts;
use crate::model::{Choice, FormOutcome, RoutingSetup};
use crate::pages::auth::{outcome_errors, Answer, RequestFailure};
use crate::pages::LoadFailed;
use leptos::prelude::*;

#[component]
pub fn RoutingPage() -> impl IntoView {
    let t = use_texts();
    let id = crate::pages::route_id();
    let changed = RwSignal::new(0u32);
    let setup = Resource::new(
        move || (id(), changed.get()),
        |(id, _)| load_routing_setup(id),
    );
    let ready = ready_marker();
    view! {
        <section class="card wide" id="routing" data-ready=ready>
            <Transition fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match setup.await {
                        Ok(s) => view! { <Routing setup=s changed/> }.into_any(),
                        Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn options(choices: &[Choice], chosen: Option<i64>) -> impl IntoView {
    choices
        .iter()
        .map(|c| view! { <option value=c.id.to_string() selected=Some(c.id) == chosen>{c.name.clone()}</option> })
        .collect::<Vec<_>>()
}

#[component]
fn Routing(setup: RoutingSetup, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let save = ServerAction::<SaveRoutingSettings>::new();
    let put = ServerAction::<PutRoutingRule>::new();
    let delete = ServerAction::<DeleteRoutingRule>::new();
    let saved: Answer = Signal::derive(move || save.value().get());
    let rule_answer: Answer = Signal::derive(move || put.value().get());
    let settings_errors = outcome_errors(saved);
    let rule_errors = outcome_errors(rule_answer);
    Effect::new(move |_| {
        let done = |a: Answer| matches!(a.get(), Some(Ok(FormOutcome::Done { .. })));
        if done(rule_answer) || matches!(delete.value().get(), Some(Ok(()))) {
            changed.update(|n| *n += 1);
        }
    });
    let engine = setup.clone();
    let folder_id = setup.folder_id.to_string();
    let rule_folder_id = folder_id.clone();
    let fallback_options = options(&setup.managers, setup.fallback_manager_id);
    let manager_options = options(&setup.managers, None);
    let type_options = options(&setup.case_types, None);
    let group_options = options(&setup.case_groups, None);
    let rule_rows = setup
        .rules
        .clone()
        .into_iter()
        .map(|r| {
            view! {
                <tr data-rule=format!("{} / {}", r.case_type, r.case_group)>
                    <td>{r.case_type.clone()}</td>
                    <td>{r.case_group.clone()}</td>
                    <td>{r.manager.clone()}</td>
                    <td>
                        <ActionForm action=delete attr:class="inline-form">
                            <input type="hidden" name="id" value=r.id.to_string()/>
                            <button type="submit" class="small secondary">{t.remove}</button>
                        </ActionForm>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let initiators = setup.initiator_roles.clone();
    let closer_role = setup.closer_role;
    let staff_roles = [Role::Agent, Role::Manager, Role::Supervisor, Role::Admin];
    view! {
        <p><a href=format!("/admin/folders/{}", setup.folder_id)>{setup.folder_name.clone()}</a></p>
        <h1>{format!("{} — {}", setup.folder_name, t.routing_title)}</h1>
        <ActionForm action=save attr:class="form" attr:id="routing-settings">
            <input type="hidden" name="folder_id" value=folder_id.clone()/>
            <fieldset>
                <legend>{t.initiators}</legend>
                {staff_roles.iter().map(|r| view! {
                    <label class="check">
                        <input type="checkbox" name=format!("initiator_{}", r.code()) checked=initiators.contains(r)/>
                        {t.role(*r)}
                    </label>
                }).collect_view()}
                <FieldError errors=settings_errors field="initiator_roles"/>
            </fieldset>
            <label for="closer_role">{t.closer}</label>
            <select id="closer_role" name="closer_role">
                {staff_roles.iter().map(|r| view! {
                    <option value=r.code() selected=*r == closer_role>{t.role(*r)}</option>
                }).collect_view()}
            </select>
            <FieldError errors=settings_errors field="closer_role"/>
            <label for="fallback_manager_id">{t.fallback_manager}</label>
            <select id="fallback_manager_id" name="fallback_manager_id">
                <option value="">{t.none}</option>
                {fallback_options}
            </select>
            <FieldError errors=settings_errors field="fallback_manager_id"/>
            {move || matches!(saved.get(), Some(Ok(FormOutcome::Done { .. }))).then(|| view! { <p class="notice ok" role="status">{t.saved}</p> })}
            <RequestFailure value=saved/>
            <button type="submit">{t.save}</button>
        </ActionForm>

        <h2>{t.routing_table}</h2>
        <table class="desk" id="routing-rules">
            <thead><tr><th>{t.case_type}</th><th>{t.case_group}</th><th>{t.manager}</th><th></th></tr></thead>
            <tbody>
                {rule_rows}
            </tbody>
        </table>
        <ActionForm action=put attr:class="add-entry" attr:id="routing-rule-form">
            <input type="hidden" name="folder_id" value=rule_folder_id/>
            <label>
                {t.case_type}
                <select name="case_type_id">
                    <option value="">{t.choose}</option>
                    {type_options}
                </select>
            </label>
            <FieldError errors=rule_errors field="case_type_id"/>
            <label>
                {t.case_group}
                <select name="case_group_id">
                    <option value="">{t.choose}</option>
                    {group_options}
                </select>
            </label>
            <FieldError errors=rule_errors field="case_group_id"/>
            <label>
                {t.manager}
                <select name="manager_id">
                    <option value="">{t.choose}</option>
                    {manager_options}
                </select>
            </label>
            <FieldError errors=rule_errors field="manager_id"/>
            <RequestFailure value=rule_answer/>
            <button type="submit">{t.set_rule}</button>
        </ActionForm>
        <RoutingEngine setup=engine changed/>
    }
}

/// SPEC C1: the rules for a customer tier or an SLA class and their candidates, the weights of
/// open work that pick among candidates, and customers' terms.
#[component]
fn RoutingEngine(setup: RoutingSetup, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let add = ServerAction::<AddRoutingCandidate>::new();
    let remove = ServerAction::<RemoveRoutingCandidate>::new();
    let weights = ServerAction::<SaveRoutingWeights>::new();
    let terms = ServerAction::<SetCustomerTerms>::new();
    let added: Answer = Signal::derive(move || add.value().get());
    let weighed: Answer = Signal::derive(move || weights.value().get());
    let termed: Answer = Signal::derive(move || terms.value().get());
    let add_errors = outcome_errors(added);
    let weight_errors = outcome_errors(weighed);
    let terms_errors = outcome_errors(termed);
    Effect::new(move |_| {
        let done = |a: Answer| matches!(a.get(), Some(Ok(FormOutcome::Done { .. })));
        if done(added) || done(termed) || matches!(remove.value().get(), Some(Ok(()))) {
            changed.update(|n| *n += 1);
        }
    });
    let folder_id = setup.folder_id.to_string();
    let weights_folder_id = folder_id.clone();
    let describe = move |c: &Criterion| match c {
        Criterion::Tier(tier) => (t.customer_tier, t.tier(*tier).to_string()),
        Criterion::Sla(class) => (t.sla_class, class.to_string()),
    };
    let pool_rows = setup
        .pools
        .clone()
        .into_iter()
        .map(|p| {
            let (kind, value) = describe(&p.criterion);
            let pool_id = p.pool_id;
            let candidates = p
                .candidates
                .into_iter()
                .map(|c| {
                    view! {
                        <li>
                            {c.name.clone()}
                            <ActionForm action=remove attr:class="inline-form">
                                <input type="hidden" name="pool_id" value=pool_id.to_string()/>
                                <input type="hidden" name="manager_id" value=c.id.to_string()/>
                                <button type="submit" class="small secondary">{t.remove}</button>
                            </ActionForm>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <tr data-pool=format!("{}={}", p.criterion.reason().code(), p.criterion.value())>
                    <td>{kind}</td>
                    <td>{value}</td>
                    <td><ul class="candidates">{candidates}</ul></td>
                </tr>
            }
        })
        .collect_view();
    let customer_rows = setup
        .customers
        .iter()
        .map(|c| {
            view! {
                <tr data-customer=c.email.clone()>
                    <td>{c.name.clone()}</td>
                    <td>{c.email.clone()}</td>
                    <td>{t.tier(c.terms.tier)}</td>
                    <td>{c.terms.sla_class.as_ref().map_or(t.no_sla_class.to_string(), |s| s.to_string())}</td>
                </tr>
            }
        })
        .collect_view();
    let manager_options = options(&setup.managers, None);
    let tiers = [CustomerTier::Standard, CustomerTier::Vip];
    view! {
        <h2>{t.routing_pools}</h2>
        <p class="help">{t.routing_pools_help}</p>
        <table class="desk" id="routing-pools">
            <thead><tr><th>{t.rule_kind}</th><th>{t.rule_value}</th><th>{t.candidates}</th></tr></thead>
            <tbody>{pool_rows}</tbody>
        </table>
        <ActionForm action=add attr:class="add-entry" attr:id="routing-pool-form">
            <input type="hidden" name="folder_id" value=folder_id/>
            <label>
                {t.rule_kind}
                <select name="rule">
                    {tiers.iter().map(|tier| view! {
                        <option value=format!("{}:{}", RouteReason::CustomerTier.code(), tier.code())>
                            {format!("{}: {}", t.customer_tier, t.tier(*tier))}
                        </option>
                    }).collect_view()}
                    <option value=RouteReason::SlaClass.code()>{t.sla_class}</option>
                </select>
            </label>
            <FieldError errors=add_errors field="kind"/>
            <label>{t.sla_class} <input name="sla_class" maxlength="20" placeholder="gold"/></label>
            <FieldError errors=add_errors field="value"/>
            <label>
                {t.manager}
                <select name="manager_id">
                    <option value="">{t.choose}</option>
                    {manager_options}
                </select>
            </label>
            <FieldError errors=add_errors field="manager_id"/>
            <RequestFailure value=added/>
            <button type="submit">{t.add_candidate}</button>
        </ActionForm>

        <h2>{t.work_weights}</h2>
        <ActionForm action=weights attr:class="form" attr:id="routing-weights">
            <input type="hidden" name="folder_id" value=weights_folder_id/>
            <label for="case_weight">{t.case_weight}</label>
            <input id="case_weight" name="case_weight" type="number" min="0" max="100"
                value=setup.weights.open_case.to_string()/>
            <FieldError errors=weight_errors field="case_weight"/>
            <label for="task_weight">{t.task_weight}</label>
            <input id="task_weight" name="task_weight" type="number" min="0" max="100"
                value=setup.weights.open_task.to_string()/>
            <FieldError errors=weight_errors field="task_weight"/>
            {move || matches!(weighed.get(), Some(Ok(FormOutcome::Done { .. }))).then(|| view! { <p class="notice ok" role="status">{t.saved}</p> })}
            <RequestFailure value=weighed/>
            <button type="submit">{t.save}</button>
        </ActionForm>

        <h2>{t.customer_terms}</h2>
        <p class="help">{t.customer_terms_help}</p>
        <table class="desk" id="customer-terms">
            <thead><tr><th>{t.customer}</th><th>{t.email}</th><th>{t.customer_tier}</th><th>{t.sla_class}</th></tr></thead>
            <tbody>{customer_rows}</tbody>
        </table>
        <ActionForm action=terms attr:class="add-entry" attr:id="customer-terms-form">
            <label>{t.customer_email} <input name="email" type="email" required/></label>
            <FieldError errors=terms_errors field="email"/>
            <label>
                {t.customer_tier}
                <select name="tier">
                    {tiers.iter().map(|tier| view! { <option value=tier.code()>{t.tier(*tier)}</option> }).collect_view()}
                </select>
            </label>
            <FieldError errors=terms_errors field="tier"/>
            <label>{t.sla_class} <input name="sla_class" maxlength="20"/></label>
            <FieldError errors=terms_errors field="sla_class"/>
            <RequestFailure value=termed/>
            <button type="submit">{t.set_terms}</button>
        </ActionForm>
    }
}
