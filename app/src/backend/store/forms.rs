//! Per-type forms: extra fields and required documents, the values a case holds for them and
//! the documents asked of customers.

use sqlx::{AnyConnection, FromRow};

#[derive(Debug, Clone, FromRow)]
pub struct FieldRow {
    pub id: i64,
    pub case_type_id: i64,
    pub label: String,
    pub kind: String,
    pub required: i64,
    pub help: Option<String>,
    pub options: String,
    pub currency: Option<String>,
    pub sort: i64,
    pub active: i64,
}

const FIELD_COLUMNS: &str =
    "id, case_type_id, label, kind, required, help, options, currency, sort, active";

pub struct NewField<'a> {
    pub case_type_id: i64,
    pub label: &'a str,
    pub kind: &'a str,
    pub required: bool,
    pub help: Option<&'a str>,
    pub options: &'a str,
    pub currency: Option<&'a str>,
    pub created_at: i64,
}

pub async fn insert_field(conn: &mut AnyConnection, f: NewField<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO form_fields (case_type_id, label, kind, required, help, options, currency, sort, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7,
            (SELECT COALESCE(MAX(sort), 0) + 1 FROM form_fields WHERE case_type_id = $8), $9)
         RETURNING id",
    )
    .bind(f.case_type_id)
    .bind(f.label)
    .bind(f.kind)
    .bind(i64::from(f.required))
    .bind(f.help)
    .bind(f.options)
    .bind(f.currency)
    .bind(f.case_type_id)
    .bind(f.created_at)
    .fetch_one(conn)
    .await
}

/// The fields of a case type in form order, inactive ones included.
pub async fn fields_of(
    conn: &mut AnyConnection,
    case_type_id: i64,
) -> Result<Vec<FieldRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {FIELD_COLUMNS} FROM form_fields WHERE case_type_id = $1 ORDER BY sort, id"
    ))
    .bind(case_type_id)
    .fetch_all(conn)
    .await
}

pub async fn field(conn: &mut AnyConnection, id: i64) -> Result<Option<FieldRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {FIELD_COLUMNS} FROM form_fields WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Sets a field's or a document's `active` flag or `sort`; `table` is one of ours.
pub async fn set_column(
    conn: &mut AnyConnection,
    table: FormTable,
    id: i64,
    column: FormColumn,
    value: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(&format!(
        "UPDATE {} SET {} = $1 WHERE id = $2",
        table.name(),
        column.name()
    ))
    .bind(value)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormTable {
    Fields,
    Documents,
}

impl FormTable {
    fn name(self) -> &'static str {
        match self {
            FormTable::Fields => "form_fields",
            FormTable::Documents => "required_documents",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormColumn {
    Active,
    Sort,
}

impl FormColumn {
    fn name(self) -> &'static str {
        match self {
            FormColumn::Active => "active",
            FormColumn::Sort => "sort",
        }
    }
}

/// The row just before (`up`) or after the one at `sort` of the same case type.
pub async fn neighbour(
    conn: &mut AnyConnection,
    table: FormTable,
    case_type_id: i64,
    sort: i64,
    up: bool,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    let (cmp, order) = if up { ("<", "DESC") } else { (">", "ASC") };
    sqlx::query_as(&format!(
        "SELECT id, sort FROM {} WHERE case_type_id = $1 AND sort {cmp} $2 ORDER BY sort {order} LIMIT 1",
        table.name()
    ))
    .bind(case_type_id)
    .bind(sort)
    .fetch_optional(conn)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct DocumentRow {
    pub id: i64,
    pub case_type_id: i64,
    pub name: String,
    pub sort: i64,
    pub active: i64,
}

pub async fn insert_document(
    conn: &mut AnyConnection,
    case_type_id: i64,
    name: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO required_documents (case_type_id, name, sort, created_at)
         VALUES ($1, $2, (SELECT COALESCE(MAX(sort), 0) + 1 FROM required_documents WHERE case_type_id = $3), $4)
         RETURNING id",
    )
    .bind(case_type_id)
    .bind(name)
    .bind(case_type_id)
    .bind(now)
    .fetch_one(conn)
    .await
}

pub async fn documents_of(
    conn: &mut AnyConnection,
    case_type_id: i64,
) -> Result<Vec<DocumentRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, case_type_id, name, sort, active FROM required_documents
         WHERE case_type_id = $1 ORDER BY sort, id",
    )
    .bind(case_type_id)
    .fetch_all(conn)
    .await
}

pub async fn document(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<DocumentRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, case_type_id, name, sort, active FROM required_documents WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

#[derive(Debug, Clone, FromRow)]
pub struct ValueRow {
    pub field_id: i64,
    pub label: String,
    pub kind: String,
    pub value: String,
}

/// A case's extra field values, in the order of the fields they belong to.
pub async fn values_of(
    conn: &mut AnyConnection,
    case_id: i64,
) -> Result<Vec<ValueRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT v.field_id, v.label, v.kind, v.value FROM case_field_values v
         JOIN form_fields f ON f.id = v.field_id
         WHERE v.case_id = $1 ORDER BY f.sort, f.id",
    )
    .bind(case_id)
    .fetch_all(conn)
    .await
}

/// Removes every extra value of a case (a draft being saved again).
pub async fn clear_values(conn: &mut AnyConnection, case_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM case_field_values WHERE case_id = $1")
        .bind(case_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Sets (or with `None` removes) one value of a case.
pub async fn put_value(
    conn: &mut AnyConnection,
    case_id: i64,
    field: &FieldRow,
    value: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM case_field_values WHERE case_id = $1 AND field_id = $2")
        .bind(case_id)
        .bind(field.id)
        .execute(&mut *conn)
        .await?;
    if let Some(v) = value {
        sqlx::query(
            "INSERT INTO case_field_values (case_id, field_id, label, kind, value) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(case_id)
        .bind(field.id)
        .bind(&field.label)
        .bind(&field.kind)
        .bind(v)
        .execute(conn)
        .await?;
    }
    Ok(())
}

/// The required documents a case's files stand for.
pub async fn attached_documents(
    conn: &mut AnyConnection,
    case_id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT DISTINCT document_id FROM attachments WHERE case_id = $1 AND document_id IS NOT NULL",
    )
    .bind(case_id)
    .fetch_all(conn)
    .await
}

pub async fn set_attachment_document(
    conn: &mut AnyConnection,
    attachment_id: i64,
    document_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE attachments SET document_id = $1 WHERE id = $2")
        .bind(document_id)
        .bind(attachment_id)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct RequestRow {
    pub id: i64,
    pub case_id: i64,
    pub document_id: i64,
    pub document_name: String,
    pub note: Option<String>,
    pub requested_at: i64,
    pub answered_at: Option<i64>,
}

pub async fn insert_request(
    conn: &mut AnyConnection,
    case_id: i64,
    document_id: i64,
    note: Option<&str>,
    requested_by: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO document_requests (case_id, document_id, note, requested_by, requested_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(case_id)
    .bind(document_id)
    .bind(note)
    .bind(requested_by)
    .bind(now)
    .fetch_one(conn)
    .await
}

const REQUEST_SELECT: &str =
    "SELECT r.id, r.case_id, r.document_id, d.name AS document_name, r.note, r.requested_at, r.answered_at
     FROM document_requests r JOIN required_documents d ON d.id = r.document_id";

pub async fn requests_of(
    conn: &mut AnyConnection,
    case_id: i64,
) -> Result<Vec<RequestRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{REQUEST_SELECT} WHERE r.case_id = $1 ORDER BY r.id"
    ))
    .bind(case_id)
    .fetch_all(conn)
    .await
}

pub async fn request(conn: &mut AnyConnection, id: i64) -> Result<Option<RequestRow>, sqlx::Error> {
    sqlx::query_as(&format!("{REQUEST_SELECT} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// How many documents asked of the customer on a case are not handed in yet.
pub async fn open_requests(conn: &mut AnyConnection, case_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM document_requests WHERE case_id = $1 AND answered_at IS NULL",
    )
    .bind(case_id)
    .fetch_one(conn)
    .await
}

/// Marks a request answered by `attachment_id`; false when it already was.
pub async fn answer_request(
    conn: &mut AnyConnection,
    id: i64,
    attachment_id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE document_requests SET attachment_id = $1, answered_at = $2
         WHERE id = $3 AND answered_at IS NULL",
    )
    .bind(attachment_id)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}
