//! SPEC J3: the history grid: chosen and ordered columns, filters, sorting, cursor pages, saved
//! views, and exports followed until their file is ready.

use super::{use_search, AnalysisNav, RangeFields};
use crate::api::analysis::{analysis_grid, delete_grid_view, export_progress, start_export};
use crate::components::form::{go_to, FieldError};
use crate::domain::analysis::ExportState;
use crate::domain::analysis::{query_string, Axis, Column, GridSpec, Sort, NOT_SET};
use crate::domain::case::{CaseState, Channel, DocumentClass};
use crate::i18n::use_texts;
use crate::model::FormOutcome;
use crate::model::{Cell, ExportView, GridView};
use crate::pages::auth::{outcome_errors, Answer, RequestFailure};
use crate::pages::LoadFailed;
use leptos::prelude::*;

fn href(spec: &GridSpec) -> String {
    format!("/analysis/grid?{}", query_string(&spec.to_query()))
}

#[component]
pub fn GridPage() -> impl IntoView {
    let t = use_texts();
    let search = use_search();
    let grid = Resource::new(move || search.get(), analysis_grid);
    view! {
        <section class="card wide analysis">
            <AnalysisNav/>
            <h1>{t.an_grid}</h1>
            <Transition fallback=move || view! { <p>{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match grid.await {
                        Ok(g) => view! { <Grid g search=search.get_untracked()/> }.into_any(),
                        Err(e) => view! { <LoadFailed error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Grid(g: GridView, search: String) -> impl IntoView {
    let t = use_texts();
    let spec = g.spec.clone();
    // An axis with one value in the filter is shown by its select; with several (from a chart
    // or an improvement action), as removable chips.
    let values_of = |axis: Axis| -> Vec<String> {
        spec.filter
            .equals
            .iter()
            .filter(|(a, _)| *a == axis)
            .map(|(_, v)| {
                if v.is_empty() {
                    NOT_SET.to_string()
                } else {
                    v.clone()
                }
            })
            .collect()
    };
    let single = |axis: Axis| -> String {
        match values_of(axis).as_slice() {
            [one] => one.clone(),
            _ => String::new(),
        }
    };
    let (state_now, channel_now, class_now) = (
        single(Axis::State),
        single(Axis::Channel),
        single(Axis::Class),
    );
    let in_select: Vec<String> = [Axis::State, Axis::Channel, Axis::Class]
        .into_iter()
        .chain(g.choices.iter().map(|(a, _)| *a))
        .filter(|a| values_of(*a).len() == 1)
        .map(|a| format!("f.{}", a.code()))
        .collect();
    let kept: Vec<(String, String, String)> = g
        .active
        .iter()
        .filter(|(k, _, _)| !in_select.contains(k))
        .cloned()
        .collect();
    let chips = kept
        .iter()
        .map(|(k, v, text)| {
            let mut without = spec.clone();
            match k.strip_prefix("x.").and_then(|id| id.parse::<i64>().ok()) {
                Some(id) => without.filter.fields.retain(|(f, _)| *f != id),
                None => without.filter.equals.retain(|(a, val)| {
                    let val = if val.is_empty() { NOT_SET } else { val.as_str() };
                    format!("f.{}", a.code()) != *k || val != v
                }),
            }
            view! { <li class="chip">{text.clone()}" "<a href=href(&without) aria-label=format!("{} {text}", t.an_delete)>"✕"</a></li> }
        })
        .collect_view();
    let catalog_selects = g
        .choices
        .iter()
        .filter(|(a, values)| !values.is_empty() && values_of(*a).len() <= 1)
        .map(|(axis, values)| {
            let now = single(*axis);
            let not_set = now == NOT_SET;
            view! {
                <label>
                    {t.axis(*axis)}
                    <select name=format!("f.{}", axis.code())>
                        <option value="">{t.any}</option>
                        <option value=NOT_SET selected=not_set>{t.an_not_set}</option>
                        {values.iter().map(|v| {
                            let key = v.filter_value();
                            let selected = key == now;
                            view! { <option value=key selected=selected>{v.label.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
            }
        })
        .collect_view();
    let chosen: Vec<Column> = spec.columns.clone();
    let mut listed: Vec<(Column, String)> = chosen
        .iter()
        .filter_map(|c| g.available.iter().find(|(a, _)| a == c).cloned())
        .collect();
    listed.extend(
        g.available
            .iter()
            .filter(|(c, _)| !chosen.contains(c))
            .cloned(),
    );
    let sort_options = Column::BASIC
        .iter()
        .filter(|c| c.sortable())
        .flat_map(|c| [(*c, false), (*c, true)])
        .map(|(c, descending)| {
            let label = g
                .available
                .iter()
                .find(|(a, _)| *a == c)
                .map(|(_, l)| l.clone())
                .unwrap_or_default();
            let value = format!("{}{c}", if descending { "-" } else { "" });
            let selected = spec.sort == Sort { column: c, descending };
            view! {
                <option value=value selected=selected>
                    {format!("{label} ({})", if descending { t.an_descending } else { t.an_ascending })}
                </option>
            }
        })
        .collect_view();
    let moves = |i: usize, by: isize| {
        let j = i as isize + by;
        (j >= 0 && (j as usize) < chosen.len()).then(|| {
            let mut s = spec.clone();
            s.columns.swap(i, j as usize);
            href(&s)
        })
    };
    let headings = g
        .columns
        .iter()
        .enumerate()
        .map(|(i, (c, label))| {
            let sort_link = c.sortable().then(|| {
                let mut s = spec.clone();
                s.sort = Sort {
                    column: *c,
                    descending: !(spec.sort.column == *c && spec.sort.descending),
                };
                href(&s)
            });
            let left = moves(i, -1);
            let right = moves(i, 1);
            view! {
                <th scope="col" data-column=c.to_string()>
                    {match sort_link {
                        Some(h) => view! { <a href=h>{label.clone()}</a> }.into_any(),
                        None => view! { <span>{label.clone()}</span> }.into_any(),
                    }}
                    <span class="col-moves">
                        {left.map(|h| view! { <a href=h aria-label=format!("{} {label}", t.an_move_left)>"‹"</a> })}
                        {right.map(|h| view! { <a href=h aria-label=format!("{} {label}", t.an_move_right)>"›"</a> })}
                    </span>
                </th>
            }
        })
        .collect_view();
    let rows = g
        .rows
        .iter()
        .map(|r| {
            let number = r.number.clone();
            let cells = g
                .columns
                .iter()
                .zip(&r.cells)
                .map(|((c, _), cell)| match (c, cell) {
                    (Column::Number, _) => {
                        view! { <td><a href=format!("/cases/{number}")>{number.clone()}</a></td> }
                            .into_any()
                    }
                    (_, Cell::Number(_)) => view! { <td class="num">{cell.text()}</td> }.into_any(),
                    _ => view! { <td>{cell.text()}</td> }.into_any(),
                })
                .collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    let next = g.next.clone().map(|cursor| {
        let mut q = spec.to_query();
        q.push(("after".into(), cursor));
        format!("/analysis/grid?{}", query_string(&q))
    });
    let paged = search.contains("after=");
    let empty = g.rows.is_empty();
    let cols_value = spec
        .columns
        .iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(",");
    view! {
        <form class="filters grid-filters" method="get" action="/analysis/grid" id="grid-form">
            <label>
                {t.an_search}
                <input type="search" name="q" value=spec.filter.text.clone()/>
            </label>
            <RangeFields filter=spec.filter.clone() folders=g.folders.clone()/>
            <label>
                {t.state}
                <select name="f.state">
                    <option value="">{t.any}</option>
                    {CaseState::ALL.iter().filter(|s| **s != CaseState::Draft).map(|s| view! {
                        <option value=s.code() selected=state_now == s.code()>{t.state(*s)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>
                {t.channel}
                <select name="f.channel">
                    <option value="">{t.any}</option>
                    {Channel::ALL.iter().map(|c| view! {
                        <option value=c.code() selected=channel_now == c.code()>{t.channel(*c)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>
                {t.class}
                <select name="f.class">
                    <option value="">{t.any}</option>
                    {DocumentClass::ALL.iter().map(|c| view! {
                        <option value=c.code() selected=class_now == c.code()>{t.class(*c)}</option>
                    }).collect_view()}
                </select>
            </label>
            {catalog_selects}
            {g.available.iter().any(|(c, _)| matches!(c, Column::Field(_))).then(|| view! {
                <label>
                    {t.an_filter_field}
                    <select name="xf">
                        <option value="">{t.choose}</option>
                        {g.available.iter().filter_map(|(c, l)| match c {
                            Column::Field(id) => Some(view! { <option value=id.to_string()>{l.clone()}</option> }),
                            _ => None,
                        }).collect_view()}
                    </select>
                    <input type="text" name="xv" aria-label=t.an_value/>
                </label>
            })}
            <label>
                {t.an_sort}
                <select name="sort">{sort_options}</select>
            </label>
            {kept.iter().map(|(k, v, _)| view! { <input type="hidden" name=k.clone() value=v.clone()/> }).collect_view()}
            <details class="columns">
                <summary>{t.an_columns}</summary>
                {listed.into_iter().map(|(c, label)| view! {
                    <label class="check"><input type="checkbox" name="col" value=c.to_string() checked=chosen.contains(&c)/>{label}</label>
                }).collect_view()}
            </details>
            <button type="submit">{t.an_apply}</button>
        </form>
        {(!kept.is_empty()).then(|| view! { <ul class="chips">{chips}</ul> })}
        <p id="grid-total" data-total=g.total.to_string()>{format!("{} {}", g.total, t.an_count_of)}</p>
        <Exports search=search.clone()/>
        {if empty {
            view! { <p class="empty">{t.an_empty}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="desk grid" id="grid" data-cols=cols_value>
                        <thead><tr>{headings}</tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <nav class="pager">
            {paged.then(|| view! { <a href=href(&spec)>{t.an_first_page}</a> })}
            {next.map(|h| view! { <a href=h rel="next" id="grid-next">{t.an_next_page}</a> })}
        </nav>
        <SavedViews g=g.clone() search/>
    }
}

#[component]
fn SavedViews(g: GridView, search: String) -> impl IntoView {
    let t = use_texts();
    let save = ServerAction::<crate::api::analysis::SaveGridView>::new();
    let answer: Answer = Signal::derive(move || save.value().get());
    let errors = outcome_errors(answer);
    Effect::new(move |_| {
        if let Some(Ok(FormOutcome::Done { go_to: path })) = answer.get() {
            go_to(&path);
        }
    });
    let delete = Action::new(|id: &i64| delete_grid_view(*id));
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            go_to("/analysis/grid");
        }
    });
    view! {
        <section class="saved-views" aria-labelledby="views-title">
            <h2 id="views-title">{t.an_views}</h2>
            <ul>
                {g.views.into_iter().map(|v| {
                    let id = v.id;
                    view! {
                        <li>
                            <a href=format!("/analysis/grid?{}", v.query)>{v.name.clone()}</a>
                            {(!v.mine).then(|| format!(" ({} {})", t.an_view_by, v.owner_name))}
                            {v.mine.then(|| view! {
                                <button type="button" class="link" on:click=move |_| { delete.dispatch(id); }>{t.an_delete}</button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <ActionForm action=save attr:class="form" attr:id="save-view-form">
                <input type="hidden" name="search" value=search/>
                <label>
                    {t.an_view_name}
                    <input type="text" name="name" maxlength="80"/>
                </label>
                <FieldError errors field="name"/>
                <label class="check"><input type="checkbox" name="shared" value="1"/>{t.an_view_shared}</label>
                <RequestFailure value=answer/>
                <button type="submit">{t.an_view_save}</button>
            </ActionForm>
        </section>
    }
}

/// The export buttons and, once one runs, its progress and then its file.
#[component]
fn Exports(search: String) -> impl IntoView {
    let t = use_texts();
    let started =
        Action::new(move |format: &&'static str| start_export(search.clone(), format.to_string()));
    let tick = RwSignal::new(0u32);
    let progress = Resource::new(
        move || (started.value().get(), tick.get()),
        |(id, _)| async move {
            match id {
                Some(Ok(id)) => Some(export_progress(id).await),
                _ => None,
            }
        },
    );
    // Ask again every second while the export is queued or running.
    Effect::new(move |_| {
        if let Some(Some(Ok(ExportView {
            state: ExportState::Queued | ExportState::Running,
            ..
        }))) = progress.get()
        {
            set_timeout(
                move || tick.update(|n| *n += 1),
                std::time::Duration::from_millis(1000),
            );
        }
    });
    view! {
        <div class="exports" id="exports">
            <button type="button" id="export-xlsx" on:click=move |_| { started.dispatch("xlsx"); }>{t.an_export_xlsx}</button>
            <button type="button" id="export-csv" on:click=move |_| { started.dispatch("csv"); }>{t.an_export_csv}</button>
            <div aria-live="polite">
                {move || match progress.get().flatten() {
                    Some(Ok(e)) => Some(match e.state {
                        ExportState::Done => view! {
                            <a class="button" id="export-file" href=format!("/analysis/exports/{}/file", e.id) download>
                                {format!("{} ({} {})", t.an_export_done, e.written, t.an_rows_written)}
                            </a>
                        }.into_any(),
                        ExportState::Failed => view! { <p class="notice" role="alert">{t.an_export_failed}</p> }.into_any(),
                        _ => view! {
                            <p>
                                {t.an_export_running}" "
                                <progress max=e.total.unwrap_or(0).max(1).to_string() value=e.written.to_string()></progress>
                                {format!(" {} / {}", e.written, e.total.map(|n| n.to_string()).unwrap_or_default())}
                            </p>
                        }.into_any(),
                    }),
                    Some(Err(e)) => Some(view! { <p class="notice" role="alert">{crate::components::form::failure_text(&e)}</p> }.into_any()),
                    None => None,
                }}
            </div>
        </div>
    }
}
