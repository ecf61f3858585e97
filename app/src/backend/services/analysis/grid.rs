//! The history grid (SPEC J3): the filtered cases in pages, with the columns the user chose,
//! each cell typed and named in the reader's language. The export writes the same cells.

use super::{analyst, axis_labels, filed_between, folder_choices, month_label, views, Analyst};
use crate::backend::display::format_time;
use crate::backend::store::analysis::{self as store, GridRow};
use crate::backend::store::users;
use crate::backend::{AppError, AppState};
use crate::domain::analysis::{Axis, Column, GridCursor, GridSpec, NOT_SET};
use crate::domain::people::Role;
use crate::i18n::Locale;
use crate::model::{AxisValue, Cell, GridRowView, GridView, Viewer};
use sqlx::AnyConnection;
use std::collections::HashMap;

pub const PAGE: i64 = 50;

/// A column's heading in the reader's language; extra fields by their label.
pub fn heading(locale: Locale, column: Column, fields: &HashMap<i64, String>) -> String {
    let t = locale.texts();
    match column {
        Column::Number => t.number.into(),
        Column::Subject => t.subject.into(),
        Column::Customer => t.customer.into(),
        Column::Axis(a) => t.axis(a).into(),
        Column::FiledAt => t.an_filed_at.into(),
        Column::ClosedAt => t.an_closed_at.into(),
        Column::ResolutionDays => t.an_days.into(),
        Column::InTime => t.an_in_time.into(),
        Column::Reopened => t.an_reopened.into(),
        Column::Field(id) => fields.get(&id).cloned().unwrap_or_else(|| format!("#{id}")),
    }
}

/// Turns a page of rows into cells, naming catalog entries, people and folders with one query
/// per kind for the whole page.
pub struct Cells {
    locale: Locale,
    tz: chrono_tz::Tz,
    names: HashMap<Axis, HashMap<Option<i64>, String>>,
}

impl Cells {
    pub async fn for_rows(
        conn: &mut AnyConnection,
        state: &AppState,
        locale: Locale,
        columns: &[Column],
        rows: &[GridRow],
    ) -> Result<Cells, AppError> {
        let mut names = HashMap::new();
        for column in columns {
            let Column::Axis(axis) = *column else {
                continue;
            };
            let mut keys: Vec<Option<i64>> = rows
                .iter()
                .filter_map(|r| r.ids.iter().find(|(a, _)| *a == axis).map(|(_, id)| *id))
                .collect();
            keys.sort_unstable();
            keys.dedup();
            if keys.is_empty() || matches!(axis, Axis::FiledMonth | Axis::ClosedMonth) {
                continue;
            }
            let as_text: Vec<Option<String>> =
                keys.iter().map(|k| k.map(|k| k.to_string())).collect();
            let labels = axis_labels(conn, locale, axis, &as_text).await?;
            names.insert(axis, keys.into_iter().zip(labels).collect());
        }
        Ok(Cells {
            locale,
            tz: state.config.time_zone,
            names,
        })
    }

    pub fn row(&self, columns: &[Column], fields: &[i64], row: &GridRow) -> Vec<Cell> {
        let t = self.locale.texts();
        let text = |s: &str| {
            if s.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(s.to_string())
            }
        };
        let time = |ms: Option<i64>| match ms {
            Some(ms) => Cell::Time {
                ms,
                text: format_time(ms, self.tz, self.locale),
            },
            None => Cell::Empty,
        };
        let flag = |b: bool| Cell::Flag {
            value: b,
            text: if b { t.yes } else { t.no }.to_string(),
        };
        columns
            .iter()
            .map(|c| match *c {
                Column::Number => text(&row.number),
                Column::Subject => text(&row.subject),
                Column::Customer => text(&row.customer_name),
                Column::Axis(Axis::State) => row
                    .state
                    .parse()
                    .map(|s| text(t.state(s)))
                    .unwrap_or_else(|_| text(&row.state)),
                Column::Axis(Axis::Channel) => row
                    .channel
                    .parse()
                    .map(|s| text(t.channel(s)))
                    .unwrap_or_else(|_| text(&row.channel)),
                Column::Axis(Axis::Class) => row
                    .class
                    .parse()
                    .map(|s| text(t.class(s)))
                    .unwrap_or_else(|_| text(&row.class)),
                Column::Axis(Axis::FiledMonth) => row
                    .filed_month
                    .map_or(Cell::Empty, |m| text(&month_label(m))),
                Column::Axis(Axis::ClosedMonth) => row
                    .closed_month
                    .map_or(Cell::Empty, |m| text(&month_label(m))),
                Column::Axis(axis) => {
                    let id = row
                        .ids
                        .iter()
                        .find(|(a, _)| *a == axis)
                        .and_then(|(_, id)| *id);
                    match id {
                        None => Cell::Empty,
                        Some(_) => self
                            .names
                            .get(&axis)
                            .and_then(|n| n.get(&id))
                            .map_or(Cell::Empty, |s| text(s)),
                    }
                }
                Column::FiledAt => time(Some(row.created_at)),
                Column::ClosedAt => time(row.closed_at),
                Column::ResolutionDays => row.resolution_days.map_or(Cell::Empty, Cell::Number),
                Column::InTime => row.resolved_in_time.map_or(Cell::Empty, flag),
                Column::Reopened => flag(row.reopen_count > 0),
                Column::Field(id) => fields
                    .iter()
                    .position(|f| *f == id)
                    .and_then(|i| row.fields.get(i).cloned().flatten())
                    .map_or(Cell::Empty, |v| text(&v)),
            })
            .collect()
    }
}

/// The extra fields a grid's columns ask for, in order.
pub fn field_ids(columns: &[Column]) -> Vec<i64> {
    columns
        .iter()
        .filter_map(|c| match c {
            Column::Field(id) => Some(*id),
            _ => None,
        })
        .collect()
}

/// The labels of the extra fields the analyst may choose.
pub async fn field_labels(
    conn: &mut AnyConnection,
    who: &Analyst,
) -> Result<Vec<(i64, String)>, AppError> {
    Ok(store::extra_fields(conn, &who.scope).await?)
}

/// SPEC J3: one page of the grid.
pub async fn page(
    state: &AppState,
    viewer: &Viewer,
    locale: Locale,
    mut spec: GridSpec,
    cursor: Option<GridCursor>,
) -> Result<GridView, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let who = analyst(&mut conn, viewer).await?;
    let fields = field_labels(&mut conn, &who).await?;
    let field_map: HashMap<i64, String> = fields.iter().cloned().collect();
    // A field the analyst may not see (another folder's) is no column of theirs.
    spec.columns
        .retain(|c| !matches!(c, Column::Field(id) if !field_map.contains_key(id)));
    spec.filter
        .fields
        .retain(|(id, _)| field_map.contains_key(id));
    let filed = filed_between(state, &spec.filter);
    let field_ids = field_ids(&spec.columns);
    let mut rows = store::grid_page(
        &mut conn,
        &who.scope,
        &spec.filter,
        filed,
        spec.sort,
        &field_ids,
        cursor,
        PAGE + 1,
    )
    .await?;
    let next = (rows.len() as i64 > PAGE).then(|| {
        rows.truncate(PAGE as usize);
        let last = rows.last().map(|r| GridCursor {
            value: r.sort_value,
            id: r.id,
        });
        last.map(|c| c.to_string()).unwrap_or_default()
    });
    let total = store::count(&mut conn, &who.scope, &spec.filter, filed).await?;
    let cells = Cells::for_rows(&mut conn, state, locale, &spec.columns, &rows).await?;
    let rows = rows
        .iter()
        .map(|r| GridRowView {
            number: r.number.clone(),
            cells: cells.row(&spec.columns, &field_ids, r),
        })
        .collect();
    let columns = spec
        .columns
        .iter()
        .map(|c| (*c, heading(locale, *c, &field_map)))
        .collect();
    let available = Column::BASIC
        .iter()
        .copied()
        .chain(fields.iter().map(|(id, _)| Column::Field(*id)))
        .map(|c| (c, heading(locale, c, &field_map)))
        .collect();
    let mut active = Vec::new();
    for (axis, value) in &spec.filter.equals {
        let key = (!value.is_empty()).then(|| value.clone());
        let label = axis_labels(&mut conn, locale, *axis, &[key])
            .await?
            .remove(0);
        let in_url = if value.is_empty() { NOT_SET } else { value };
        active.push((
            format!("f.{}", axis.code()),
            in_url.to_string(),
            format!("{}: {label}", locale.texts().axis(*axis)),
        ));
    }
    for (id, value) in &spec.filter.fields {
        let name = field_map.get(id).cloned().unwrap_or_default();
        active.push((format!("x.{id}"), value.clone(), format!("{name}: {value}")));
    }
    let choices = choices(&mut conn, &who).await?;
    Ok(GridView {
        active,
        choices,
        views: views::offered(&mut conn, &who).await?,
        folders: folder_choices(&mut conn, &who.scope).await?,
        spec,
        columns,
        available,
        rows,
        next,
        total,
    })
}

/// The values the grid's filter offers for catalog axes and managers, from the folders in scope.
async fn choices(
    conn: &mut AnyConnection,
    who: &Analyst,
) -> Result<Vec<(Axis, Vec<AxisValue>)>, AppError> {
    let entries = store::catalog_entries(conn, &who.scope).await?;
    let mut out: Vec<(Axis, Vec<AxisValue>)> = [
        ("case_type", Axis::CaseType),
        ("case_group", Axis::Group),
        ("qualification", Axis::Qualification),
        ("cause", Axis::Cause),
        ("priority", Axis::Priority),
        ("severity", Axis::Severity),
    ]
    .into_iter()
    .map(|(kind, axis)| {
        let values = entries
            .iter()
            .filter(|(_, k, _)| k == kind)
            .map(|(id, _, name)| AxisValue {
                key: Some(id.to_string()),
                label: name.clone(),
            })
            .collect();
        (axis, values)
    })
    .collect();
    let managers = users::staff(conn)
        .await?
        .into_iter()
        .filter(|u| u.role() == Role::Manager)
        .map(|u| AxisValue {
            key: Some(u.id.to_string()),
            label: u.name,
        })
        .collect();
    out.push((Axis::Manager, managers));
    Ok(out)
}
