//! What the analysis screens ask of the cases (SPEC J1-J3): the axes a pivot groups by, the
//! measures it shows, the filter every screen shares (so a chart's bar and the grid it opens
//! count the same cases) and the grid's columns. Pure: the store turns these into SQL.

use super::case::coded_enum;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

coded_enum! {
    /// What a pivot's rows or columns, or a chart's bars, are: one property of the case.
    Axis {
        State => "state",
        CaseType => "type",
        Class => "class",
        Channel => "channel",
        Qualification => "qualification",
        Cause => "cause",
        Priority => "priority",
        Severity => "severity",
        Group => "group",
        Manager => "manager",
        Folder => "folder",
        FiledMonth => "filed_month",
        ClosedMonth => "closed_month",
    }
}

/// How an axis value is named for the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AxisKind {
    /// A code the interface translates (state, class, channel).
    Code,
    /// A catalog entry of a folder, named by the administrator.
    Catalog,
    /// A person.
    User,
    Folder,
    /// A month as yyyymm.
    Month,
}

impl Axis {
    pub fn kind(self) -> AxisKind {
        match self {
            Axis::State | Axis::Class | Axis::Channel => AxisKind::Code,
            Axis::CaseType
            | Axis::Qualification
            | Axis::Cause
            | Axis::Priority
            | Axis::Severity
            | Axis::Group => AxisKind::Catalog,
            Axis::Manager => AxisKind::User,
            Axis::Folder => AxisKind::Folder,
            Axis::FiledMonth | Axis::ClosedMonth => AxisKind::Month,
        }
    }

    /// Months read in time order; everything else by how many cases it holds.
    pub fn ordered_by_key(self) -> bool {
        self.kind() == AxisKind::Month
    }
}

coded_enum! {
    /// What a pivot cell shows (SPEC J1).
    Measure {
        Count => "count",
        MeanDays => "mean_days",
        MedianDays => "median_days",
        InTimeShare => "in_time",
        ReopenedShare => "reopened",
    }
}

/// The figures of one group of cases, from which every measure but the median is derived; the
/// median comes from a histogram of days, since no aggregate gives it on both backends.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub count: i64,
    /// Closed cases with a resolution time, and the sum of their business days.
    pub resolved: i64,
    pub days_sum: i64,
    /// Closed cases with a deadline, and those of them closed in time.
    pub judged: i64,
    pub in_time: i64,
    pub reopened: i64,
    /// Filled in when the median was asked for.
    pub median_days: Option<f64>,
}

impl Figures {
    pub fn add(&mut self, other: &Figures) {
        self.count += other.count;
        self.resolved += other.resolved;
        self.days_sum += other.days_sum;
        self.judged += other.judged;
        self.in_time += other.in_time;
        self.reopened += other.reopened;
    }

    /// The measure's value, `None` where it has no cases to speak of (a mean of nothing).
    pub fn value(&self, measure: Measure) -> Option<f64> {
        let ratio = |a: i64, b: i64| (b > 0).then(|| a as f64 / b as f64);
        match measure {
            Measure::Count => Some(self.count as f64),
            Measure::MeanDays => ratio(self.days_sum, self.resolved),
            Measure::MedianDays => self.median_days,
            Measure::InTimeShare => ratio(self.in_time, self.judged).map(|r| r * 100.0),
            Measure::ReopenedShare => ratio(self.reopened, self.count).map(|r| r * 100.0),
        }
    }
}

/// The median of a group given as (value, how many cases have it), in any order: the middle
/// value, or the mean of the middle two.
pub fn median_of_histogram(mut bins: Vec<(i64, i64)>) -> Option<f64> {
    bins.sort_unstable();
    let n: i64 = bins.iter().map(|(_, k)| k).sum();
    if n == 0 {
        return None;
    }
    // The values at 1-based positions (n + 1) / 2 and (n + 2) / 2: the same one when n is odd.
    let at = |pos: i64| {
        let mut seen = 0;
        bins.iter()
            .find(|(_, k)| {
                seen += k;
                seen >= pos
            })
            .map(|(v, _)| *v)
    };
    Some((at((n + 1) / 2)? + at((n + 2) / 2)?) as f64 / 2.0)
}

/// How "not set" is written in a URL (`f.cause=~`): an empty value is a form's "any".
pub const NOT_SET: &str = "~";

/// Which cases a screen looks at. Filing dates are local days, both ends included. Values of the
/// same axis are alternatives (a cause or another), different axes must all hold. An empty value
/// stands for "not set".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFilter {
    pub from: Option<String>,
    pub to: Option<String>,
    pub folder_id: Option<i64>,
    pub equals: Vec<(Axis, String)>,
    /// Words in the number, subject or customer's name.
    pub text: String,
    /// An extra field of the case type holding exactly this value.
    pub fields: Vec<(i64, String)>,
}

impl CaseFilter {
    /// The filter as URL query pairs, the form the grid reads it back from: a chart's bar links
    /// to the grid with its own filter plus the bar's value.
    pub fn to_query(&self) -> Vec<(String, String)> {
        let mut q = Vec::new();
        if let Some(f) = &self.from {
            q.push(("from".into(), f.clone()));
        }
        if let Some(t) = &self.to {
            q.push(("to".into(), t.clone()));
        }
        if let Some(f) = self.folder_id {
            q.push(("folder".into(), f.to_string()));
        }
        for (axis, value) in &self.equals {
            let value = if value.is_empty() { NOT_SET } else { value };
            q.push((format!("f.{}", axis.code()), value.to_string()));
        }
        if !self.text.trim().is_empty() {
            q.push(("q".into(), self.text.trim().to_string()));
        }
        for (field, value) in &self.fields {
            q.push((format!("x.{field}"), value.clone()));
        }
        q
    }

    /// Reads the filter back from query pairs; unknown keys and malformed values are ignored,
    /// so an old bookmark still opens.
    pub fn from_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> CaseFilter {
        let mut f = CaseFilter::default();
        // An extra field chosen in a form comes as two inputs: which field, and its value.
        let (mut field, mut field_value) = (None, String::new());
        for (k, v) in pairs {
            match k {
                "xf" => field = v.parse::<i64>().ok(),
                "xv" => field_value = v.trim().chars().take(200).collect(),
                "from" if is_day(v) => f.from = Some(v.to_string()),
                "to" if is_day(v) => f.to = Some(v.to_string()),
                "folder" => f.folder_id = v.parse().ok(),
                "q" => f.text = v.trim().chars().take(200).collect(),
                _ => {
                    if let Some(axis) = k.strip_prefix("f.").and_then(|a| a.parse::<Axis>().ok()) {
                        // An empty choice ("any") filters nothing; `~` asks for "not set".
                        match v.trim() {
                            "" => {}
                            NOT_SET => f.equals.push((axis, String::new())),
                            v => f.equals.push((axis, v.chars().take(40).collect())),
                        }
                    } else if let Some(id) = k.strip_prefix("x.").and_then(|i| i.parse().ok()) {
                        f.fields.push((id, v.chars().take(200).collect()));
                    }
                }
            }
        }
        if let (Some(id), false) = (field, field_value.is_empty()) {
            f.fields.push((id, field_value));
        }
        f
    }

    /// The same filter narrowed to one more axis value (a drill-down).
    pub fn with(&self, axis: Axis, value: &str) -> CaseFilter {
        let mut f = self.clone();
        f.equals.retain(|(a, _)| *a != axis);
        f.equals.push((axis, value.to_string()));
        f
    }
}

/// Whether `s` is a day as `YYYY-MM-DD` (what a date input sends).
pub fn is_day(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// A query string from pairs, its values percent-encoded.
pub fn query_string(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A pivot as asked: rows, optional columns, the measure, and which cases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PivotQuery {
    pub rows: Axis,
    pub cols: Option<Axis>,
    pub measure: Measure,
    pub filter: CaseFilter,
}

/// A column of the history grid (SPEC J3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Column {
    Number,
    Subject,
    Customer,
    /// A property the pivot groups by.
    Axis(Axis),
    FiledAt,
    ClosedAt,
    ResolutionDays,
    InTime,
    Reopened,
    /// An extra field of the case type, by its id.
    Field(i64),
}

impl Column {
    /// The columns offered before any extra field, in their default order.
    pub const BASIC: &'static [Column] = &[
        Column::Number,
        Column::Subject,
        Column::Customer,
        Column::Axis(Axis::State),
        Column::Axis(Axis::CaseType),
        Column::Axis(Axis::Class),
        Column::Axis(Axis::Channel),
        Column::Axis(Axis::Qualification),
        Column::Axis(Axis::Cause),
        Column::Axis(Axis::Priority),
        Column::Axis(Axis::Severity),
        Column::Axis(Axis::Group),
        Column::Axis(Axis::Manager),
        Column::Axis(Axis::Folder),
        Column::FiledAt,
        Column::ClosedAt,
        Column::ResolutionDays,
        Column::InTime,
        Column::Reopened,
    ];

    /// What a new grid shows.
    pub const DEFAULT: &'static [Column] = &[
        Column::Number,
        Column::Subject,
        Column::Customer,
        Column::Axis(Axis::State),
        Column::Axis(Axis::Channel),
        Column::FiledAt,
        Column::ClosedAt,
        Column::ResolutionDays,
    ];

    /// Whether the grid sorts by it: the columns with an index-friendly order.
    pub fn sortable(self) -> bool {
        matches!(
            self,
            Column::Number | Column::FiledAt | Column::ClosedAt | Column::ResolutionDays
        )
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Column::Number => f.write_str("number"),
            Column::Subject => f.write_str("subject"),
            Column::Customer => f.write_str("customer"),
            Column::Axis(a) => f.write_str(a.code()),
            Column::FiledAt => f.write_str("filed_at"),
            Column::ClosedAt => f.write_str("closed_at"),
            Column::ResolutionDays => f.write_str("days"),
            Column::InTime => f.write_str("in_time"),
            Column::Reopened => f.write_str("reopened"),
            Column::Field(id) => write!(f, "field_{id}"),
        }
    }
}

impl FromStr for Column {
    type Err = ();

    fn from_str(s: &str) -> Result<Column, ()> {
        Ok(match s {
            "number" => Column::Number,
            "subject" => Column::Subject,
            "customer" => Column::Customer,
            "filed_at" => Column::FiledAt,
            "closed_at" => Column::ClosedAt,
            "days" => Column::ResolutionDays,
            "in_time" => Column::InTime,
            "reopened" => Column::Reopened,
            other => match other.strip_prefix("field_") {
                Some(id) => Column::Field(id.parse().map_err(|_| ())?),
                None => Column::Axis(other.parse().map_err(|_| ())?),
            },
        })
    }
}

/// The grid's order: one sortable column, then the case id to break ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sort {
    pub column: Column,
    pub descending: bool,
}

impl Default for Sort {
    fn default() -> Sort {
        Sort {
            column: Column::FiledAt,
            descending: true,
        }
    }
}

/// Where the next page of the grid starts: after the row with this sort value and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridCursor {
    pub value: i64,
    pub id: i64,
}

impl fmt::Display for GridCursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}_{}", self.value, self.id)
    }
}

impl FromStr for GridCursor {
    type Err = ();

    fn from_str(s: &str) -> Result<GridCursor, ()> {
        let (v, id) = s.rsplit_once('_').ok_or(())?;
        Ok(GridCursor {
            value: v.parse().map_err(|_| ())?,
            id: id.parse().map_err(|_| ())?,
        })
    }
}

/// Everything a grid view is: its columns in order, its filter and its sort. Saved under a
/// name per user, optionally shared (SPEC J3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GridSpec {
    pub columns: Vec<Column>,
    pub filter: CaseFilter,
    pub sort: Sort,
}

impl Default for GridSpec {
    fn default() -> GridSpec {
        GridSpec {
            columns: Column::DEFAULT.to_vec(),
            filter: CaseFilter::default(),
            sort: Sort::default(),
        }
    }
}

impl GridSpec {
    /// Reads a grid from the URL: `cols=number,subject,...`, `sort=filed_at` or `-filed_at`, and
    /// the filter's pairs. Unknown columns are dropped; no column at all means the default ones.
    pub fn from_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)> + Clone) -> GridSpec {
        let mut spec = GridSpec {
            filter: CaseFilter::from_query(pairs.clone()),
            ..GridSpec::default()
        };
        let checked: Vec<Column> = pairs
            .clone()
            .into_iter()
            .filter(|(k, _)| *k == "col")
            .filter_map(|(_, v)| v.parse().ok())
            .collect();
        for (k, v) in pairs {
            match k {
                "cols" => {
                    let mut cols: Vec<Column> = Vec::new();
                    for c in v.split(',').filter_map(|c| c.trim().parse().ok()) {
                        if !cols.contains(&c) && cols.len() < 40 {
                            cols.push(c);
                        }
                    }
                    if !cols.is_empty() {
                        spec.columns = cols;
                    }
                }
                "sort" => {
                    let (descending, name) = match v.strip_prefix('-') {
                        Some(rest) => (true, rest),
                        None => (false, v),
                    };
                    if let Ok(column) = name.parse::<Column>() {
                        if column.sortable() {
                            spec.sort = Sort { column, descending };
                        }
                    }
                }
                _ => {}
            }
        }
        // The column chooser's checkboxes, in the order the form lists them, win over `cols`.
        if !checked.is_empty() {
            let mut cols: Vec<Column> = Vec::new();
            for c in checked {
                if !cols.contains(&c) && cols.len() < 40 {
                    cols.push(c);
                }
            }
            spec.columns = cols;
        }
        spec
    }

    pub fn to_query(&self) -> Vec<(String, String)> {
        let mut q = vec![(
            "cols".to_string(),
            self.columns
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(","),
        )];
        let sign = if self.sort.descending { "-" } else { "" };
        q.push(("sort".into(), format!("{sign}{}", self.sort.column)));
        q.extend(self.filter.to_query());
        q
    }
}

coded_enum! {
    /// The file an export is written as.
    ExportFormat {
        Xlsx => "xlsx",
        Csv => "csv",
    }
}

coded_enum! {
    /// Where an export stands on the background queue.
    ExportState {
        Queued => "queued",
        Running => "running",
        Done => "done",
        Failed => "failed",
    }
}

coded_enum! {
    /// An improvement action (SPEC J5): corrective (a cause that produced complaints) or preventive (one that might).
    ActionKind {
        Corrective => "corrective",
        Preventive => "preventive",
    }
}

coded_enum! {
    ActionState {
        Planned => "planned",
        InProgress => "in_progress",
        Done => "done",
        Cancelled => "cancelled",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filter_survives_the_trip_through_the_url() {
        let f = CaseFilter {
            from: Some("2026-01-01".into()),
            to: Some("2026-03-31".into()),
            folder_id: Some(3),
            equals: vec![
                (Axis::Channel, "phone".into()),
                (Axis::Cause, "12".into()),
                (Axis::Cause, "".into()),
            ],
            text: "Tarifa & más".into(),
            fields: vec![(7, "B-12".into())],
        };
        let q = f.to_query();
        let back = CaseFilter::from_query(q.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        assert_eq!(back, f);
        assert!(query_string(&q).contains("q=Tarifa%20%26%20m%C3%A1s"));
        assert!(query_string(&q).contains("f.cause=~"));
        // A form's "any" filters nothing.
        let any = CaseFilter::from_query([("f.state", ""), ("f.channel", "phone")]);
        assert_eq!(any.equals, vec![(Axis::Channel, "phone".to_string())]);
    }

    #[test]
    fn a_grid_reads_its_columns_and_sort_and_ignores_what_it_does_not_know() {
        let spec = GridSpec::from_query([
            ("cols", "number,cause,field_4,bogus,number"),
            ("sort", "-days"),
            ("from", "not a day"),
        ]);
        assert_eq!(
            spec.columns,
            vec![Column::Number, Column::Axis(Axis::Cause), Column::Field(4)]
        );
        assert_eq!(
            spec.sort,
            Sort {
                column: Column::ResolutionDays,
                descending: true
            }
        );
        assert_eq!(spec.filter.from, None);
        // An unsortable column keeps the default order.
        assert_eq!(
            GridSpec::from_query([("sort", "subject")]).sort,
            Sort::default()
        );
    }

    #[test]
    fn measures_come_from_the_figures_and_say_nothing_of_empty_groups() {
        let f = Figures {
            count: 4,
            resolved: 3,
            days_sum: 12,
            judged: 2,
            in_time: 1,
            reopened: 1,
            median_days: Some(3.5),
        };
        assert_eq!(f.value(Measure::Count), Some(4.0));
        assert_eq!(f.value(Measure::MeanDays), Some(4.0));
        assert_eq!(f.value(Measure::InTimeShare), Some(50.0));
        assert_eq!(f.value(Measure::ReopenedShare), Some(25.0));
        assert_eq!(Figures::default().value(Measure::MeanDays), None);
        assert_eq!(median_of_histogram(vec![(5, 1), (2, 1)]), Some(3.5));
        assert_eq!(median_of_histogram(vec![(7, 1)]), Some(7.0));
        // 1, 1, 1, 4, 9, 9: the third and fourth values.
        assert_eq!(median_of_histogram(vec![(9, 2), (1, 3), (4, 1)]), Some(2.5));
        assert_eq!(median_of_histogram(vec![(3, 0)]), None);
    }

    #[test]
    fn a_cursor_is_text_and_back() {
        let c = GridCursor { value: -1, id: 42 };
        assert_eq!(c.to_string().parse::<GridCursor>(), Ok(c));
    }
}
