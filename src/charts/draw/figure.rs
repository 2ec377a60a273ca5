//! Drawing a figure with plotters: a header (title, subtitle, legend), the plot,
//! and a source line, in the style of good data journalism: few gridlines, direct
//! labels at the end of lines, a zero line where values go negative.
//!
//! Two kinds of figure cover every chart: lines over time (or any x) and grouped
//! bars over categories. Both draw on any plotters backend, so the SVG and the
//! PNG are the same picture. The SVG then gets its accessible name and
//! description (`svg.rs`). What a figure holds is in `parts.rs`, axes in
//! `axes.rs`, the two kinds in `lines.rs` and `bars.rs`.
//!
//! Text is laid out before anything is drawn (`Layout`): the title, subtitle,
//! legend and source line wrap to the width, and the figure grows taller when
//! they need more lines than its usual height holds, so nothing is cut.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::bars::draw_bars;
use super::lines::{draw_lines, end_labels_fit};
use super::parts::{Figure, Plot, Tip};
use super::pen::{bold, draw_mark, err, style, Area, LEFT};
use super::text::{self, Canvas};
use super::theme::{self, BACKGROUND, MUTED, TEXT};
use crate::charts::prepare::Mark;

/// The plot's least height, in pixels, for each width: below it the header and
/// source line make the figure taller instead.
fn least_body(width: u32) -> i32 {
    if width < theme::WIDTH {
        300
    } else {
        240
    }
}

/// Pixels from one line of text to the next, at plotters' `size`: the glyph
/// box and a little air.
pub(super) fn line_step(size: f64) -> i32 {
    size.ceil() as i32 + 3
}

/// Where every text around the plot goes, worked out before drawing, and the
/// figure's size.
pub(crate) struct Layout {
    pub width: u32,
    pub height: u32,
    title: Vec<String>,
    subtitle: Vec<String>,
    legend: Vec<LegendEntry>,
    source: Vec<String>,
    /// Where the plot's area starts, from the top.
    pub(super) header: i32,
    /// The room kept under the plot's area for the source line.
    pub(super) footer: i32,
    /// The lines are named in the legend, their end labels not fitting beside them.
    pub(super) lines_in_legend: bool,
}

impl Figure {
    /// The figure laid out at `width`, `height` pixels or taller.
    pub(crate) fn layout(&self, (width, height): (u32, u32)) -> Layout {
        let room = f64::from(width as i32 - 2 * LEFT);
        let clean = |t: &str| theme::clean(t);
        let title = text::wrap(&clean(&self.title), theme::TITLE_SIZE, true, room);
        let subtitle = text::wrap(&clean(&self.subtitle), theme::SUBTITLE_SIZE, false, room);
        let source = text::wrap(&clean(&self.source), theme::SMALL_SIZE, false, room);
        let footer = 9 + 8 + line_step(theme::SMALL_SIZE) * source.len() as i32;
        let header_without_legend = 12
            + line_step(theme::TITLE_SIZE) * title.len() as i32
            + 4
            + line_step(theme::SUBTITLE_SIZE) * subtitle.len() as i32;
        let mut layout = Layout {
            width,
            height,
            title,
            subtitle,
            legend: Vec::new(),
            source,
            header: 0,
            footer,
            lines_in_legend: false,
        };
        layout.place_legend(self.legend(false), header_without_legend);
        if let Plot::Lines(lines) = &self.plot {
            let body = layout.height as i32 - layout.header - layout.footer;
            if !end_labels_fit(lines, width, body) {
                layout.lines_in_legend = true;
                layout.place_legend(self.legend(true), header_without_legend);
            }
        }
        layout
    }

    /// The size of the figure's PNG (and of its wide SVG).
    pub fn size(&self) -> (u32, u32) {
        let layout = self.layout((theme::WIDTH, theme::HEIGHT));
        (layout.width, layout.height)
    }

    /// Draws the whole figure on `root`, as `layout` placed it; returns the
    /// tips of its marks (the SVG writes them, a PNG has no use for them).
    pub(crate) fn draw<DB: Canvas>(
        &self,
        root: &Area<DB>,
        layout: &Layout,
    ) -> Result<Vec<Tip>, String> {
        root.fill(&BACKGROUND).map_err(err)?;
        layout.draw_header(root)?;
        let source_style = style(theme::SMALL_SIZE, &MUTED).pos(Pos::new(HPos::Left, VPos::Bottom));
        let step = line_step(theme::SMALL_SIZE);
        let last = layout.height as i32 - 9;
        let first = last - step * (layout.source.len() as i32 - 1);
        for (i, line) in layout.source.iter().enumerate() {
            text::draw(root, line, (LEFT, first + step * i as i32), &source_style)?;
        }
        match &self.plot {
            Plot::Lines(lines) => draw_lines(root, layout, lines),
            Plot::Bars(bars) => draw_bars(root, layout, bars),
        }
    }

    /// Legend entries: bar series when there are several; the qualifier marks
    /// when a line figure uses them (lines are labelled directly), and the
    /// lines themselves when `lines` (their end labels do not fit).
    fn legend(&self, lines: bool) -> Vec<(LegendKey, String)> {
        match &self.plot {
            Plot::Bars(b) if b.series.len() > 1 => b
                .series
                .iter()
                .map(|s| (LegendKey::Swatch(s.color), theme::clean(&s.label)))
                .collect(),
            Plot::Bars(_) => Vec::new(),
            Plot::Lines(l) => {
                let marks: Vec<Mark> = l
                    .lines
                    .iter()
                    .flat_map(|s| s.points.iter().map(|p| p.mark))
                    .collect();
                let mut legend = Vec::new();
                if lines {
                    for line in &l.lines {
                        let value = line
                            .points
                            .last()
                            .map_or_else(String::new, |p| crate::format::in_unit(p.y, l.unit));
                        let text = format!("{} {value}", theme::clean(&line.label));
                        let key = if line.dashed {
                            LegendKey::Dash(line.color)
                        } else {
                            LegendKey::Line(line.color)
                        };
                        legend.push((key, text));
                    }
                }
                // One triangle for both kinds of minimum.
                let minimum = match (
                    marks.contains(&Mark::AtLeast),
                    marks.contains(&Mark::MoreThan),
                ) {
                    (true, true) => Some("at least or more than"),
                    (true, false) => Some("at least"),
                    (false, true) => Some("more than"),
                    (false, false) => None,
                };
                if let Some(words) = minimum {
                    legend.push((LegendKey::Mark(Mark::AtLeast), words.to_string()));
                }
                if marks.contains(&Mark::Approx) {
                    legend.push((LegendKey::Mark(Mark::Approx), "approximate".to_string()));
                }
                let mixed = l.lines.iter().any(|s| s.dashed) && l.lines.iter().any(|s| !s.dashed);
                if mixed && !lines {
                    let dashed = l.lines.iter().find(|s| s.dashed).expect("a dashed line");
                    legend.push((LegendKey::Dash(dashed.color), theme::clean(&dashed.label)));
                }
                legend
            }
        }
    }
}

#[derive(Clone, Copy)]
enum LegendKey {
    Swatch(RGBColor),
    Mark(Mark),
    Dash(RGBColor),
    Line(RGBColor),
}

/// A legend entry where it goes: its key at (`x`, `y`), its text in lines beside it.
struct LegendEntry {
    key: LegendKey,
    lines: Vec<String>,
    x: i32,
    y: i32,
}

/// The room a legend key takes before its text.
const KEY: i32 = 20;

impl Layout {
    /// Flows the legend's entries in rows under the subtitle, each entry's text
    /// wrapped when it is wider than a row; sets where the header ends and how
    /// tall the figure is.
    fn place_legend(&mut self, entries: Vec<(LegendKey, String)>, top: i32) {
        let width = self.width as i32;
        let room = width - 2 * LEFT;
        let step = line_step(theme::LABEL_SIZE);
        let (mut x, mut y, mut row_lines) = (LEFT, top + 8, 1);
        self.legend.clear();
        for (key, words) in entries {
            let lines = text::wrap(&words, theme::LABEL_SIZE, false, f64::from(room - KEY));
            let w = lines
                .iter()
                .map(|l| text::width(l, theme::LABEL_SIZE, false).ceil() as i32)
                .max()
                .unwrap_or(0);
            if x > LEFT && x + KEY + w > width - LEFT {
                x = LEFT;
                y += step * row_lines + 4;
                row_lines = 1;
            }
            row_lines = row_lines.max(lines.len() as i32);
            self.legend.push(LegendEntry { key, lines, x, y });
            x += KEY + w + 16;
        }
        self.header = if self.legend.is_empty() {
            top + 8
        } else {
            y + step * row_lines + 6
        };
        let least = self.header + least_body(self.width) + self.footer;
        self.height = self.height.max(least as u32);
    }

    /// Title, subtitle and legend as placed.
    fn draw_header<DB: Canvas>(&self, root: &Area<DB>) -> Result<(), String> {
        let mut y = 12;
        let title_style = bold(theme::TITLE_SIZE, &TEXT);
        for line in &self.title {
            text::draw(root, line, (LEFT, y), &title_style)?;
            y += line_step(theme::TITLE_SIZE);
        }
        y += 4;
        let subtitle_style = style(theme::SUBTITLE_SIZE, &MUTED);
        for line in &self.subtitle {
            text::draw(root, line, (LEFT, y), &subtitle_style)?;
            y += line_step(theme::SUBTITLE_SIZE);
        }
        let text_style = style(theme::LABEL_SIZE, &TEXT);
        let step = line_step(theme::LABEL_SIZE);
        for entry in &self.legend {
            let (x, y) = (entry.x, entry.y);
            match entry.key {
                LegendKey::Swatch(color) => {
                    root.draw(&Rectangle::new(
                        [(x, y + 1), (x + 12, y + 13)],
                        color.filled(),
                    ))
                    .map_err(err)?;
                }
                LegendKey::Mark(mark) => draw_mark(root, (x + 6, y + 7), mark, &TEXT)?,
                LegendKey::Dash(color) => {
                    root.draw(&DashedPathElement::new(
                        vec![(x, y + 7), (x + 15, y + 7)],
                        4,
                        3,
                        color.stroke_width(2),
                    ))
                    .map_err(err)?;
                }
                LegendKey::Line(color) => {
                    root.draw(&PathElement::new(
                        vec![(x, y + 7), (x + 15, y + 7)],
                        color.stroke_width(3),
                    ))
                    .map_err(err)?;
                }
            }
            for (i, line) in entry.lines.iter().enumerate() {
                text::draw(root, line, (x + KEY, y + step * i as i32), &text_style)?;
            }
        }
        Ok(())
    }
}
