//! Markers along a time axis (events, the as-of day): a thin dashed line down
//! the plot from a label in a strip above it. Labels never touch: markers
//! whose labels would touch share one, their numbers written as ranges ("4–5",
//! "2–4, 7"); and a dashed line stops short of any end label it would cross.

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{Chart2d, YAxis};
use super::figure::line_step;
use super::parts::{LineFigure, Tip, TipArea};
use super::pen::{err, style, Area};
use super::text::{self, Canvas};
use super::text_box::{self, TextBox};
use super::theme::{self, AXIS, MUTED};

/// The strip above the plot for the markers' labels, if any is drawn.
pub(super) fn strip(fig: &LineFigure) -> i32 {
    if fig.markers.is_empty() {
        0
    } else {
        line_step(theme::SMALL_SIZE) + 4
    }
}

/// Event markers: a thin dashed line down the plot from a number in the strip
/// above it; numbers that would touch share one label ("4–5"). A dashed line
/// stops short of any end label it would cross.
pub(super) fn draw<DB: Canvas>(
    root: &Area<DB>,
    chart: &Chart2d<DB>,
    fig: &LineFigure,
    (xlo, xhi): (f64, f64),
    y: &YAxis,
    labels: &[TextBox],
) -> Result<Vec<Tip>, String> {
    let number_style = style(theme::SMALL_SIZE, &MUTED).pos(Pos::new(HPos::Center, VPos::Top));
    let (plot_x, plot_y) = chart.plotting_area().get_pixel_range();
    let strip_top = plot_y.start - strip(fig);
    let shown: Vec<(i32, String)> = fig
        .markers
        .iter()
        .filter(|m| (xlo..=xhi).contains(&m.x))
        .map(|m| (chart.backend_coord(&(m.x, y.hi)).0, theme::clean(&m.label)))
        .collect();
    let bounds = (
        f64::from(plot_x.start),
        f64::from(root.dim_in_pixel().0) - 2.0,
    );
    let width = |t: &str| text::width(t, theme::SMALL_SIZE, false);
    let mut in_order = shown.clone();
    in_order.sort_by_key(|(x, _)| *x);
    for Cluster { centre, text, .. } in cluster(&in_order, width, bounds, 6.0) {
        text::draw(
            root,
            &text,
            (centre.round() as i32, strip_top),
            &number_style,
        )?;
    }
    let (_, down) = text_box::vertical(VPos::Top, theme::SMALL_SIZE);
    let line_top = strip_top + down.ceil() as i32 + 2;
    let bottom = plot_y.end;
    let mut tips = Vec::new();
    let in_range = fig.markers.iter().filter(|m| (xlo..=xhi).contains(&m.x));
    for (marker, (px, _)) in in_range.zip(&shown) {
        for (from, to) in open_stretches(*px, (line_top, bottom), labels) {
            root.draw(&DashedPathElement::new(
                vec![(*px, from), (*px, to)],
                3,
                3,
                AXIS.stroke_width(1),
            ))
            .map_err(err)?;
        }
        // A strip 10 pixels wide along the marker, from its number down.
        tips.push(Tip {
            area: TipArea::Rect {
                left: px - 5,
                top: strip_top,
                right: px + 5,
                bottom,
            },
            text: marker.tip.clone(),
        });
    }
    Ok(tips)
}

/// The stretches of the vertical line at `x` from `top` to `bottom` that
/// cross no label's box (with 2 pixels' room).
fn open_stretches(x: i32, (top, bottom): (i32, i32), labels: &[TextBox]) -> Vec<(i32, i32)> {
    let mut blocked: Vec<(i32, i32)> = labels
        .iter()
        .map(|b| b.grown(2.0))
        .filter(|b| (b.left..=b.right).contains(&f64::from(x)))
        .map(|b| (b.top.floor() as i32, b.bottom.ceil() as i32))
        .collect();
    blocked.sort_unstable();
    let mut out = Vec::new();
    let mut from = top;
    for (b_top, b_bottom) in blocked {
        if b_top > from {
            out.push((from, b_top.min(bottom)));
        }
        from = from.max(b_bottom);
    }
    if from < bottom {
        out.push((from, bottom));
    }
    out.retain(|(a, b)| b - a >= 3);
    out
}

/// One label for markers next to each other.
#[derive(Clone, Debug, PartialEq)]
struct Cluster {
    /// Where the label is centred, in pixels.
    centre: f64,
    text: String,
    /// The markers it stands for, by their index in the input.
    members: Vec<usize>,
}

/// Labels for markers at the given pixels (in order), none closer than `gap`
/// to the next and each inside `lo..hi`; `width` measures a label.
fn cluster(
    markers: &[(i32, String)],
    width: impl Fn(&str) -> f64,
    (lo, hi): (f64, f64),
    gap: f64,
) -> Vec<Cluster> {
    let span = |c: &Cluster| {
        let w = width(&c.text);
        let centre = c
            .centre
            .clamp(lo + w / 2.0, (hi - w / 2.0).max(lo + w / 2.0));
        (centre - w / 2.0, centre + w / 2.0, centre)
    };
    let mut out: Vec<Cluster> = Vec::new();
    for (i, (x, _)) in markers.iter().enumerate() {
        out.push(Cluster {
            centre: f64::from(*x),
            text: joined(markers, &[i]),
            members: vec![i],
        });
        while out.len() > 1 {
            let (_, a_right, _) = span(&out[out.len() - 2]);
            let (b_left, _, _) = span(&out[out.len() - 1]);
            if a_right + gap <= b_left {
                break;
            }
            let b = out.pop().expect("two labels");
            let a = out.last_mut().expect("two labels");
            a.members.extend(b.members);
            a.text = joined(markers, &a.members);
            let first = markers[a.members[0]].0;
            let last = markers[*a.members.last().expect("members")].0;
            a.centre = f64::from(first + last) / 2.0;
        }
    }
    for c in &mut out {
        c.centre = span(c).2;
    }
    out
}

/// The labels of `members` as one: runs of consecutive numbers as ranges,
/// other labels as they are, separated by commas.
fn joined(markers: &[(i32, String)], members: &[usize]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut run: Option<(u32, u32)> = None;
    let close = |run: (u32, u32), parts: &mut Vec<String>| {
        parts.push(if run.0 == run.1 {
            run.0.to_string()
        } else {
            format!("{}–{}", run.0, run.1)
        });
    };
    for &m in members {
        let label = &markers[m].1;
        match (label.parse::<u32>().ok(), run) {
            (Some(n), Some((a, b))) if n == b + 1 => run = Some((a, n)),
            (Some(n), _) => {
                if let Some(r) = run {
                    close(r, &mut parts);
                }
                run = Some((n, n));
            }
            (None, _) => {
                if let Some(r) = run.take() {
                    close(r, &mut parts);
                }
                parts.push(label.clone());
            }
        }
    }
    if let Some(r) = run {
        close(r, &mut parts);
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 7 pixels a character, as a stand-in for the font.
    fn width(text: &str) -> f64 {
        7.0 * text.chars().count() as f64
    }

    fn markers(at: &[(i32, &str)]) -> Vec<(i32, String)> {
        at.iter().map(|&(x, l)| (x, l.to_string())).collect()
    }

    #[test]
    fn labels_apart_stay_apart() {
        let c = cluster(
            &markers(&[(100, "1"), (200, "2")]),
            width,
            (0.0, 400.0),
            6.0,
        );
        assert_eq!(c.len(), 2);
        assert_eq!((c[0].centre, c[1].text.as_str()), (100.0, "2"));
    }

    #[test]
    fn touching_numbers_merge_into_ranges() {
        // 4 and 5 two pixels apart; 6 far; 9, 10 and 12 close together.
        let c = cluster(
            &markers(&[
                (100, "4"),
                (102, "5"),
                (200, "6"),
                (300, "9"),
                (305, "10"),
                (310, "12"),
            ]),
            width,
            (0.0, 400.0),
            6.0,
        );
        let texts: Vec<&str> = c.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["4–5", "6", "9–10, 12"]);
        assert_eq!(c[0].centre, 101.0, "between its markers");
        assert_eq!(c[2].members, [3, 4, 5]);
    }

    #[test]
    fn a_merged_label_that_reaches_its_neighbour_takes_it_in() {
        // "1" at 100 and "2" at 108 merge into "1–2" (21 px), which then
        // reaches "3" at 120.
        let c = cluster(
            &markers(&[(100, "1"), (108, "2"), (120, "3")]),
            width,
            (0.0, 400.0),
            6.0,
        );
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].text, "1–3");
    }

    #[test]
    fn marker_lines_stop_at_labels() {
        let label = TextBox {
            left: 100.0,
            top: 50.0,
            right: 180.0,
            bottom: 64.0,
        };
        assert_eq!(
            open_stretches(120, (10, 200), &[label]),
            [(10, 48), (66, 200)]
        );
        assert_eq!(open_stretches(90, (10, 200), &[label]), [(10, 200)]);
    }

    #[test]
    fn labels_stay_inside_the_bounds() {
        let c = cluster(
            &markers(&[(2, "10"), (398, "as of")]),
            width,
            (0.0, 400.0),
            6.0,
        );
        assert_eq!(c[0].centre, 7.0);
        assert_eq!(c[1].centre, 400.0 - 17.5);
        assert_eq!(
            joined(&markers(&[(0, "8"), (0, "as of")]), &[0, 1]),
            "8, as of"
        );
    }
}
