//! Drawing a figure with plotters: a header (title, subtitle, legend), the plot,
//! and a source line, in the style of good data journalism: few gridlines, direct
//! labels at the end of lines, a zero line where values go negative.
//!
//! Two kinds of figure cover every chart: lines over time (or any x) and grouped
//! bars over categories. Both draw on any plotters backend, so the SVG and the
//! PNG are the same picture. The SVG then gets its accessible name and
//! description (`svg.rs`). What a figure holds is in `parts.rs`, axes in
//! `axes.rs`, the two kinds in `lines.rs` and `bars.rs`.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::bars::draw_bars;
use super::lines::draw_lines;
use super::parts::{Figure, Plot, Tip};
use super::pen::{bold, draw_mark, err, style, Area, LEFT};
use super::theme::{self, BACKGROUND, MUTED, TEXT};
use crate::charts::prepare::Mark;

impl Figure {
    /// Draws the whole figure on `root`; returns the tips of its marks (the
    /// SVG writes them, a PNG has no use for them).
    pub fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> Result<Vec<Tip>, String> {
        root.fill(&BACKGROUND).map_err(err)?;
        let legend = self.legend();
        let header = draw_header(root, &self.title, &self.subtitle, &legend)?;
        let (_, height) = root.dim_in_pixel();
        let (width, _) = root.dim_in_pixel();
        let source_font = style(theme::SMALL_SIZE, &MUTED);
        let source = wrap(root, &self.source, &source_font, width as i32 - 2 * LEFT, 1).join(" ");
        root.draw(&Text::new(
            source,
            (LEFT, height as i32 - 9),
            style(theme::SMALL_SIZE, &MUTED).pos(Pos::new(HPos::Left, VPos::Bottom)),
        ))
        .map_err(err)?;
        match &self.plot {
            Plot::Lines(lines) => draw_lines(root, header, lines),
            Plot::Bars(bars) => draw_bars(root, header, bars),
        }
    }

    /// Legend entries: bar series when there are several; the qualifier marks
    /// when a line figure uses them (lines are labelled directly).
    fn legend(&self) -> Vec<(LegendKey, String)> {
        match &self.plot {
            Plot::Bars(b) if b.series.len() > 1 => b
                .series
                .iter()
                .map(|s| (LegendKey::Swatch(s.color), theme::label(&s.label, 28)))
                .collect(),
            Plot::Bars(_) => Vec::new(),
            Plot::Lines(l) => {
                let marks: Vec<Mark> = l
                    .lines
                    .iter()
                    .flat_map(|s| s.points.iter().map(|p| p.mark))
                    .collect();
                let mut legend = Vec::new();
                if marks.contains(&Mark::AtLeast) {
                    legend.push((LegendKey::Mark(Mark::AtLeast), "at least".to_string()));
                }
                if marks.contains(&Mark::Approx) {
                    legend.push((LegendKey::Mark(Mark::Approx), "approximate".to_string()));
                }
                if l.lines.iter().any(|s| s.dashed) && l.lines.iter().any(|s| !s.dashed) {
                    let dashed = l.lines.iter().find(|s| s.dashed).expect("a dashed line");
                    legend.push((
                        LegendKey::Dash(dashed.color),
                        theme::label(&dashed.label, 28),
                    ));
                }
                legend
            }
        }
    }
}

enum LegendKey {
    Swatch(RGBColor),
    Mark(Mark),
    Dash(RGBColor),
}

/// Breaks `text` into at most `max_lines` lines that fit `room` pixels; the last
/// line is cut with an ellipsis if the text is longer still.
fn wrap<DB: DrawingBackend>(
    root: &Area<DB>,
    text: &str,
    font: &TextStyle,
    room: i32,
    max_lines: usize,
) -> Vec<String> {
    // Text from the data: control characters out before anything is measured or drawn.
    let text = theme::label(text, usize::MAX);
    let width = |t: &str| {
        root.estimate_text_size(t, font)
            .map(|(w, _)| w as i32)
            .unwrap_or(0)
    };
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if width(&candidate) <= room || current.is_empty() {
            current = candidate;
        } else {
            lines.push(std::mem::replace(&mut current, word.to_string()));
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        let rest = lines.split_off(max_lines - 1).join(" ");
        lines.push(rest);
    }
    for line in &mut lines {
        // A single word wider than the room, or the joined rest: cut to fit.
        let mut keep = line.chars().count();
        while keep > 3 && width(line) > room {
            keep -= 1;
            *line = theme::label(line, keep);
        }
    }
    lines
}

/// Title, subtitle and legend, each wrapping as the width requires; returns the
/// height they take.
fn draw_header<DB: DrawingBackend>(
    root: &Area<DB>,
    title: &str,
    subtitle: &str,
    legend: &[(LegendKey, String)],
) -> Result<i32, String> {
    let (width, _) = root.dim_in_pixel();
    let room = width as i32 - 2 * LEFT;
    let mut y = 12;
    let title_font = bold(theme::TITLE_SIZE, &TEXT);
    for line in wrap(root, title, &title_font, room, 3) {
        root.draw(&Text::new(line, (LEFT, y), title_font.clone()))
            .map_err(err)?;
        y += 27;
    }
    y += 2;
    let subtitle_font = style(theme::SUBTITLE_SIZE, &MUTED);
    for line in wrap(root, subtitle, &subtitle_font, room, 3) {
        root.draw(&Text::new(line, (LEFT, y), subtitle_font.clone()))
            .map_err(err)?;
        y += 19;
    }
    if legend.is_empty() {
        return Ok(y + 8);
    }
    y += 6;
    let mut x = LEFT;
    let text_style = style(theme::LABEL_SIZE, &TEXT);
    for (key, text) in legend {
        let w = root
            .estimate_text_size(text, &text_style)
            .map(|(w, _)| w as i32)
            .unwrap_or(60);
        if x > LEFT && x + 17 + w > width as i32 - LEFT {
            x = LEFT;
            y += 20;
        }
        match key {
            LegendKey::Swatch(color) => {
                root.draw(&Rectangle::new([(x, y), (x + 11, y + 11)], color.filled()))
                    .map_err(err)?;
            }
            LegendKey::Mark(mark) => draw_mark(root, (x + 5, y + 6), *mark, &TEXT)?,
            LegendKey::Dash(color) => {
                root.draw(&DashedPathElement::new(
                    vec![(x, y + 6), (x + 14, y + 6)],
                    4,
                    3,
                    color.stroke_width(2),
                ))
                .map_err(err)?;
            }
        }
        root.draw(&Text::new(text.clone(), (x + 17, y), text_style.clone()))
            .map_err(err)?;
        x += 17 + w + 16;
    }
    Ok(y + 24)
}
