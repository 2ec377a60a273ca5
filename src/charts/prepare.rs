//! Making data safe to plot. plotters hangs on an empty range, asserts on NaN,
//! draws NaN at the axis edge and divides by zero on a reversed range, so every
//! series passes through here first: non-finite values dropped, points sorted,
//! ranges padded, long series reduced to what the pixels can show.

/// A line keeps at most twice this many points: the lowest and highest of each
/// bucket of x (the plot is about 560 px wide).
pub const BUCKETS: usize = 560;

/// How a plotted value was reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// A computed point: no marker.
    None,
    Exact,
    AtLeast,
    MoreThan,
    Approx,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
    pub mark: Mark,
}

impl Point {
    pub fn new(x: f64, y: f64, mark: Mark) -> Point {
        Point { x, y, mark }
    }
}

/// Keeps finite points only, ordered by x.
pub fn clean(points: &mut Vec<Point>) {
    points.retain(|p| p.x.is_finite() && p.y.is_finite());
    points.sort_by(|a, b| a.x.total_cmp(&b.x));
}

/// The range to draw `values` in: padded so a flat series or a single point still
/// has height, and reaching zero when `with_zero` (bars start at zero).
pub fn linear_range(values: impl Iterator<Item = f64>, with_zero: bool) -> Option<(f64, f64)> {
    let (mut lo, mut hi) = min_max(values)?;
    if with_zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    if lo == hi {
        let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        return Some((lo - pad, hi + pad));
    }
    let pad = (hi - lo) * 0.06;
    Some((
        if lo == 0.0 { 0.0 } else { lo - pad },
        if hi == 0.0 { 0.0 } else { hi + pad },
    ))
}

/// The range in log10 space for positive values (others cannot be shown on a
/// log scale and are left out by the caller).
pub fn log_range(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    let (lo, hi) = min_max(values.filter(|v| *v > 0.0).map(f64::log10))?;
    Some((lo - 0.15, hi + 0.15))
}

/// True when the positive values span more than a factor of 100.
pub fn spans_over_100x(values: impl Iterator<Item = f64>) -> bool {
    min_max(values.filter(|v| *v > 0.0)).is_some_and(|(lo, hi)| hi / lo > 100.0)
}

fn min_max(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

/// The x distance beyond which a sorted series has a gap (a missing quarter):
/// well over its usual step. Judged on the full series, before any downsampling.
pub fn gap_step(points: &[Point]) -> f64 {
    if points.len() < 3 {
        return f64::INFINITY;
    }
    let mut steps: Vec<f64> = points.windows(2).map(|w| w[1].x - w[0].x).collect();
    steps.sort_by(f64::total_cmp);
    steps[steps.len() / 2] * 1.6
}

/// Splits a sorted series where consecutive points are further apart than `gap`,
/// so that no line is drawn across missing data.
pub fn split_gaps(points: &[Point], gap: f64) -> Vec<&[Point]> {
    let mut parts = Vec::new();
    let mut start = 0;
    for i in 1..points.len() {
        if points[i].x - points[i - 1].x > gap {
            parts.push(&points[start..i]);
            start = i;
        }
    }
    parts.push(&points[start..]);
    parts
}

/// Downsamples a full series for a line: the reduced points and the gap
/// distance to draw them with (a reduced series steps up to two buckets at once).
pub fn for_line(points: &[Point], buckets: usize) -> (Vec<Point>, f64) {
    let gap = gap_step(points);
    if points.len() <= buckets * 2 {
        return (points.to_vec(), gap);
    }
    let width = (points[points.len() - 1].x - points[0].x) / buckets as f64;
    (downsample(points, buckets), gap.max(2.0 * width + 1.0))
}

/// Reduces a sorted series to at most `2 x buckets` points: the lowest and the
/// highest of each bucket of x, in x order, so peaks and troughs survive.
pub fn downsample(points: &[Point], buckets: usize) -> Vec<Point> {
    if points.len() <= buckets * 2 || buckets == 0 {
        return points.to_vec();
    }
    let (first, last) = (points[0].x, points[points.len() - 1].x);
    let width = (last - first) / buckets as f64;
    let mut out = Vec::with_capacity(buckets * 2);
    let mut i = 0;
    for b in 0..buckets {
        let end = if b + 1 == buckets {
            f64::INFINITY
        } else {
            first + width * (b + 1) as f64
        };
        let start = i;
        while i < points.len() && points[i].x < end {
            i += 1;
        }
        let bucket = &points[start..i];
        let (Some(low), Some(high)) = (
            bucket.iter().min_by(|a, b| a.y.total_cmp(&b.y)),
            bucket.iter().max_by(|a, b| a.y.total_cmp(&b.y)),
        ) else {
            continue;
        };
        if low.x <= high.x {
            out.push(*low);
            if high != low {
                out.push(*high);
            }
        } else {
            out.push(*high);
            out.push(*low);
        }
    }
    out
}

/// Round tick positions covering `lo..hi`: steps of 1, 2, 2.5 or 5 x 10^k.
pub fn ticks(lo: f64, hi: f64, wanted: usize) -> Vec<f64> {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        return vec![lo];
    }
    let raw = span / wanted.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last).map(|k| k as f64 * step).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(x: f64, y: f64) -> Point {
        Point::new(x, y, Mark::None)
    }

    #[test]
    fn clean_drops_non_finite_and_sorts() {
        let mut points = vec![
            p(3.0, 1.0),
            p(1.0, f64::NAN),
            p(2.0, f64::INFINITY),
            p(0.0, 5.0),
        ];
        clean(&mut points);
        assert_eq!(points, [p(0.0, 5.0), p(3.0, 1.0)]);
    }

    #[test]
    fn ranges_never_collapse() {
        assert_eq!(
            linear_range([5.0, 5.0].into_iter(), false),
            Some((4.5, 5.5))
        );
        assert_eq!(linear_range([0.0].into_iter(), false), Some((-1.0, 1.0)));
        assert_eq!(linear_range(std::iter::empty(), false), None);
        assert_eq!(linear_range([f64::NAN].into_iter(), false), None);
        // Bars reach zero; negative values keep room below it.
        let (lo, hi) = linear_range([-2.0, 3.0].into_iter(), true).unwrap();
        assert!(lo < -2.0 && hi > 3.0);
        assert_eq!(linear_range([2.0, 4.0].into_iter(), true).unwrap().0, 0.0);
    }

    #[test]
    fn log_ranges_skip_non_positive_values() {
        let (lo, hi) = log_range([0.0, 10.0, 1000.0].into_iter()).unwrap();
        assert!((lo - 0.85).abs() < 1e-12 && (hi - 3.15).abs() < 1e-12);
        assert!(spans_over_100x([1e6, 1e9].into_iter()));
        assert!(!spans_over_100x([1e7, 9e8].into_iter()));
    }

    #[test]
    fn gaps_split_lines() {
        // Quarterly points with one quarter missing between the third and fourth.
        let points = [
            p(0.0, 1.0),
            p(91.0, 1.0),
            p(182.0, 1.0),
            p(365.0, 1.0),
            p(456.0, 1.0),
        ];
        let parts = split_gaps(&points, gap_step(&points));
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].len(), 3);
        assert_eq!(parts[1].len(), 2);
    }

    #[test]
    fn a_downsampled_daily_series_has_no_false_gaps() {
        let points: Vec<Point> = (0..5_000)
            .map(|i| p(i as f64, ((i * 7919) % 613) as f64))
            .collect();
        let (small, gap) = for_line(&points, 100);
        assert_eq!(split_gaps(&small, gap).len(), 1);
        // A real hole of 400 days is still a gap.
        let holed: Vec<Point> = points
            .iter()
            .filter(|q| !(2_000.0..2_400.0).contains(&q.x))
            .copied()
            .collect();
        let (small, gap) = for_line(&holed, 100);
        assert_eq!(split_gaps(&small, gap).len(), 2);
    }

    #[test]
    fn downsampling_keeps_extremes_and_bounds_size() {
        let points: Vec<Point> = (0..10_000)
            .map(|i| p(i as f64, if i == 5_000 { 1e6 } else { (i % 7) as f64 }))
            .collect();
        let small = downsample(&points, 100);
        assert!(small.len() <= 200);
        assert!(small.iter().any(|q| q.y == 1e6), "the spike survives");
        assert!(small.windows(2).all(|w| w[0].x <= w[1].x));
        assert_eq!(downsample(&points[..50], 100).len(), 50);
    }

    #[test]
    fn ticks_are_round() {
        assert_eq!(ticks(0.0, 100.0, 5), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(ticks(-3.0, 4.5, 5), [-2.0, 0.0, 2.0, 4.0]);
        assert_eq!(ticks(5.0, 5.0, 5), [5.0]);
    }
}
