//! SPEC J3: the grid exported to .xlsx or CSV, exactly as filtered, on the background queue.
//! Rows are read a page at a time and written by a blocking thread (rust_xlsxwriter's
//! constant-memory mode keeps one row in memory), so a million rows need no more memory than a
//! hundred; the owner follows the progress and downloads the file when it is done.

use super::grid::{field_ids, heading, Cells};
use super::{analyst, filed_between};
use crate::backend::jobs::{Done, Failure, Handler, Run};
use crate::backend::store::analysis as grid_store;
use crate::backend::store::analysis_exports::{self as store, ExportRow};
use crate::backend::store::jobs::{self as jobs_store, JobKind, JobRow};
use crate::backend::store::users;
use crate::backend::{AppError, AppState};
use crate::domain::analysis::{ExportFormat, ExportState, GridCursor, GridSpec};
use crate::i18n::Locale;
use crate::model::{Cell, ExportView, Viewer};
use chrono::{Datelike, TimeZone, Timelike};
use futures::future::BoxFuture;
use serde::{Deserialize, Serialize};
use sqlx::AnyConnection;
use std::collections::HashMap;
use std::path::PathBuf;

/// Rows read per query and sent to the writer at once.
const BATCH: i64 = 1_000;
/// Rows of a worksheet, the header included: Excel's limit. More rows go on another sheet.
const SHEET_ROWS: u32 = 1_048_576;

/// What an export was asked for, kept with it.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Asked {
    grid: GridSpec,
    locale: String,
}

/// Queues an export of the grid as `spec` filters it.
pub async fn start(
    state: &AppState,
    viewer: &Viewer,
    locale: Locale,
    spec: GridSpec,
    format: ExportFormat,
) -> Result<i64, AppError> {
    let now = state.now_ms();
    let asked = serde_json::to_string(&Asked {
        grid: spec,
        locale: locale.code().into(),
    })
    .map_err(|e| AppError::Internal(e.to_string()))?;
    analyst(&mut *state.store.pool().acquire().await?, viewer).await?;
    let mut tx = state.store.begin().await?;
    let id = store::insert(&mut tx, viewer.id, format, &asked, now).await?;
    jobs_store::add_for(&mut tx, JobKind::AnalysisExport, id, None, now, now).await?;
    tx.commit().await?;
    Ok(id)
}

fn view(state: &AppState, locale: Locale, r: ExportRow) -> ExportView {
    ExportView {
        id: r.id,
        format: r.format.parse().unwrap_or(ExportFormat::Xlsx),
        state: r.state.parse().unwrap_or(ExportState::Failed),
        total: r.total,
        written: r.written,
        error: r.error,
        created: crate::backend::display::format_time(r.created_at, state.config.time_zone, locale),
    }
}

/// An export as its owner follows it; anyone else's is not found.
pub async fn progress(
    state: &AppState,
    viewer: &Viewer,
    locale: Locale,
    id: i64,
) -> Result<ExportView, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    analyst(&mut conn, viewer).await?;
    match store::by_id(&mut conn, id).await? {
        Some(r) if r.owner_id == viewer.id => Ok(view(state, locale, r)),
        _ => Err(AppError::NotFound),
    }
}

/// The finished file of one's own export: its name, type, the open file and its length.
pub async fn file(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
) -> Result<(String, &'static str, tokio::fs::File, u64), AppError> {
    let mut conn = state.store.pool().acquire().await?;
    analyst(&mut conn, viewer).await?;
    let r = match store::by_id(&mut conn, id).await? {
        Some(r) if r.owner_id == viewer.id => r,
        _ => return Err(AppError::NotFound),
    };
    let key = r.file_key.ok_or(AppError::NotFound)?;
    let format: ExportFormat = r.format.parse().map_err(|_| AppError::NotFound)?;
    let (f, len) = state
        .files
        .open(&key)
        .await
        .map_err(|e| AppError::Internal(format!("export file: {e}")))?;
    let content_type = match format {
        ExportFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ExportFormat::Csv => "text/csv; charset=utf-8",
    };
    Ok((
        format!("tramita-{id}.{}", format.code()),
        content_type,
        f,
        len,
    ))
}

/// A row for the writer: typed cells.
type Batch = Vec<Vec<Cell>>;

/// Writes rows as they come into the file, on a blocking thread.
fn write_file(
    format: ExportFormat,
    path: PathBuf,
    tmp_dir: PathBuf,
    headings: Vec<String>,
    tz: chrono_tz::Tz,
    rows: std::sync::mpsc::Receiver<Batch>,
) -> Result<(), String> {
    match format {
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_path(&path).map_err(|e| e.to_string())?;
            w.write_record(&headings).map_err(|e| e.to_string())?;
            for batch in rows {
                for r in batch {
                    let cells: Vec<String> = r
                        .iter()
                        .map(|c| match c {
                            // ISO local times sort and import everywhere.
                            Cell::Time { ms, .. } => tz
                                .timestamp_millis_opt(*ms)
                                .single()
                                .map(|t| t.format("%Y-%m-%d %H:%M").to_string())
                                .unwrap_or_default(),
                            Cell::Flag { value, .. } => u8::from(*value).to_string(),
                            other => other.text(),
                        })
                        .collect();
                    w.write_record(&cells).map_err(|e| e.to_string())?;
                }
            }
            w.flush().map_err(|e| e.to_string())
        }
        ExportFormat::Xlsx => {
            write_xlsx(path, tmp_dir, headings, tz, rows).map_err(|e| e.to_string())
        }
    }
}

fn write_xlsx(
    path: PathBuf,
    tmp_dir: PathBuf,
    headings: Vec<String>,
    tz: chrono_tz::Tz,
    rows: std::sync::mpsc::Receiver<Batch>,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    book.set_tempdir(&tmp_dir)?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let widths: Vec<f64> = headings
        .iter()
        .map(|h| (h.chars().count() as f64 + 2.0).clamp(10.0, 40.0))
        .collect();
    let mut sheet = new_sheet(&mut book, &headings, &widths, &bold)?;
    let mut r: u32 = 1;
    for batch in rows {
        for cells in batch {
            if r == SHEET_ROWS {
                sheet = new_sheet(&mut book, &headings, &widths, &bold)?;
                r = 1;
            }
            for (c, cell) in cells.iter().enumerate() {
                let c = c as u16;
                match cell {
                    Cell::Empty => {}
                    Cell::Text(s) => {
                        sheet.write_string(r, c, s)?;
                    }
                    Cell::Number(n) => {
                        sheet.write_number(r, c, *n as f64)?;
                    }
                    Cell::Flag { value, .. } => {
                        sheet.write_boolean(r, c, *value)?;
                    }
                    Cell::Time { ms, .. } => {
                        if let Some(t) = tz.timestamp_millis_opt(*ms).single() {
                            let d = ExcelDateTime::from_ymd(
                                t.year() as u16,
                                t.month() as u8,
                                t.day() as u8,
                            )?
                            .and_hms(
                                t.hour() as u16,
                                t.minute() as u8,
                                t.second(),
                            )?;
                            sheet.write_datetime_with_format(r, c, &d, &date)?;
                        }
                    }
                }
            }
            r += 1;
        }
    }
    book.save(&path)
}

fn new_sheet<'b>(
    book: &'b mut rust_xlsxwriter::Workbook,
    headings: &[String],
    widths: &[f64],
    bold: &rust_xlsxwriter::Format,
) -> Result<&'b mut rust_xlsxwriter::Worksheet, rust_xlsxwriter::XlsxError> {
    let sheet = book.add_worksheet_with_constant_memory()?;
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (c, h) in headings.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, bold)?;
    }
    Ok(sheet)
}

/// [`JobKind::AnalysisExport`]: writes one export.
pub struct Export;

impl Handler for Export {
    fn run<'a>(&'a self, run: &'a mut Run<'_>) -> BoxFuture<'a, Result<Done, Failure>> {
        Box::pin(async move {
            let id = run
                .job
                .ref_id
                .ok_or_else(|| Failure::Permanent("no export".into()))?;
            let state = run.state;
            let r = {
                let mut conn = state.store.pool().acquire().await?;
                store::by_id(&mut conn, id).await?
            };
            let Some(r) = r else {
                return Err(Failure::Permanent(format!("export {id} is gone")));
            };
            let format: ExportFormat = r.format.parse().map_err(Failure::Permanent)?;
            let asked: Asked =
                serde_json::from_str(&r.spec).map_err(|e| Failure::Permanent(e.to_string()))?;
            let locale = Locale::from_code(&asked.locale).unwrap_or_default();
            // The owner's rights as they are now, not when they asked.
            let who = {
                let mut conn = state.store.pool().acquire().await?;
                let owner = users::by_id(&mut conn, r.owner_id)
                    .await?
                    .ok_or_else(|| Failure::Permanent("owner gone".into()))?
                    .viewer();
                analyst(&mut conn, &owner)
                    .await
                    .map_err(|e| Failure::Permanent(e.to_string()))?
            };
            let spec = asked.grid;
            let filed = filed_between(state, &spec.filter);
            let fields = field_ids(&spec.columns);
            let (total, field_map) = {
                let mut conn = state.store.pool().acquire().await?;
                let total = grid_store::count(&mut conn, &who.scope, &spec.filter, filed).await?;
                let labels: HashMap<i64, String> = grid_store::extra_fields(&mut conn, &who.scope)
                    .await?
                    .into_iter()
                    .collect();
                (total, labels)
            };
            // Progress is written outside the run's transaction, so the page sees it as it goes.
            store::started(&mut *state.store.pool().acquire().await?, id, total).await?;
            let headings: Vec<String> = spec
                .columns
                .iter()
                .map(|c| heading(locale, *c, &field_map))
                .collect();
            let tmp_dir = state.config.data_dir.join("tmp");
            tokio::fs::create_dir_all(&tmp_dir)
                .await
                .map_err(|e| Failure::Retry(e.to_string()))?;
            let path = tmp_dir.join(format!("export-{id}.{}", format.code()));
            let (send, receive) = std::sync::mpsc::sync_channel::<Batch>(2);
            let tz = state.config.time_zone;
            let writer = {
                let (path, tmp_dir) = (path.clone(), tmp_dir.clone());
                tokio::task::spawn_blocking(move || {
                    write_file(format, path, tmp_dir, headings, tz, receive)
                })
            };
            let mut cursor: Option<GridCursor> = None;
            let mut written = 0i64;
            let read = async {
                loop {
                    let mut conn = state.store.pool().acquire().await?;
                    let rows = grid_store::grid_page(
                        &mut conn,
                        &who.scope,
                        &spec.filter,
                        filed,
                        spec.sort,
                        &fields,
                        cursor,
                        BATCH,
                    )
                    .await?;
                    if rows.is_empty() {
                        break;
                    }
                    let cells =
                        Cells::for_rows(&mut conn, state, locale, &spec.columns, &rows).await?;
                    drop(conn);
                    let batch: Batch = rows
                        .iter()
                        .map(|r| cells.row(&spec.columns, &fields, r))
                        .collect();
                    let last = rows.last().map(|r| GridCursor {
                        value: r.sort_value,
                        id: r.id,
                    });
                    let n = rows.len() as i64;
                    // The writer's queue holds two batches; waiting for room happens off the runtime.
                    let send = send.clone();
                    let gone = tokio::task::spawn_blocking(move || send.send(batch).is_err())
                        .await
                        .unwrap_or(true);
                    if gone {
                        break;
                    }
                    written += n;
                    store::progressed(&mut *state.store.pool().acquire().await?, id, written)
                        .await?;
                    if n < BATCH {
                        break;
                    }
                    cursor = last;
                }
                Ok::<(), AppError>(())
            };
            let read = read.await;
            drop(send);
            let wrote = writer
                .await
                .map_err(|e| Failure::Retry(format!("export writer: {e}")))?;
            read?;
            wrote.map_err(Failure::Retry)?;
            let key = format!("exports/{id}.{}", format.code());
            state
                .files
                .put_file(&key, &path)
                .await
                .map_err(|e| Failure::Retry(format!("export file: {e}")))?;
            let now = run.now;
            store::done(run.tx().await?, id, &key, written, now).await?;
            Ok(Done::default())
        })
    }

    fn give_up_after(&self) -> Option<i64> {
        Some(3)
    }

    fn failed<'a>(
        &'a self,
        conn: &'a mut AnyConnection,
        job: &'a JobRow,
        error: &'a str,
        given_up: bool,
    ) -> BoxFuture<'a, Result<(), AppError>> {
        Box::pin(async move {
            if let (true, Some(id)) = (given_up, job.ref_id) {
                store::failed(conn, id, error).await?;
            }
            Ok(())
        })
    }
}
