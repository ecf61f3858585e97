//! SPEC J2: charts of the pivot's figures, drawn as SVG on the server with `plotters` (so the
//! browser build carries no charting code). Every bar, point and segment is a link to the grid
//! filtered to exactly its cases; the numbers come along as a table for screen readers.

use super::{analyst, pivot_for};
use crate::backend::{AppError, AppState};
use crate::domain::analysis::{query_string, Axis, CaseFilter, Measure, PivotQuery};
use crate::i18n::Locale;
use crate::model::{ChartView, Viewer};
use plotters::coord::Shift;
use plotters::prelude::*;
use serde::{Deserialize, Serialize};

/// The charts offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChartKind {
    /// Cases per value of an axis, as horizontal bars.
    Bars,
    /// Cases filed per month, as a line.
    Monthly,
    /// Each value's share of all cases, as one bar split in segments.
    Share,
}

const WIDTH: u32 = 760;
const PALETTE: [RGBColor; 8] = [
    RGBColor(0x1f, 0x5f, 0x8b),
    RGBColor(0xb3, 0x5c, 0x00),
    RGBColor(0x2e, 0x7d, 0x32),
    RGBColor(0x8e, 0x24, 0xaa),
    RGBColor(0xc6, 0x28, 0x28),
    RGBColor(0x00, 0x69, 0x7c),
    RGBColor(0x6d, 0x4c, 0x41),
    RGBColor(0x45, 0x5a, 0x64),
];
/// A bar chart shows the largest values up to this many; the table beside it holds them all.
const MOST: usize = 25;

/// A clickable region laid over the drawing: the rectangle in pixels, its link and its title.
struct Hit {
    x: i32,
    y: i32,
    w: i32,
    h: i32,
    href: String,
    title: String,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The drawing with its links laid over it, and the chart's name for assistive technology.
fn finish(svg: String, hits: &[Hit], label: &str) -> String {
    let mut overlay = String::new();
    for h in hits {
        overlay.push_str(&format!(
            "<a href=\"{}\" class=\"chart-hit\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"transparent\"><title>{}</title></rect></a>",
            escape(&h.href),
            h.x,
            h.y,
            h.w.max(3),
            h.h.max(3),
            escape(&h.title)
        ));
    }
    let svg = svg.replacen(
        "<svg ",
        &format!("<svg role=\"img\" aria-label=\"{}\" ", escape(label)),
        1,
    );
    match svg.rfind("</svg>") {
        Some(end) => format!("{}{}{}", &svg[..end], overlay, &svg[end..]),
        None => svg,
    }
}

fn grid_link(filter: &CaseFilter) -> String {
    format!("/analysis/grid?{}", query_string(&filter.to_query()))
}

fn failed<E: std::fmt::Debug>(e: E) -> AppError {
    AppError::Internal(format!("chart: {e:?}"))
}

fn text_style(size: u32) -> TextStyle<'static> {
    ("sans-serif", size).into_font().color(&BLACK)
}

/// A chart of the filtered cases by `axis` (the monthly chart by filing month).
pub async fn chart(
    state: &AppState,
    viewer: &Viewer,
    locale: Locale,
    kind: ChartKind,
    axis: Axis,
    filter: CaseFilter,
) -> Result<ChartView, AppError> {
    let mut conn = state.store.pool().acquire().await?;
    let who = analyst(&mut conn, viewer).await?;
    let axis = if kind == ChartKind::Monthly {
        Axis::FiledMonth
    } else {
        axis
    };
    let pivot = pivot_for(
        state,
        &mut conn,
        &who,
        locale,
        PivotQuery {
            rows: axis,
            cols: None,
            measure: Measure::Count,
            filter: filter.clone(),
        },
    )
    .await?;
    let t = locale.texts();
    let values: Vec<(String, i64, String)> = pivot
        .rows
        .iter()
        .zip(&pivot.row_totals)
        .map(|(v, f)| {
            (
                v.label.clone(),
                f.count,
                grid_link(&filter.with(axis, &v.filter_value())),
            )
        })
        .collect();
    let total = pivot.total.count;
    let points = values
        .iter()
        .map(|(label, n, href)| {
            let shown = match kind {
                ChartKind::Share if total > 0 => {
                    format!("{n} ({:.1} %)", *n as f64 * 100.0 / total as f64)
                }
                _ => n.to_string(),
            };
            (label.clone(), shown, href.clone())
        })
        .collect();
    let name = format!("{}: {}", t.an_chart, t.axis(axis));
    let svg = match kind {
        ChartKind::Bars => bars(&values)?,
        ChartKind::Monthly => monthly(&values)?,
        ChartKind::Share => share(&values, total)?,
    };
    Ok(ChartView {
        svg: finish(svg.0, &svg.1, &name),
        points,
    })
}

type Drawn = (String, Vec<Hit>);

fn bars(values: &[(String, i64, String)]) -> Result<Drawn, AppError> {
    let shown = &values[..values.len().min(MOST)];
    let n = shown.len().max(1);
    let height = 40 + 26 * n as u32;
    let max = shown.iter().map(|v| v.1).max().unwrap_or(0).max(1) as f64;
    let mut svg = String::new();
    let mut hits = Vec::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .margin_left(200)
            .x_label_area_size(24)
            .build_cartesian_2d(0f64..max * 1.12, 0f64..n as f64)
            .map_err(failed)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(6)
            .x_label_formatter(&|v| format!("{v:.0}"))
            .label_style(text_style(12))
            .draw()
            .map_err(failed)?;
        for (i, (label, count, href)) in shown.iter().enumerate() {
            let top = (n - i) as f64 - 0.15;
            let bottom = (n - i - 1) as f64 + 0.15;
            let color = PALETTE[0];
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(0.0, bottom), (*count as f64, top)],
                    color.filled(),
                )))
                .map_err(failed)?;
            let (x0, y0) = chart.backend_coord(&(0.0, top));
            let (x1, y1) = chart.backend_coord(&(*count as f64, bottom));
            let (_, mid) = chart.backend_coord(&(0.0, (top + bottom) / 2.0));
            draw_label(&root, &truncate(label, 30), (8, mid - 7), 12)?;
            draw_label(&root, &count.to_string(), (x1 + 4, mid - 7), 12)?;
            hits.push(Hit {
                x: x0,
                y: y0,
                w: x1 - x0,
                h: y1 - y0,
                href: href.clone(),
                title: format!("{label}: {count}"),
            });
        }
        root.present().map_err(failed)?;
    }
    Ok((svg, hits))
}

fn monthly(values: &[(String, i64, String)]) -> Result<Drawn, AppError> {
    // "Not set" has no place on a time line.
    let months: Vec<&(String, i64, String)> = values.iter().filter(|v| v.0.len() == 7).collect();
    let n = months.len().max(1);
    let max = months.iter().map(|v| v.1).max().unwrap_or(0).max(1) as f64;
    let mut svg = String::new();
    let mut hits = Vec::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, 320)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(16)
            .x_label_area_size(40)
            .y_label_area_size(50)
            .build_cartesian_2d(-0.5f64..n as f64 - 0.5, 0f64..max * 1.15)
            .map_err(failed)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_labels(6)
            .y_label_formatter(&|v| format!("{v:.0}"))
            .label_style(text_style(12))
            .draw()
            .map_err(failed)?;
        chart
            .draw_series(LineSeries::new(
                months
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (i as f64, v.1 as f64)),
                PALETTE[0].stroke_width(2),
            ))
            .map_err(failed)?;
        let every = n.div_ceil(12);
        for (i, (label, count, href)) in months.iter().map(|v| (&v.0, v.1, &v.2)).enumerate() {
            chart
                .draw_series(std::iter::once(Circle::new(
                    (i as f64, count as f64),
                    4,
                    PALETTE[0].filled(),
                )))
                .map_err(failed)?;
            let (x, y) = chart.backend_coord(&(i as f64, count as f64));
            let (_, base) = chart.backend_coord(&(i as f64, 0.0));
            if i % every == 0 {
                draw_label(&root, label, (x - 22, base + 8), 11)?;
            }
            hits.push(Hit {
                x: x - 8,
                y: y - 8,
                w: 16,
                h: 16,
                href: href.clone(),
                title: format!("{label}: {count}"),
            });
        }
        root.present().map_err(failed)?;
    }
    Ok((svg, hits))
}

fn share(values: &[(String, i64, String)], total: i64) -> Result<Drawn, AppError> {
    let shown = &values[..values.len().min(PALETTE.len())];
    const BAR: u32 = 64;
    let height = BAR + 16 + 22 * shown.len() as u32;
    let total = total.max(1) as f64;
    let mut svg = String::new();
    let mut hits = Vec::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        // The bar on top, the legend under it, each in its own part of the drawing.
        let (top, _) = root.split_vertically(BAR);
        let mut chart = ChartBuilder::on(&top)
            .margin(16)
            .build_cartesian_2d(0f64..100f64, 0f64..1f64)
            .map_err(failed)?;
        let mut from = 0.0;
        for (i, (label, count, href)) in shown.iter().enumerate() {
            let pct = *count as f64 * 100.0 / total;
            let to = from + pct;
            let color = PALETTE[i % PALETTE.len()];
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(from, 0.0), (to, 1.0)],
                    color.filled(),
                )))
                .map_err(failed)?;
            let (x0, y0) = chart.backend_coord(&(from, 1.0));
            let (x1, y1) = chart.backend_coord(&(to, 0.0));
            hits.push(Hit {
                x: x0,
                y: y0,
                w: x1 - x0,
                h: y1 - y0,
                href: href.clone(),
                title: format!("{label}: {count} ({pct:.1} %)"),
            });
            let ly = (BAR + 8) as i32 + 22 * i as i32;
            root.draw(&Rectangle::new([(16, ly), (30, ly + 14)], color.filled()))
                .map_err(failed)?;
            let text = format!("{} — {count} ({pct:.1} %)", truncate(label, 60));
            draw_label(&root, &text, (38, ly), 12)?;
            from = to;
        }
        root.present().map_err(failed)?;
    }
    Ok((svg, hits))
}

fn draw_label(
    root: &DrawingArea<SVGBackend<'_>, Shift>,
    text: &str,
    at: (i32, i32),
    size: u32,
) -> Result<(), AppError> {
    root.draw(&Text::new(text.to_string(), at, text_style(size)))
        .map_err(failed)
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max - 1).collect::<String>())
    }
}
