//! The users table kept between loads of one folder, for `serve`: the largest
//! file by far, read again only when `users.csv` or `users.parquet` changed
//! (its size or modification time, or whether it is there). What reading it
//! reported (its problems, its input entry with the hash, whether it was
//! unreadable) is kept with it and given again on each load.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

use anyhow::Result;

use crate::diagnostics::Diagnostics;
use crate::model::{DataFile, InputFile, Users};

use super::options::Options;
use super::table::InputLog;
use super::users_csv::read_users;

/// The size and modification time of users.csv and users.parquet (`None`: absent).
type Stamp = [Option<(u64, Option<SystemTime>)>; 2];

#[derive(Default)]
pub struct UsersCache {
    kept: Option<Kept>,
    reads: u64,
}

struct Kept {
    stamp: Stamp,
    users: Arc<Users>,
    diags: Diagnostics,
    inputs: Vec<InputFile>,
    unreadable: BTreeSet<DataFile>,
}

impl UsersCache {
    pub fn new() -> UsersCache {
        UsersCache::default()
    }

    /// How many times the users file was actually read.
    pub fn reads(&self) -> u64 {
        self.reads
    }

    /// The users table as `users_csv::read_users` gives it, read again only
    /// when its file changed.
    pub(super) fn read(
        &mut self,
        dir: &Path,
        diags: &mut Diagnostics,
        inputs: &mut InputLog,
        unreadable: &mut BTreeSet<DataFile>,
        options: Options,
    ) -> Result<Arc<Users>> {
        let stamp = stamp(dir);
        let kept = match self.kept.take() {
            Some(kept) if kept.stamp == stamp => kept,
            _ => {
                self.reads += 1;
                let mut own = Diagnostics::new(diags.is_strict());
                let mut own_inputs = InputLog {
                    files: Vec::new(),
                    hash: inputs.hash,
                };
                let mut own_unreadable = BTreeSet::new();
                let users = read_users(
                    dir,
                    &mut own,
                    &mut own_inputs,
                    &mut own_unreadable,
                    options.progress,
                    options.split,
                )?;
                Kept {
                    stamp,
                    users: Arc::new(users),
                    diags: own,
                    inputs: own_inputs.files,
                    unreadable: own_unreadable,
                }
            }
        };
        diags.absorb(kept.diags.clone(), 0);
        inputs.files.extend(kept.inputs.iter().cloned());
        unreadable.extend(kept.unreadable.iter().copied());
        let users = Arc::clone(&kept.users);
        self.kept = Some(kept);
        Ok(users)
    }
}

fn stamp(dir: &Path) -> Stamp {
    [DataFile::Users, DataFile::UsersParquet].map(|file| {
        let meta = std::fs::metadata(dir.join(file.file_name())).ok()?;
        Some((meta.len(), meta.modified().ok()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{load, load_with, Split};

    const OPTIONS: Options = Options {
        progress: false,
        hashes: true,
        split: Split {
            from_bytes: u64::MAX,
            workers: 1,
        },
    };

    fn folder(users: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        write("sources.csv", "id,title,publisher\ns,Title,Publisher\n");
        write(
            "companies.csv",
            "id,name,bloc,country,currency,fiscal_year_end\nalibaba,Alibaba,china,CN,CNY,03-31\n",
        );
        write(
            "products.csv",
            "id,name,company,category\nqwen,Qwen,alibaba,consumer_agent\n",
        );
        write("users.csv", users);
        dir
    }

    /// The data and the diagnostics as text, loaded through `cache`.
    fn cached(dir: &Path, cache: &mut UsersCache) -> (Users, Vec<InputFile>, Vec<String>) {
        let mut diags = Diagnostics::new(false);
        let data = load_with(dir, &mut diags, OPTIONS, Some(cache)).unwrap();
        let text = diags.text_lines(None, Path::new("data"));
        (Arc::unwrap_or_clone(data.users), data.inputs, text)
    }

    fn uncached(dir: &Path) -> (Users, Vec<InputFile>, Vec<String>) {
        let mut diags = Diagnostics::new(false);
        let data = load(dir, &mut diags, OPTIONS).unwrap();
        let text = diags.text_lines(None, Path::new("data"));
        (Arc::unwrap_or_clone(data.users), data.inputs, text)
    }

    #[test]
    fn users_are_read_again_only_when_their_file_changed() {
        let header = "product,date,metric,value,source\n";
        let dir = folder(&format!(
            "{header}qwen,2026-01-01,mau,10,s\nqwen,2026-02-30,mau,12,s\n"
        ));
        let mut cache = UsersCache::new();
        let first = cached(dir.path(), &mut cache);
        assert_eq!(first, uncached(dir.path()));
        assert_eq!(first.0.len(), 1);
        assert_eq!(first.2.len(), 1, "{:?}", first.2);
        assert!(
            first.2[0].starts_with("error: data/users.csv:3: date: "),
            "{:?}",
            first.2
        );

        // Another file changed: the same users, the same problem, no read.
        std::fs::write(
            dir.path().join("companies.csv"),
            "id,name,bloc,country,currency,fiscal_year_end\nalibaba,Alibaba Group,china,CN,CNY,03-31\n",
        )
        .unwrap();
        assert_eq!(cached(dir.path(), &mut cache), uncached(dir.path()));
        assert_eq!(cache.reads(), 1);

        // users.csv changed: read again.
        std::fs::write(
            dir.path().join("users.csv"),
            format!("{header}qwen,2026-01-01,mau,10,s\nqwen,2026-02-28,mau,12,s\n"),
        )
        .unwrap();
        let fixed = cached(dir.path(), &mut cache);
        assert_eq!(cache.reads(), 2);
        assert_eq!(fixed, uncached(dir.path()));
        assert_eq!((fixed.0.len(), fixed.2.len()), (2, 0));
    }

    #[test]
    fn a_kept_table_is_shared_not_copied() {
        let dir = folder("product,date,metric,value,source\nqwen,2026-01-01,mau,10,s\n");
        let mut cache = UsersCache::new();
        let mut diags = Diagnostics::new(false);
        let first = load_with(dir.path(), &mut diags, OPTIONS, Some(&mut cache)).unwrap();
        let again = load_with(dir.path(), &mut diags, OPTIONS, Some(&mut cache)).unwrap();
        assert!(Arc::ptr_eq(&first.users, &again.users));
        assert_eq!(cache.reads(), 1);
    }
}
