//! The join of the users readers' parts into one table, in series order.

use super::users_parts::Part;
use crate::diagnostics::Diagnostics;
use crate::model::{Interner, Qualifier, Users};

/// Joins parts in file order: codes mapped into one set of dictionaries, lines
/// shifted, diagnostics merged, and the rows put in series order. Each row is
/// moved once, from its part straight to its place in the table, one column at
/// a time (a part's copy freed as soon as it is moved), so the join needs little
/// memory beyond the rows.
pub(super) fn join(parts: Vec<(Part, u64)>, diags: &mut Diagnostics) -> Users {
    let mut products = Interner::default();
    let mut metrics = Interner::default();
    let mut sources = Interner::default();
    let mut counters = Interner::default();
    let mut users = Users::default();
    let mut pieces = Vec::new();
    // A part whose rows never say who counted has no counter column: when
    // another part has one, its rows are "not stated", coded in file order
    // (a part that kept no rows needs no code).
    let stated = parts.iter().any(|(p, _)| !p.users.measured_by.is_empty());
    let mut not_stated = None;
    for (mut part, shift) in parts {
        if stated && part.users.measured_by.is_empty() && !part.users.is_empty() {
            not_stated = Some(counters.code(""));
        }
        users.file = part.file;
        let remap = |local: Interner, global: &mut Interner| -> Vec<u32> {
            local
                .into_names()
                .iter()
                .map(|name| global.code(name))
                .collect()
        };
        let piece = Piece {
            products: remap(part.products, &mut products),
            metrics: remap(part.metrics, &mut metrics),
            sources: remap(part.sources, &mut sources),
            counters: remap(part.counters, &mut counters),
            shift,
            users: std::mem::take(&mut part.users),
        };
        let r = &piece.users.rejected;
        let global = |code: Option<u32>, to: &[u32]| code.map(|c| to[c as usize]);
        let rejected = &mut users.rejected;
        rejected.line.extend(r.line.iter().map(|l| l + shift));
        rejected
            .product
            .extend(r.product.iter().map(|&c| global(c, &piece.products)));
        rejected
            .source
            .extend(r.source.iter().map(|&c| global(c, &piece.sources)));
        diags.absorb(part.diags, shift);
        pieces.push(piece);
    }
    users.products = products.into_names();
    users.metrics = metrics.into_names();
    users.sources = sources.into_names();
    users.counters = counters.into_names();
    // Every row has a counter code when every part has the column.
    let not_stated = stated.then_some(not_stated.unwrap_or(0));
    move_rows(&mut users, pieces, not_stated);
    // Series that were out of date order in the file are sorted here.
    users.sort_by_series();
    users
}

/// A part's rows, with its codes in the joined dictionaries.
struct Piece {
    users: Users,
    products: Vec<u32>,
    metrics: Vec<u32>,
    sources: Vec<u32>,
    counters: Vec<u32>,
    shift: u64,
}

/// Moves the pieces' rows into `users`, grouped by series in joined codes, file
/// order within a series. Where each row goes is found by a counting sort; then
/// the columns are written by two threads, about half the bytes each.
/// `not_stated`: the counter code of the rows of parts without a counter
/// column, when some part has one (else the table has none either).
fn move_rows(users: &mut Users, mut pieces: Vec<Piece>, not_stated: Option<u32>) {
    if pieces.is_empty() {
        return;
    }
    let metrics = users.metrics.len().max(1);
    let series = users.products.len().max(1) * metrics;
    // Each piece counts its rows per series, then numbers them, in its own thread.
    let counts: Vec<Vec<usize>> = in_threads(&pieces, |piece| {
        let mut count = vec![0usize; series];
        series_keys(piece, metrics).for_each(|key| count[key] += 1);
        count
    });
    // Where each piece's rows of each series begin: after the series before it,
    // and after the same series' rows in earlier pieces (file order).
    let mut firsts = vec![vec![0usize; series]; pieces.len()];
    let mut total = 0;
    for key in 0..series {
        for (first, count) in firsts.iter_mut().zip(&counts) {
            first[key] = total;
            total += count[key];
        }
    }
    let jobs: Vec<(&Piece, Vec<usize>)> = pieces.iter().zip(firsts).collect();
    let destinations: Vec<Vec<u32>> = in_threads(&jobs, |(piece, first)| {
        let mut next = first.clone();
        series_keys(piece, metrics)
            .map(|key| {
                next[key] += 1;
                (next[key] - 1) as u32
            })
            .collect()
    });
    drop(jobs);
    // The codes follow from the series: each is written run by run, into the
    // first piece's columns (already in memory) grown to the whole table.
    let mut product = std::mem::take(&mut pieces[0].users.product);
    let mut metric = std::mem::take(&mut pieces[0].users.metric);
    product.clear();
    metric.clear();
    product.reserve(total);
    metric.reserve(total);
    let date = take(&mut pieces, |u| &mut u.date);
    let value = take(&mut pieces, |u| &mut u.value);
    let qualifier = take(&mut pieces, |u| &mut u.qualifier);
    let line = take(&mut pieces, |u| &mut u.line);
    let source = take(&mut pieces, |u| &mut u.source);
    let measured_by = take(&mut pieces, |u| &mut u.measured_by);
    let to = &destinations;
    let pieces = &pieces;
    let counts = &counts;
    std::thread::scope(|scope| {
        let first = scope.spawn(move || {
            for key in 0..series {
                let rows = counts.iter().map(|c| c[key]).sum();
                product.extend(std::iter::repeat_n((key / metrics) as u32, rows));
                metric.extend(std::iter::repeat_n((key % metrics) as u32, rows));
            }
            let date = scatter(date, to, total, chrono::NaiveDate::MIN, |_, d| d);
            let qualifier = scatter(qualifier, to, total, Qualifier::Exact, |_, q| q);
            let source = scatter(source, to, total, 0, |k, c| pieces[k].sources[c as usize]);
            (product, metric, date, qualifier, source)
        });
        users.value = scatter(value, to, total, 0.0, |_, v| v);
        users.line = scatter(line, to, total, 0, |k, l| l + pieces[k].shift);
        if let Some(not_stated) = not_stated {
            users.measured_by = scatter(measured_by, to, total, not_stated, |k, c| {
                pieces[k].counters[c as usize]
            });
        }
        (
            users.product,
            users.metric,
            users.date,
            users.qualifier,
            users.source,
        ) = first.join().expect("a joining thread does not panic");
    });
}

/// The series of each of a piece's rows, in joined codes.
fn series_keys(piece: &Piece, metrics: usize) -> impl Iterator<Item = usize> + '_ {
    let codes = piece.users.product.iter().zip(&piece.users.metric);
    codes.map(move |(&p, &m)| {
        piece.products[p as usize] as usize * metrics + piece.metrics[m as usize] as usize
    })
}

/// `work` on each item, each in its own thread (the first in this one).
fn in_threads<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let work = &work;
    std::thread::scope(|scope| {
        let others: Vec<_> = items
            .iter()
            .skip(1)
            .map(|item| scope.spawn(move || work(item)))
            .collect();
        let mut out: Vec<R> = items.iter().take(1).map(work).collect();
        out.extend(
            others
                .into_iter()
                .map(|t| t.join().expect("a joining thread does not panic")),
        );
        out
    })
}

/// One column of every piece, taken out of it.
fn take<T>(pieces: &mut [Piece], column: fn(&mut Users) -> &mut Vec<T>) -> Vec<Vec<T>> {
    pieces
        .iter_mut()
        .map(|p| std::mem::take(column(&mut p.users)))
        .collect()
}

/// One column of the joined table from the pieces' copies (each freed once
/// moved): every value goes to its destination, passed through `map` with its
/// piece.
fn scatter<T: Copy>(
    columns: Vec<Vec<T>>,
    destinations: &[Vec<u32>],
    total: usize,
    fill: T,
    map: impl Fn(usize, T) -> T,
) -> Vec<T> {
    let mut out = vec![fill; total];
    for (k, (column, to)) in columns.into_iter().zip(destinations).enumerate() {
        for (&value, &at) in column.iter().zip(to) {
            out[at as usize] = map(k, value);
        }
    }
    out
}
