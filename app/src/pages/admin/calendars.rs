//! The company's own business calendars (SPEC G1): a calendar on a country's holidays with its
//! own time zone and hours, and the days the company works or closes against it.

use crate::api::deadlines::{load_calendars, CreateCalendar, RemoveCalendarDay, SetCalendarDay};
use crate::components::form::{ready_marker, FieldError};
use crate::i18n::use_texts;
use crate::model::CalendarView;
use crate::pages::auth::{outcome_errors, reload_on_done, Answer, RequestFailure};
use crate::pages::LoadFailed;
use leptos::prelude::*;

#[component]
pub fn CalendarsPage() -> impl IntoView {
    let t = use_texts();
    let changed = RwSignal::new(0u32);
    let list = Resource::new(move || changed.get(), |_| load_calendars());
    let ready = ready_marker();
    view! {
        <section class="card wide" id="calendars" data-ready=ready>
            <p><a href="/admin">{t.back_to_admin}</a></p>
            <h1>{t.calendars_title}</h1>
            <p class="hint">{t.calendars_hint}</p>
            <Transition fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) => list
                            .into_iter()
                            .map(|c| view! { <Calendar calendar=c changed/> })
                            .collect_view()
                            .into_any(),
                        Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                    }
                })}
            </Transition>
            <NewCalendar changed/>
        </section>
    }
}

#[component]
fn Calendar(calendar: CalendarView, changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let set = ServerAction::<SetCalendarDay>::new();
    let remove = ServerAction::<RemoveCalendarDay>::new();
    let answer: Answer = Signal::derive(move || set.value().get());
    let errors = outcome_errors(answer);
    reload_on_done(answer, changed);
    Effect::new(move |_| {
        if matches!(remove.value().get(), Some(Ok(()))) {
            changed.update(|n| *n += 1);
        }
    });
    let code = calendar.code.clone();
    let days = calendar
        .days
        .iter()
        .map(|d| {
            let (code, day) = (code.clone(), d.day.clone());
            view! {
                <li data-day=d.day.clone() data-open=d.open.to_string()>
                    <time>{d.day.clone()}</time>
                    " · "
                    {if d.open { t.calendar_day_open } else { t.calendar_day_closed }}
                    {d.note.clone().map(|n| format!(" · {n}"))}
                    " "
                    <button type="button" class="link" on:click=move |_| {
                        remove.dispatch(RemoveCalendarDay { calendar: code.clone(), day: day.clone() });
                    }>{t.remove}</button>
                </li>
            }
        })
        .collect_view();
    let form_id = format!("day-form-{}", calendar.code);
    let title = format!("{} · {}", calendar.code, calendar.name);
    let facts = format!(
        "{}{} · {}–{}",
        calendar
            .country
            .as_ref()
            .map(|c| format!("{} {c} · ", t.calendar_country))
            .unwrap_or_default(),
        calendar.time_zone,
        calendar.opening,
        calendar.closing
    );
    let hidden_code = calendar.code.clone();
    view! {
        <article class="calendar" data-calendar=calendar.code>
            <h2>{title}</h2>
            <p>{facts}</p>
            <ul class="calendar-days">{days}</ul>
            <ActionForm action=set attr:class="form inline-form" attr:id=form_id>
                <input type="hidden" name="calendar" value=hidden_code/>
                <label>{t.calendar_day_label}<input type="date" name="day"/></label>
                <FieldError errors field="day"/>
                <label>{t.calendar_day_kind}
                    <select name="kind">
                        <option value="closed">{t.calendar_day_closed}</option>
                        <option value="open">{t.calendar_day_open}</option>
                    </select>
                </label>
                <label>{t.calendar_note}<input name="note"/></label>
                <FieldError errors field="note"/>
                <RequestFailure value=answer/>
                <button type="submit" class="secondary">{t.calendar_add_day}</button>
            </ActionForm>
        </article>
    }
}

/// Outside the list's reload, so a refused form keeps what was typed.
#[component]
fn NewCalendar(changed: RwSignal<u32>) -> impl IntoView {
    let t = use_texts();
    let create = ServerAction::<CreateCalendar>::new();
    let answer: Answer = Signal::derive(move || create.value().get());
    let errors = outcome_errors(answer);
    reload_on_done(answer, changed);
    view! {
        <h2>{t.calendar_new}</h2>
        <ActionForm action=create attr:class="form" attr:id="calendar-form">
            <label for="cal-code">{t.calendar_code}</label>
            <input id="cal-code" name="code"/>
            <FieldError errors field="code"/>
            <label for="cal-name">{t.calendar_name}</label>
            <input id="cal-name" name="name"/>
            <FieldError errors field="name"/>
            <label for="cal-country">{t.calendar_country}</label>
            <select id="cal-country" name="country">
                <option value="">{t.calendar_no_country}</option>
                {["CO", "CL", "ES", "PL", "MX", "PE"].map(|c| view! { <option value=c>{c}</option> }).collect_view()}
            </select>
            <FieldError errors field="country"/>
            <label for="cal-tz">{t.calendar_time_zone}</label>
            <input id="cal-tz" name="time_zone" value="America/Bogota"/>
            <FieldError errors field="time_zone"/>
            <label for="cal-opening">{t.calendar_opening}</label>
            <input id="cal-opening" name="opening" type="time" value="08:00"/>
            <FieldError errors field="opening"/>
            <label for="cal-closing">{t.calendar_closing}</label>
            <input id="cal-closing" name="closing" type="time" value="17:00"/>
            <FieldError errors field="closing"/>
            <RequestFailure value=answer/>
            <button type="submit">{t.calendar_create}</button>
        </ActionForm>
    }
}
