//! SPEC J4: the standing reports, each a pivot of the chosen period, printable (print CSS):
//! cases per state, cases handled per employee, the regulator's monthly report per channel
//! (seeds/002), and the top causes with the share answered in time.

use super::{grid_href, shown, use_search, AnalysisNav, RangeFields};
use crate::api::analysis::analysis_pivot;
use crate::domain::analysis::{query_string, Axis, CaseFilter, Measure};
use crate::i18n::use_texts;
use crate::model::PivotView;
use crate::pages::LoadFailed;
use leptos::prelude::*;

/// The causes the top-causes report lists.
const TOP_CAUSES: usize = 10;

#[component]
pub fn ReportsPage() -> impl IntoView {
    let t = use_texts();
    let search = use_search();
    let range = Memo::new(move |_| {
        let s = search.get();
        let pairs: Vec<(String, String)> = s
            .trim_start_matches('?')
            .split('&')
            .filter_map(|p| p.split_once('='))
            .filter(|(k, _)| matches!(*k, "from" | "to" | "folder"))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        pairs
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    });
    let report = move |axes: &'static str| {
        Resource::new(
            move || range.get(),
            move |r| analysis_pivot(format!("{axes}&{r}")),
        )
    };
    let states = report("rows=state&measure=count");
    let people = report("rows=manager&cols=state&measure=count");
    let monthly = report("rows=filed_month&cols=channel&measure=count");
    let causes = report("rows=cause&measure=in_time");
    view! {
        <section class="card wide analysis reports">
            <AnalysisNav/>
            <div class="title-row">
                <h1>{t.an_reports}</h1>
                <button type="button" class="no-print" onclick="window.print()">{t.an_print}</button>
            </div>
            <Transition fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match states.await {
                        Ok(p) => view! {
                            <form class="filters no-print" method="get" action="/analysis/reports">
                                <RangeFields filter=p.query.filter.clone() folders=p.folders.clone()/>
                                <button type="submit">{t.an_show}</button>
                            </form>
                            <Report title=t.an_r_states p measure=Measure::Count id="report-states"/>
                        }.into_any(),
                        Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                    }
                })}
            </Transition>
            <Transition fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match people.await { Ok(p) => view! { <Report title=t.an_r_employees p measure=Measure::Count id="report-employees"/> }.into_any(), Err(e) => view! { <LoadFailed error=e/> }.into_any() }
                })}
            </Transition>
            <Transition fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match monthly.await { Ok(p) => view! { <Report title=t.an_r_monthly p measure=Measure::Count id="report-monthly"/> }.into_any(), Err(e) => view! { <LoadFailed error=e/> }.into_any() }
                })}
            </Transition>
            <Transition fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match causes.await { Ok(p) => view! { <TopCauses p/> }.into_any(), Err(e) => view! { <LoadFailed error=e/> }.into_any() }
                })}
            </Transition>
        </section>
    }
}

/// A report's table: the pivot's rows against its columns, with totals; every figure links to
/// its cases.
#[component]
fn Report(title: &'static str, p: PivotView, measure: Measure, id: &'static str) -> impl IntoView {
    let t = use_texts();
    let q = p.query.clone();
    let cols = q.cols;
    let cell_href = move |row: &str, col: Option<&str>| -> String {
        let f: CaseFilter = q.filter.with(q.rows, row);
        grid_href(&match (cols, col) {
            (Some(axis), Some(c)) => f.with(axis, c),
            _ => f,
        })
    };
    view! {
        <section class="report" id=id>
            <h2>{title}</h2>
            {if p.rows.is_empty() {
                view! { <p class="empty">{t.an_empty}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="pivot">
                            <thead>
                                <tr>
                                    <th scope="col">{t.axis(p.query.rows)}</th>
                                    {cols.map(|_| p.cols.iter().map(|c| view! { <th scope="col" class="num">{c.label.clone()}</th> }).collect_view())}
                                    <th scope="col" class="num">{t.an_total}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {p.rows.iter().zip(&p.cells).zip(&p.row_totals).map(|((r, cells), total)| {
                                    let row = r.filter_value();
                                    view! {
                                        <tr>
                                            <th scope="row">{r.label.clone()}</th>
                                            {cols.map(|_| cells.iter().zip(&p.cols).map(|(f, c)| view! {
                                                <td class="num"><a href=cell_href(&row, Some(&c.filter_value()))>{shown(f, measure)}</a></td>
                                            }).collect_view())}
                                            <td class="num total"><a href=cell_href(&row, None)>{shown(total, measure)}</a></td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                            <tfoot>
                                <tr>
                                    <th scope="row">{t.an_total}</th>
                                    {cols.map(|_| p.col_totals.iter().map(|f| view! { <td class="num total">{shown(f, measure)}</td> }).collect_view())}
                                    <td class="num total">{shown(&p.total, measure)}</td>
                                </tr>
                            </tfoot>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// The causes with most cases, each with its count and its share answered in time.
#[component]
fn TopCauses(p: PivotView) -> impl IntoView {
    let t = use_texts();
    let filter = p.query.filter.clone();
    view! {
        <section class="report" id="report-causes">
            <h2>{t.an_r_causes}</h2>
            <table class="pivot">
                <thead>
                    <tr>
                        <th scope="col">{t.axis(Axis::Cause)}</th>
                        <th scope="col" class="num">{t.an_m_count}</th>
                        <th scope="col" class="num">{t.an_m_in_time}</th>
                    </tr>
                </thead>
                <tbody>
                    {p.rows.iter().zip(&p.row_totals).take(TOP_CAUSES).map(|(r, f)| {
                        let href = format!("/analysis/grid?{}", query_string(&filter.with(Axis::Cause, &r.filter_value()).to_query()));
                        view! {
                            <tr>
                                <th scope="row"><a href=href>{r.label.clone()}</a></th>
                                <td class="num">{shown(f, Measure::Count)}</td>
                                <td class="num">{shown(f, Measure::InTimeShare)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
