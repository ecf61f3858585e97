//! The analysis screens (SPEC J1-J5): the pivot with its charts here; the history grid, the
//! reports and the improvement plan in the submodules. Every screen keeps its choices in the
//! URL (GET forms), so a view is a bookmark and works before the WASM has loaded.

pub mod grid;
pub mod improvements;
pub mod reports;

use crate::api::analysis::{analysis_chart, analysis_pivot};
use crate::domain::analysis::{query_string, Axis, CaseFilter, Figures, Measure};
use crate::i18n::{use_texts, Texts};
use crate::model::{FolderChoice, PivotView};
use crate::pages::LoadFailed;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The links between the analysis screens.
#[component]
pub fn AnalysisNav() -> impl IntoView {
    let t = use_texts();
    view! {
        <nav class="subnav" aria-label=t.an_title>
            <a href="/analysis">{t.an_pivot}</a>
            <a href="/analysis/grid">{t.an_grid}</a>
            <a href="/analysis/reports">{t.an_reports}</a>
            <a href="/analysis/improvements">{t.an_improvements}</a>
        </nav>
    }
}

/// A measure's value as people read it: counts whole, days with one decimal, shares in percent.
pub fn shown(f: &Figures, measure: Measure) -> String {
    match f.value(measure) {
        None => "—".into(),
        Some(v) => match measure {
            Measure::Count => format!("{v:.0}"),
            Measure::MeanDays | Measure::MedianDays => format!("{v:.1}"),
            Measure::InTimeShare | Measure::ReopenedShare => format!("{v:.1} %"),
        },
    }
}

/// The grid of the cases behind a cell: the pivot's filter narrowed to its values.
pub fn grid_href(filter: &CaseFilter) -> String {
    format!("/analysis/grid?{}", query_string(&filter.to_query()))
}

/// The query string of the page being shown, as the server functions take it.
pub fn use_search() -> Memo<String> {
    let location = use_location();
    Memo::new(move |_| location.search.get())
}

/// The date range and folder inputs every analysis form shares.
#[component]
pub fn RangeFields(filter: CaseFilter, folders: Vec<FolderChoice>) -> impl IntoView {
    let t = use_texts();
    let folder = filter.folder_id;
    view! {
        <label>
            {t.an_from}
            <input type="date" name="from" value=filter.from.clone().unwrap_or_default()/>
        </label>
        <label>
            {t.an_to}
            <input type="date" name="to" value=filter.to.clone().unwrap_or_default()/>
        </label>
        <label>
            {t.folder}
            <select name="folder">
                <option value="">{t.an_all_folders}</option>
                {folders.into_iter().map(|f| view! {
                    <option value=f.id.to_string() selected=folder == Some(f.id)>{f.name}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

fn axis_options(t: &'static Texts, chosen: Option<Axis>) -> impl IntoView {
    Axis::ALL
        .iter()
        .map(|a| view! { <option value=a.code() selected=chosen == Some(*a)>{t.axis(*a)}</option> })
        .collect_view()
}

#[component]
pub fn AnalysisPage() -> impl IntoView {
    let t = use_texts();
    let search = use_search();
    let pivot = Resource::new(move || search.get(), analysis_pivot);
    view! {
        <section class="card wide analysis">
            <AnalysisNav/>
            <h1>{t.an_pivot}</h1>
            <Transition fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match pivot.await {
                        Ok(p) => view! { <Pivot p/> }.into_any(),
                        Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Pivot(p: PivotView) -> impl IntoView {
    let t = use_texts();
    let q = p.query.clone();
    let measure = q.measure;
    // Drill-down values already in the filter travel with the form.
    let kept: Vec<(String, String)> = q
        .filter
        .to_query()
        .into_iter()
        .filter(|(k, _)| k.starts_with("f.") || k.starts_with("x.") || k == "q")
        .collect();
    let col_axis = q.cols;
    let head = p.cols.clone();
    let body = p
        .rows
        .iter()
        .zip(&p.cells)
        .zip(&p.row_totals)
        .map(|((row, cells), total)| {
            let row_filter = q.filter.with(q.rows, &row.filter_value());
            let cells = cells
                .iter()
                .zip(&p.cols)
                .map(|(f, col)| {
                    let filter = match col_axis {
                        Some(axis) => row_filter.with(axis, &col.filter_value()),
                        None => row_filter.clone(),
                    };
                    view! { <td class="num"><a href=grid_href(&filter)>{shown(f, measure)}</a></td> }
                })
                .collect_view();
            let with_total = col_axis.is_some().then(|| view! { <td class="num total">{shown(total, measure)}</td> });
            view! {
                <tr>
                    <th scope="row">{row.label.clone()}</th>
                    {cells}
                    {with_total}
                </tr>
            }
        })
        .collect_view();
    let empty = p.rows.is_empty();
    let search = query_string(&q.filter.to_query());
    let rows_axis = q.rows;
    view! {
        <form class="filters" method="get" action="/analysis" id="pivot-form">
            <label>
                {t.an_rows}
                <select name="rows">{axis_options(t, Some(q.rows))}</select>
            </label>
            <label>
                {t.an_cols}
                <select name="cols">
                    <option value="">{t.an_no_cols}</option>
                    {axis_options(t, q.cols)}
                </select>
            </label>
            <label>
                {t.an_measure}
                <select name="measure">
                    {Measure::ALL.iter().map(|m| view! {
                        <option value=m.code() selected=*m == measure>{t.measure(*m)}</option>
                    }).collect_view()}
                </select>
            </label>
            <RangeFields filter=q.filter.clone() folders=p.folders.clone()/>
            {kept.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v/> }).collect_view()}
            <button type="submit">{t.an_show}</button>
        </form>
        {if empty {
            view! { <p class="empty">{t.an_empty}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="pivot" id="pivot">
                        <caption>{format!("{} — {}", t.measure(measure), t.axis(q.rows))}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t.axis(q.rows)}</th>
                                {head.iter().map(|c| view! {
                                    <th scope="col" class="num">{if col_axis.is_some() { c.label.clone() } else { t.measure(measure).to_string() }}</th>
                                }).collect_view()}
                                {col_axis.is_some().then(|| view! { <th scope="col" class="num">{t.an_total}</th> })}
                            </tr>
                        </thead>
                        <tbody>{body}</tbody>
                        <tfoot>
                            <tr>
                                <th scope="row">{t.an_total}</th>
                                {p.col_totals.iter().map(|f| view! { <td class="num total">{shown(f, measure)}</td> }).collect_view()}
                                {col_axis.is_some().then(|| view! { <td class="num total" id="pivot-total">{shown(&p.total, measure)}</td> })}
                            </tr>
                        </tfoot>
                    </table>
                </div>
                <Charts search axis=rows_axis/>
            }.into_any()
        }}
    }
}

/// SPEC J2: the three charts of the pivot's cases.
#[component]
fn Charts(search: String, axis: Axis) -> impl IntoView {
    let t = use_texts();
    view! {
        <p class="muted">{t.an_chart_hint}</p>
        <div class="charts">
            <Chart search=search.clone() kind="bars" axis title=t.an_chart_bars/>
            <Chart search=search.clone() kind="monthly" axis title=t.an_chart_monthly/>
            <Chart search kind="share" axis title=t.an_chart_share/>
        </div>
    }
}

#[component]
pub fn Chart(search: String, kind: &'static str, axis: Axis, title: &'static str) -> impl IntoView {
    let t = use_texts();
    let chart = Resource::new(
        move || (search.clone(), axis),
        move |(s, a)| analysis_chart(s, kind.to_string(), a.code().to_string()),
    );
    view! {
        <figure class="chart" id=format!("chart-{kind}")>
            <figcaption>{title}</figcaption>
            <Transition fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match chart.await {
                        Ok(c) => view! {
                            <div class="chart-drawing" inner_html=c.svg></div>
                            <table class="chart-data">
                                <caption>{t.an_chart_table}</caption>
                                <thead><tr><th scope="col">{t.an_value}</th><th scope="col" class="num">{t.an_cases}</th></tr></thead>
                                <tbody>
                                    {c.points.into_iter().map(|(label, value, href)| view! {
                                        <tr><th scope="row"><a href=href>{label}</a></th><td class="num">{value}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
                        Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </figure>
    }
}
