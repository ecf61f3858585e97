//! The analysis queries (SPEC J1-J3): one filter turned into SQL for the pivot, its medians and
//! the history grid, so that a chart's bar and the grid it opens count the same cases. The
//! database groups and counts; nothing here loads cases to count them.

use crate::domain::access::AnalysisScope;
use crate::domain::analysis::{Axis, CaseFilter, Column, Figures, GridCursor, Sort};
use crate::domain::case::CaseState;
use sqlx::{AnyConnection, Row};

/// A value bound to a placeholder.
#[derive(Debug, Clone)]
enum Arg {
    Int(i64),
    Text(String),
}

/// SQL text with its placeholders' values, built in order.
#[derive(Debug, Default)]
struct Sql {
    text: String,
    args: Vec<Arg>,
}

impl Sql {
    fn new(text: String) -> Sql {
        Sql {
            text,
            args: Vec::new(),
        }
    }

    fn arg(&mut self, a: Arg) -> String {
        self.args.push(a);
        format!("${}", self.args.len())
    }

    fn query(&self) -> sqlx::query::Query<'_, sqlx::Any, sqlx::any::AnyArguments<'_>> {
        let mut q = sqlx::query(&self.text);
        for a in &self.args {
            q = match a {
                Arg::Int(i) => q.bind(*i),
                Arg::Text(t) => q.bind(t.as_str()),
            };
        }
        q
    }
}

/// The column of `cases c` an axis reads.
pub fn axis_column(axis: Axis) -> &'static str {
    match axis {
        Axis::State => "c.state",
        Axis::CaseType => "c.case_type_id",
        Axis::Class => "c.class",
        Axis::Channel => "c.channel",
        Axis::Qualification => "c.qualification_id",
        Axis::Cause => "c.cause_id",
        Axis::Priority => "c.priority_id",
        Axis::Severity => "c.severity_id",
        Axis::Group => "c.case_group_id",
        Axis::Manager => "c.manager_id",
        Axis::Folder => "c.folder_id",
        Axis::FiledMonth => "c.filed_month",
        Axis::ClosedMonth => "c.closed_month",
    }
}

fn is_text(axis: Axis) -> bool {
    matches!(axis, Axis::State | Axis::Class | Axis::Channel)
}

/// Filing instants that bound a filter: the first instant of `from`'s day and the first of
/// the day after `to`, in the organisation's time zone (the service computes them).
#[derive(Debug, Clone, Copy, Default)]
pub struct FiledBetween {
    pub from_ms: Option<i64>,
    pub until_ms: Option<i64>,
}

/// The WHERE clause every analysis query shares: who may see what, then the filter.
fn push_where(sql: &mut Sql, scope: &AnalysisScope, filter: &CaseFilter, filed: FiledBetween) {
    let draft = sql.arg(Arg::Text(CaseState::Draft.code().into()));
    sql.text.push_str(&format!(" WHERE c.state <> {draft}"));
    if let AnalysisScope::Folders(ids) = scope {
        if ids.is_empty() {
            sql.text.push_str(" AND 1 = 0");
        } else {
            // Our own integers, written into the text.
            let list = ids
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            sql.text.push_str(&format!(" AND c.folder_id IN ({list})"));
        }
    }
    if let Some(f) = filter.folder_id {
        let p = sql.arg(Arg::Int(f));
        sql.text.push_str(&format!(" AND c.folder_id = {p}"));
    }
    if let Some(ms) = filed.from_ms {
        let p = sql.arg(Arg::Int(ms));
        sql.text.push_str(&format!(" AND c.created_at >= {p}"));
    }
    if let Some(ms) = filed.until_ms {
        let p = sql.arg(Arg::Int(ms));
        sql.text.push_str(&format!(" AND c.created_at < {p}"));
    }
    // Values of one axis are alternatives; axes are all required.
    let mut axes: Vec<Axis> = filter.equals.iter().map(|(a, _)| *a).collect();
    axes.dedup();
    axes.sort_by_key(|a| a.code());
    axes.dedup();
    for axis in axes {
        let col = axis_column(axis);
        let mut alternatives = Vec::new();
        for (_, value) in filter.equals.iter().filter(|(a, _)| *a == axis) {
            if value.is_empty() {
                alternatives.push(format!("{col} IS NULL"));
            } else if is_text(axis) {
                let p = sql.arg(Arg::Text(value.clone()));
                alternatives.push(format!("{col} = {p}"));
            } else {
                match value.parse::<i64>() {
                    Ok(v) => {
                        let p = sql.arg(Arg::Int(v));
                        alternatives.push(format!("{col} = {p}"));
                    }
                    Err(_) => alternatives.push("1 = 0".into()),
                }
            }
        }
        sql.text
            .push_str(&format!(" AND ({})", alternatives.join(" OR ")));
    }
    let text = filter.text.trim().to_lowercase();
    if !text.is_empty() {
        let p = sql.arg(Arg::Text(format!("%{}%", escape_like(&text))));
        sql.text.push_str(&format!(
            " AND (LOWER(c.number) LIKE {p} ESCAPE '\\' OR LOWER(c.subject) LIKE {p} ESCAPE '\\' \
             OR EXISTS (SELECT 1 FROM users cu WHERE cu.id = c.customer_id AND LOWER(cu.name) LIKE {p} ESCAPE '\\'))"
        ));
    }
    for (field, value) in &filter.fields {
        let p = sql.arg(Arg::Text(value.clone()));
        sql.text.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM case_field_values v WHERE v.case_id = c.id AND v.field_id = {field} AND v.value = {p})"
        ));
    }
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// One group of a pivot: its row and column values (`None`: not set) and its figures.
#[derive(Debug, Clone)]
pub struct PivotGroup {
    pub row: Option<String>,
    pub col: Option<String>,
    pub figures: Figures,
}

/// The figures of every (row, column) group of the filtered cases: one GROUP BY.
pub async fn pivot(
    conn: &mut AnyConnection,
    scope: &AnalysisScope,
    filter: &CaseFilter,
    filed: FiledBetween,
    rows: Axis,
    cols: Option<Axis>,
) -> Result<Vec<PivotGroup>, sqlx::Error> {
    let r = axis_column(rows);
    let c = cols.map(axis_column);
    let mut sql = Sql::new(format!(
        "SELECT CAST({r} AS TEXT) AS rk, {ck} AS ck, COUNT(*) AS n, \
         COUNT(c.resolution_days) AS resolved, CAST(COALESCE(SUM(c.resolution_days), 0) AS BIGINT) AS days_sum, \
         COUNT(c.resolved_in_time) AS judged, CAST(COALESCE(SUM(c.resolved_in_time), 0) AS BIGINT) AS in_time, \
         CAST(COALESCE(SUM(CASE WHEN c.reopen_count > 0 THEN 1 ELSE 0 END), 0) AS BIGINT) AS reopened \
         FROM cases c",
        ck = c
            .map(|c| format!("CAST({c} AS TEXT)"))
            .unwrap_or_else(|| "CAST(NULL AS TEXT)".into()),
    ));
    push_where(&mut sql, scope, filter, filed);
    sql.text.push_str(&format!(" GROUP BY {r}"));
    if let Some(c) = c {
        sql.text.push_str(&format!(", {c}"));
    }
    let rows = sql.query().fetch_all(conn).await?;
    rows.iter()
        .map(|row| {
            Ok(PivotGroup {
                row: row.try_get("rk")?,
                col: row.try_get("ck")?,
                figures: Figures {
                    count: row.try_get("n")?,
                    resolved: row.try_get("resolved")?,
                    days_sum: row.try_get("days_sum")?,
                    judged: row.try_get("judged")?,
                    in_time: row.try_get("in_time")?,
                    reopened: row.try_get("reopened")?,
                    median_days: None,
                },
            })
        })
        .collect()
}

/// How many resolved cases of each (row, column) group took each number of business days: the
/// histogram the medians are read from. Days are few and small, so this is a plain GROUP BY
/// returning at most cells x distinct days rows, where a window function would sort every case.
pub async fn days_histogram(
    conn: &mut AnyConnection,
    scope: &AnalysisScope,
    filter: &CaseFilter,
    filed: FiledBetween,
    rows: Axis,
    cols: Option<Axis>,
) -> Result<Vec<(Option<String>, Option<String>, i64, i64)>, sqlx::Error> {
    let r = axis_column(rows);
    let c = cols.map(axis_column);
    let mut sql = Sql::new(format!(
        "SELECT CAST({r} AS TEXT) AS rk, {ck} AS ck, c.resolution_days AS d, COUNT(*) AS n FROM cases c",
        ck = c
            .map(|c| format!("CAST({c} AS TEXT)"))
            .unwrap_or_else(|| "CAST(NULL AS TEXT)".into()),
    ));
    push_where(&mut sql, scope, filter, filed);
    sql.text.push_str(&format!(
        " AND c.resolution_days IS NOT NULL GROUP BY {r}{}, c.resolution_days",
        c.map(|c| format!(", {c}")).unwrap_or_default()
    ));
    let rows = sql.query().fetch_all(conn).await?;
    rows.iter()
        .map(|row| {
            Ok((
                row.try_get("rk")?,
                row.try_get("ck")?,
                row.try_get("d")?,
                row.try_get("n")?,
            ))
        })
        .collect()
}

/// How many filtered cases there are: the grid's count and an export's total.
pub async fn count(
    conn: &mut AnyConnection,
    scope: &AnalysisScope,
    filter: &CaseFilter,
    filed: FiledBetween,
) -> Result<i64, sqlx::Error> {
    let mut sql = Sql {
        text: "SELECT COUNT(*) AS n FROM cases c".into(),
        ..Default::default()
    };
    push_where(&mut sql, scope, filter, filed);
    sql.query().fetch_one(conn).await?.try_get("n")
}

/// A case as the grid lists it: raw values, named by the service in the reader's language.
#[derive(Debug, Clone)]
pub struct GridRow {
    pub id: i64,
    pub number: String,
    pub subject: String,
    pub customer_name: String,
    pub state: String,
    pub class: String,
    pub channel: String,
    /// Catalog, user and folder ids, by axis.
    pub ids: Vec<(Axis, Option<i64>)>,
    pub filed_month: Option<i64>,
    pub closed_month: Option<i64>,
    pub created_at: i64,
    pub closed_at: Option<i64>,
    pub resolution_days: Option<i64>,
    pub resolved_in_time: Option<bool>,
    pub reopen_count: i64,
    /// The chosen extra fields' values, in the order asked.
    pub fields: Vec<Option<String>>,
    pub sort_value: i64,
}

const ID_AXES: [Axis; 8] = [
    Axis::CaseType,
    Axis::Qualification,
    Axis::Cause,
    Axis::Priority,
    Axis::Severity,
    Axis::Group,
    Axis::Manager,
    Axis::Folder,
];

fn sort_expr(sort: Sort) -> &'static str {
    match sort.column {
        Column::Number => "c.id",
        Column::ClosedAt => "COALESCE(c.closed_at, 0)",
        Column::ResolutionDays => "COALESCE(c.resolution_days, -1)",
        _ => "c.created_at",
    }
}

/// A page of the grid: the filtered cases in the sort's order, after `cursor`, keyset-paged on
/// (sort value, id).
#[allow(clippy::too_many_arguments)]
pub async fn grid_page(
    conn: &mut AnyConnection,
    scope: &AnalysisScope,
    filter: &CaseFilter,
    filed: FiledBetween,
    sort: Sort,
    fields: &[i64],
    cursor: Option<GridCursor>,
    limit: i64,
) -> Result<Vec<GridRow>, sqlx::Error> {
    let order = sort_expr(sort);
    let mut sql = Sql::new(format!(
        "SELECT c.id, c.number, c.subject, cu.name AS customer_name, c.state, c.class, c.channel, \
         c.case_type_id, c.qualification_id, c.cause_id, c.priority_id, c.severity_id, c.case_group_id, \
         c.manager_id, c.folder_id, c.filed_month, c.closed_month, c.created_at, c.closed_at, \
         c.resolution_days, c.resolved_in_time, c.reopen_count, {order} AS sort_value"
    ));
    for (i, field) in fields.iter().enumerate() {
        sql.text.push_str(&format!(
            ", (SELECT v.value FROM case_field_values v WHERE v.case_id = c.id AND v.field_id = {field}) AS f{i}"
        ));
    }
    sql.text
        .push_str(" FROM cases c JOIN users cu ON cu.id = c.customer_id");
    push_where(&mut sql, scope, filter, filed);
    let (cmp, dir) = if sort.descending {
        ("<", "DESC")
    } else {
        (">", "ASC")
    };
    if let Some(cur) = cursor {
        let (a, b) = (sql.arg(Arg::Int(cur.value)), sql.arg(Arg::Int(cur.id)));
        sql.text
            .push_str(&format!(" AND ({order}, c.id) {cmp} ({a}, {b})"));
    }
    let lim = sql.arg(Arg::Int(limit));
    sql.text
        .push_str(&format!(" ORDER BY {order} {dir}, c.id {dir} LIMIT {lim}"));
    let rows = sql.query().fetch_all(conn).await?;
    rows.iter()
        .map(|row| {
            let id_of = |axis: Axis| -> Result<Option<i64>, sqlx::Error> {
                let col = axis_column(axis).trim_start_matches("c.");
                row.try_get(col)
            };
            let mut ids = Vec::with_capacity(ID_AXES.len());
            for axis in ID_AXES {
                ids.push((axis, id_of(axis)?));
            }
            let mut values = Vec::with_capacity(fields.len());
            for i in 0..fields.len() {
                values.push(row.try_get::<Option<String>, _>(format!("f{i}").as_str())?);
            }
            Ok(GridRow {
                id: row.try_get("id")?,
                number: row.try_get("number")?,
                subject: row.try_get("subject")?,
                customer_name: row.try_get("customer_name")?,
                state: row.try_get("state")?,
                class: row.try_get("class")?,
                channel: row.try_get("channel")?,
                ids,
                filed_month: row.try_get("filed_month")?,
                closed_month: row.try_get("closed_month")?,
                created_at: row.try_get("created_at")?,
                closed_at: row.try_get("closed_at")?,
                resolution_days: row.try_get("resolution_days")?,
                resolved_in_time: row
                    .try_get::<Option<i64>, _>("resolved_in_time")?
                    .map(|v| v != 0),
                reopen_count: row.try_get("reopen_count")?,
                fields: values,
                sort_value: row.try_get("sort_value")?,
            })
        })
        .collect()
}

/// Names of catalog entries, people and folders, for the ids an axis shows.
pub async fn names(
    conn: &mut AnyConnection,
    table: &'static str,
    ids: &[i64],
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    sqlx::query_as(&format!(
        "SELECT id, name FROM {table} WHERE id IN ({list})"
    ))
    .fetch_all(conn)
    .await
}

/// The extra fields of the folders in scope, for the grid's column chooser: (id, label).
pub async fn extra_fields(
    conn: &mut AnyConnection,
    scope: &AnalysisScope,
) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let mut sql = String::from(
        "SELECT f.id, e.name || ': ' || f.label AS label FROM form_fields f \
         JOIN catalog_entries e ON e.id = f.case_type_id",
    );
    if let AnalysisScope::Folders(ids) = scope {
        let list = ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        sql.push_str(&format!(
            " WHERE e.folder_id IN ({})",
            if list.is_empty() { "-1".into() } else { list }
        ));
    }
    sql.push_str(" ORDER BY e.name, f.sort, f.id");
    sqlx::query_as(&sql).fetch_all(conn).await
}

/// Every folder, in its order: (id, name).
pub async fn folders(conn: &mut AnyConnection) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM folders ORDER BY sort, id")
        .fetch_all(conn)
        .await
}

/// The active catalog entries of the folders in scope: (id, kind, name), by folder and order.
pub async fn catalog_entries(
    conn: &mut AnyConnection,
    scope: &AnalysisScope,
) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    let mut sql = String::from(
        "SELECT id, kind, name FROM catalog_entries WHERE active = 1 AND parent_id IS NULL",
    );
    if let AnalysisScope::Folders(ids) = scope {
        let list = ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        sql.push_str(&format!(
            " AND folder_id IN ({})",
            if list.is_empty() { "-1".into() } else { list }
        ));
    }
    sql.push_str(" ORDER BY folder_id, kind, sort, id");
    sqlx::query_as(&sql).fetch_all(conn).await
}
