//! Stored codes decoded where rows are read (issue 11): a store module reads a row into a
//! private `FromRow` struct of plain columns and turns it into its public, typed row with
//! `TryFrom`, using these. A value this version does not know (a unit, a channel, a state, a time
//! zone, a flag other than 0/1) is an error naming the table, the column and the row, never
//! replaced by a default: it reaches the log where the error is handled, once, instead of each
//! service choosing its own fallback.

use std::fmt::Display;
use std::str::FromStr;

/// A stored value that cannot be read: the row is refused where it is read.
pub fn undecodable(
    table: &str,
    id: impl Display,
    column: &str,
    problem: impl Display,
) -> sqlx::Error {
    sqlx::Error::ColumnDecode {
        index: format!("{table}.{column} of row {id}"),
        source: format!("{problem}").into(),
    }
}

/// A stored code decoded into its type.
pub fn decode<T>(table: &str, id: impl Display, column: &str, value: &str) -> Result<T, sqlx::Error>
where
    T: FromStr,
    T::Err: Display,
{
    value
        .parse()
        .map_err(|e| undecodable(table, id, column, format!("{e} ({value:?})")))
}

/// A stored 0/1 flag.
pub fn flag(table: &str, id: impl Display, column: &str, value: i64) -> Result<bool, sqlx::Error> {
    match value {
        0 => Ok(false),
        1 => Ok(true),
        other => Err(undecodable(
            table,
            id,
            column,
            format!("not a flag: {other}"),
        )),
    }
}

/// Decodes every row read, or fails on the first that cannot be.
pub fn decoded<S, T: TryFrom<S, Error = sqlx::Error>>(rows: Vec<S>) -> Result<Vec<T>, sqlx::Error> {
    rows.into_iter().map(T::try_from).collect()
}
