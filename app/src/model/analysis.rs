//! What the analysis screens receive (SPEC J1-J5): figures with their axis values already named
//! in the reader's language.

use super::FolderChoice;
use crate::domain::analysis::{
    Axis, Column, ExportFormat, ExportState, Figures, GridSpec, PivotQuery,
};
use serde::{Deserialize, Serialize};

/// One value of an axis: its key as the filter takes it (`None`: not set) and its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AxisValue {
    pub key: Option<String>,
    pub label: String,
}

impl AxisValue {
    /// The key as a filter value: empty for "not set".
    pub fn filter_value(&self) -> String {
        self.key.clone().unwrap_or_default()
    }
}

/// A pivot table: `cells[row][col]` (one column when the pivot has no column axis), with totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PivotView {
    pub query: PivotQuery,
    pub rows: Vec<AxisValue>,
    pub cols: Vec<AxisValue>,
    pub cells: Vec<Vec<Figures>>,
    pub row_totals: Vec<Figures>,
    pub col_totals: Vec<Figures>,
    pub total: Figures,
    pub folders: Vec<FolderChoice>,
}

/// A chart drawn on the server, with the numbers it shows for those who cannot see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChartView {
    pub svg: String,
    /// (label, value, link to the grid of those cases).
    pub points: Vec<(String, String, String)>,
}

/// A cell of the grid, typed as the export writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Cell {
    Empty,
    Text(String),
    Number(i64),
    /// An instant, with its text in the reader's language and zone.
    Time {
        ms: i64,
        text: String,
    },
    Flag {
        value: bool,
        text: String,
    },
}

impl Cell {
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Time { text, .. } | Cell::Flag { text, .. } => text.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GridRowView {
    pub number: String,
    pub cells: Vec<Cell>,
}

/// A grid view saved by someone, offered to its owner and, shared, to everyone who analyses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedView {
    pub id: i64,
    pub name: String,
    pub shared: bool,
    pub mine: bool,
    pub owner_name: String,
    /// The grid's query string.
    pub query: String,
}

/// A page of the history grid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GridView {
    pub spec: GridSpec,
    /// The chosen columns with their headings.
    pub columns: Vec<(Column, String)>,
    /// Every column that may be chosen, extra fields included.
    pub available: Vec<(Column, String)>,
    pub rows: Vec<GridRowView>,
    pub next: Option<String>,
    pub total: i64,
    pub views: Vec<SavedView>,
    pub folders: Vec<FolderChoice>,
    /// The filter's axis values and extra fields, named: (query key, value in the URL, text).
    pub active: Vec<(String, String, String)>,
    /// What the filter offers for catalog axes and managers.
    pub choices: Vec<(Axis, Vec<AxisValue>)>,
}

/// An export on the background queue, as its owner follows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportView {
    pub id: i64,
    pub format: ExportFormat,
    pub state: ExportState,
    pub total: Option<i64>,
    pub written: i64,
    pub created: String,
    pub error: Option<String>,
}

/// An improvement action (SPEC J5) as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImprovementView {
    pub id: i64,
    pub folder: FolderChoice,
    pub title: String,
    pub description: String,
    pub kind: String,
    pub state: String,
    pub owner_name: String,
    pub due_day: String,
    pub causes: Vec<AxisValue>,
    /// When it counts from: done, else created; as a day.
    pub effective_day: String,
}

/// An action's effect: the cases of its causes in equal windows before and after it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImprovementEffect {
    pub action: ImprovementView,
    pub window_days: i64,
    pub before: Figures,
    pub after: Figures,
    pub before_link: String,
    pub after_link: String,
}

/// What the improvement plan's form chooses from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImprovementSetup {
    pub actions: Vec<ImprovementView>,
    pub folders: Vec<FolderChoice>,
    /// Causes by folder: (folder id, cause).
    pub causes: Vec<(i64, AxisValue)>,
    /// People who may own an action.
    pub owners: Vec<(i64, String)>,
    pub may_plan: bool,
}
