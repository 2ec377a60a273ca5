//! The labels of markers along an axis (event numbers, "as of"), placed so
//! that none touches another: markers whose labels would touch share one
//! label, their numbers written as ranges ("4–5", "2–4, 7").

/// One label for markers next to each other.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Cluster {
    /// Where the label is centred, in pixels.
    pub centre: f64,
    pub text: String,
    /// The markers it stands for, by their index in the input.
    pub members: Vec<usize>,
}

/// Labels for markers at the given pixels (in order), none closer than `gap`
/// to the next and each inside `lo..hi`; `width` measures a label.
pub(super) fn cluster(
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
