//! The files that mark a folder as aimarket's: a finished report's list of
//! the files it holds, and the mark of a folder a build is still writing.

/// The file that marks a folder as written by `aimarket build`.
pub const MARKER: &str = ".aimarket-output";

/// The file that marks a folder being written by a build still running.
pub const STAGING_MARK: &str = ".aimarket-staging";
