//! Letters as PDF (SPEC E3): typst, used as a library, lays out one fixed A4 letter (the
//! company's letterhead with its logo, the addressee, the date, the subject, the text and page
//! numbers) and writes it as PDF with its fonts embedded. The fonts are the ones typst-assets
//! ships (Libertinus Serif covers á, ñ, ł, ą, ż ...), so nothing is downloaded or read from the
//! machine.
//!
//! What the administrator wrote never becomes typst markup: every value reaches the layout as a
//! string of `sys.inputs`, which typst sets as plain text, so no letter can run code or break
//! the layout. Compiling takes tens of milliseconds of CPU: callers run [`pdf`] on a blocking
//! thread.

use std::sync::LazyLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Array, Bytes, Datetime, Dict, Str, Value};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

/// The layout of every letter. Values come from `sys.inputs` (see [`Letter::inputs`]).
const LAYOUT: &str = r#"
#let d = sys.inputs
#set document(title: d.subject, author: d.company)
#set text(font: "Libertinus Serif", size: 11pt, lang: d.lang)
#set page(
  paper: "a4",
  margin: (top: 3.8cm, bottom: 2.6cm, x: 2.4cm),
  header: grid(
    columns: (1fr, auto),
    align: (left + horizon, right + horizon),
    if d.logo != "" { image(d.logo, height: 1.6cm) } else { text(size: 15pt, weight: "bold", d.company) },
    text(size: 8.5pt, { strong(d.company); for l in d.company_lines { linebreak(); l } }),
  ),
  footer: context align(center, text(size: 8.5pt, d.page_word + " " + str(counter(page).get().first()) + " " + d.of_word + " " + str(counter(page).final().first()))),
)
#set par(justify: true, spacing: 1.1em)

#block(below: 1cm, { d.recipient_name; for l in d.recipient_lines { linebreak(); l } })
#align(right, d.place_date)
#v(0.5cm)
#block(below: 0.8em, strong(d.subject))
#for p in d.body { par(p.join(linebreak())) }
"#;

/// The company's letterhead (from the admin area).
#[derive(Debug, Clone, Default)]
pub struct Letterhead {
    pub company: String,
    /// Address, tax id, phone, e-mail, web: one line each, empty ones left out.
    pub lines: Vec<String>,
    /// The logo's bytes and its file extension (`png`, `jpg`, `svg` ...).
    pub logo: Option<(Vec<u8>, &'static str)>,
}

/// One letter, already filled in.
#[derive(Debug, Clone)]
pub struct Letter {
    /// The letter's language (hyphenation and typography), `es`, `en` or `pl`.
    pub lang: &'static str,
    pub subject: String,
    /// Paragraphs parted by blank lines; line breaks within a paragraph are kept.
    pub body: String,
    pub recipient_name: String,
    pub recipient_lines: Vec<String>,
    /// Where and when, as the letter's language writes it.
    pub place_date: String,
    /// "Page" and "of" in the letter's language.
    pub page_word: &'static str,
    pub of_word: &'static str,
}

fn string(s: &str) -> Value {
    Value::Str(Str::from(s))
}

fn strings<'a>(items: impl IntoIterator<Item = &'a str>) -> Value {
    Value::Array(items.into_iter().map(string).collect::<Array>())
}

impl Letter {
    fn inputs(&self, head: &Letterhead, logo_path: &str) -> Dict {
        let paragraphs: Array = self
            .body
            .replace("\r\n", "\n")
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| strings(p.lines().map(str::trim_end)))
            .collect();
        let mut d = Dict::new();
        let mut put = |k: &str, v: Value| {
            d.insert(Str::from(k), v);
        };
        put("lang", string(self.lang));
        put("subject", string(&self.subject));
        put("company", string(&head.company));
        put(
            "company_lines",
            strings(head.lines.iter().map(String::as_str)),
        );
        put("logo", string(logo_path));
        put("recipient_name", string(&self.recipient_name));
        put(
            "recipient_lines",
            strings(self.recipient_lines.iter().map(String::as_str)),
        );
        put("place_date", string(&self.place_date));
        put("page_word", string(self.page_word));
        put("of_word", string(self.of_word));
        put("body", Value::Array(paragraphs));
        d
    }
}

/// The shipped fonts, read once per process.
static FONTS: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
});

fn file_id(path: &str) -> FileId {
    RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("a fixed, valid path"),
    )
    .intern()
}

/// What typst may read while compiling one letter: its layout and the logo, nothing else.
struct LetterWorld {
    library: LazyHash<Library>,
    main: Source,
    logo: Option<(FileId, Bytes)>,
}

impl World for LetterWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        match &self.logo {
            Some((logo, bytes)) if *logo == id => Ok(bytes.clone()),
            _ if id == self.main.id() => Ok(Bytes::from_string(self.main.clone())),
            _ => Err(FileError::AccessDenied),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.1.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        // Letters carry their date as text; the layout never asks for today.
        None
    }
}

/// The letter as PDF bytes, or why typst could not make it.
pub fn pdf(head: &Letterhead, letter: &Letter) -> Result<Vec<u8>, String> {
    let logo = head.logo.as_ref().map(|(bytes, ext)| {
        let path = format!("/logo.{ext}");
        (path, Bytes::new(bytes.clone()))
    });
    let logo_path = logo.as_ref().map(|(p, _)| p.clone()).unwrap_or_default();
    let library = Library::builder()
        .with_inputs(letter.inputs(head, &logo_path))
        .build();
    let world = LetterWorld {
        library: LazyHash::new(library),
        main: Source::new(file_id("/letter.typ"), LAYOUT.to_string()),
        logo: logo.map(|(p, b)| (file_id(&p), b)),
    };
    let document = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|errors| describe(&errors))?;
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(letter.subject.clone()),
        ..typst_pdf::PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| describe(&errors))
}

fn describe(errors: &[typst::diag::SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|e| e.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_compiles_to_a_pdf_with_its_pages() {
        let head = Letterhead {
            company: "Compañía Łódzka S.A.".into(),
            lines: vec!["ul. Żółta 5, Łódź".into()],
            logo: None,
        };
        let letter = Letter {
            lang: "pl",
            subject: "Rozstrzygnięcie sprawy 2026-000001".into(),
            body: "Szanowna Pani,\n\nżółć {{nie}} #set text(red)\nza łąką.".repeat(60),
            recipient_name: "Zażółć Gęślą".into(),
            recipient_lines: vec![],
            place_date: "1 grudnia 2026".into(),
            page_word: "Strona",
            of_word: "z",
        };
        let bytes = pdf(&head, &letter).expect("the letter compiles");
        assert!(bytes.starts_with(b"%PDF-"));
        // Long enough for more than one page: the page count is in the document.
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("/Type /Page") || text.contains("/Type/Page"));
    }
}
