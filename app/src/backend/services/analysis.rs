//! The analysis screens (SPEC J1-J5) for staff who may analyse: the pivot here, the charts,
//! the history grid, its exports, saved views and improvement actions in the submodules. Every
//! screen asks `domain::access::analysis_scope` which cases it counts, and groups them in the
//! database through `store::analysis`.

pub mod charts;
pub mod export;
pub mod grid;
pub mod improvements;
pub mod views;

use super::access;
use crate::backend::store::analysis::{self as store, FiledBetween};
use crate::backend::{AppError, AppState};
use crate::domain::access::AnalysisScope;
use crate::domain::analysis::{
    median_of_histogram, Axis, AxisKind, CaseFilter, Figures, Measure, PivotQuery,
};
use crate::domain::case::{CaseState, Channel, DocumentClass};
use crate::i18n::Locale;
use crate::model::{AxisValue, FolderChoice, PivotView, Viewer};
use chrono::{NaiveDate, TimeZone};
use sqlx::AnyConnection;
use std::collections::HashMap;

/// Who analyses, and which cases that covers.
pub struct Analyst {
    pub viewer: Viewer,
    pub scope: AnalysisScope,
}

/// The analyst behind `viewer`, or `Forbidden` for someone without analysis.
pub async fn analyst(conn: &mut AnyConnection, viewer: &Viewer) -> Result<Analyst, AppError> {
    Ok(Analyst {
        viewer: viewer.clone(),
        scope: access::analysis_scope(conn, viewer).await?,
    })
}

/// The filing instants a filter's days stand for, in the organisation's time zone.
pub fn filed_between(state: &AppState, filter: &CaseFilter) -> FiledBetween {
    let start = |day: &str| -> Option<i64> {
        let d = NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
        let t = state
            .config
            .time_zone
            .from_local_datetime(&d.and_hms_opt(0, 0, 0)?)
            .earliest()?;
        Some(t.timestamp_millis())
    };
    FiledBetween {
        from_ms: filter.from.as_deref().and_then(start),
        until_ms: filter
            .to
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .and_then(|d| d.succ_opt())
            .and_then(|d| start(&d.format("%Y-%m-%d").to_string())),
    }
}

/// A month key (yyyymm) as people read it.
pub fn month_label(key: i64) -> String {
    format!("{:04}-{:02}", key / 100, key % 100)
}

/// The names of an axis's values in the reader's language, one per key.
pub async fn axis_labels(
    conn: &mut AnyConnection,
    locale: Locale,
    axis: Axis,
    keys: &[Option<String>],
) -> Result<Vec<String>, AppError> {
    let t = locale.texts();
    let ids: Vec<i64> = keys
        .iter()
        .flatten()
        .filter_map(|k| k.parse().ok())
        .collect();
    let table = match axis.kind() {
        AxisKind::Catalog => Some("catalog_entries"),
        AxisKind::User => Some("users"),
        AxisKind::Folder => Some("folders"),
        AxisKind::Code | AxisKind::Month => None,
    };
    let names: HashMap<i64, String> = match table {
        Some(table) => store::names(conn, table, &ids).await?.into_iter().collect(),
        None => HashMap::new(),
    };
    Ok(keys
        .iter()
        .map(|k| match k {
            None => t.an_not_set.to_string(),
            Some(k) => match axis {
                Axis::State => k.parse::<CaseState>().map(|s| t.state(s).to_string()).ok(),
                Axis::Channel => k.parse::<Channel>().map(|c| t.channel(c).to_string()).ok(),
                Axis::Class => k
                    .parse::<DocumentClass>()
                    .map(|c| t.class(c).to_string())
                    .ok(),
                Axis::FiledMonth | Axis::ClosedMonth => k.parse().ok().map(month_label),
                _ => k.parse().ok().and_then(|id: i64| names.get(&id).cloned()),
            }
            .unwrap_or_else(|| k.clone()),
        })
        .collect())
}

/// The folders an analyst may pick, in their order.
pub async fn folder_choices(
    conn: &mut AnyConnection,
    scope: &AnalysisScope,
) -> Result<Vec<FolderChoice>, AppError> {
    let all = store::folders(conn).await?;
    Ok(all
        .into_iter()
        .filter(|(id, _)| match scope {
            AnalysisScope::All => true,
            AnalysisScope::Folders(ids) => ids.contains(id),
        })
        .map(|(id, name)| FolderChoice { id, name })
        .collect())
}

/// SPEC J1: the pivot of the filtered cases by `rows` (and `cols`), every cell's figures from one
/// GROUP BY, medians from their own window query when asked for.
pub async fn pivot(
    state: &AppState,
    viewer: &Viewer,
    locale: Locale,
    query: PivotQuery,
) -> Result<PivotView, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let who = analyst(&mut conn, viewer).await?;
    pivot_for(state, &mut conn, &who, locale, query).await
}

pub async fn pivot_for(
    state: &AppState,
    conn: &mut AnyConnection,
    who: &Analyst,
    locale: Locale,
    query: PivotQuery,
) -> Result<PivotView, AppError> {
    let filed = filed_between(state, &query.filter);
    let groups = store::pivot(
        conn,
        &who.scope,
        &query.filter,
        filed,
        query.rows,
        query.cols,
    )
    .await?;
    let order = |axis: Axis, pick: &dyn Fn(&store::PivotGroup) -> Option<String>| {
        let mut totals: Vec<(Option<String>, i64)> = Vec::new();
        for g in &groups {
            let key = pick(g);
            match totals.iter_mut().find(|(k, _)| *k == key) {
                Some((_, n)) => *n += g.figures.count,
                None => totals.push((key, g.figures.count)),
            }
        }
        if axis.ordered_by_key() {
            // Months in time order, "not set" last.
            totals.sort_by_key(|(k, _)| {
                (k.is_none(), k.as_ref().and_then(|k| k.parse::<i64>().ok()))
            });
        } else {
            totals.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        }
        totals.into_iter().map(|(k, _)| k).collect::<Vec<_>>()
    };
    let row_keys = order(query.rows, &|g| g.row.clone());
    let col_keys = match query.cols {
        Some(axis) => order(axis, &|g| g.col.clone()),
        None => vec![None],
    };
    let mut cells = vec![vec![Figures::default(); col_keys.len()]; row_keys.len()];
    let mut row_totals = vec![Figures::default(); row_keys.len()];
    let mut col_totals = vec![Figures::default(); col_keys.len()];
    let mut total = Figures::default();
    let ri: HashMap<&Option<String>, usize> =
        row_keys.iter().enumerate().map(|(i, k)| (k, i)).collect();
    let ci: HashMap<&Option<String>, usize> =
        col_keys.iter().enumerate().map(|(i, k)| (k, i)).collect();
    for g in &groups {
        let (Some(&r), Some(&c)) = (ri.get(&g.row), ci.get(&g.col)) else {
            continue;
        };
        cells[r][c].add(&g.figures);
        row_totals[r].add(&g.figures);
        col_totals[c].add(&g.figures);
        total.add(&g.figures);
    }
    if query.measure == Measure::MedianDays {
        // One histogram of days per cell; rows, columns and the total add cells' histograms.
        let bins = store::days_histogram(
            conn,
            &who.scope,
            &query.filter,
            filed,
            query.rows,
            query.cols,
        )
        .await?;
        let mut by_cell: HashMap<(usize, usize), Vec<(i64, i64)>> = HashMap::new();
        let mut by_row: HashMap<usize, Vec<(i64, i64)>> = HashMap::new();
        let mut by_col: HashMap<usize, Vec<(i64, i64)>> = HashMap::new();
        let mut all: Vec<(i64, i64)> = Vec::new();
        for (r, c, days, n) in bins {
            let (Some(&r), Some(&c)) = (ri.get(&r), ci.get(&c)) else {
                continue;
            };
            by_cell.entry((r, c)).or_default().push((days, n));
            by_row.entry(r).or_default().push((days, n));
            by_col.entry(c).or_default().push((days, n));
            all.push((days, n));
        }
        for ((r, c), h) in by_cell {
            cells[r][c].median_days = median_of_histogram(h);
        }
        for (r, h) in by_row {
            row_totals[r].median_days = median_of_histogram(h);
        }
        for (c, h) in by_col {
            col_totals[c].median_days = median_of_histogram(h);
        }
        total.median_days = median_of_histogram(all);
    }
    let row_labels = axis_labels(conn, locale, query.rows, &row_keys).await?;
    let col_labels = match query.cols {
        Some(axis) => axis_labels(conn, locale, axis, &col_keys).await?,
        None => vec![String::new()],
    };
    let named = |keys: Vec<Option<String>>, labels: Vec<String>| {
        keys.into_iter()
            .zip(labels)
            .map(|(key, label)| AxisValue { key, label })
            .collect()
    };
    let folders = folder_choices(conn, &who.scope).await?;
    Ok(PivotView {
        query,
        rows: named(row_keys, row_labels),
        cols: named(col_keys, col_labels),
        cells,
        row_totals,
        col_totals,
        total,
        folders,
    })
}
