//! Stage 6, write: the site goes to a temporary folder beside the output and
//! replaces the output only once complete, so a failed build leaves the
//! previous site exactly as it was.
//!
//! `check` and `serve` write nothing to disk: their [`Staging`] hands each file
//! to a [`SiteSink`] instead (a link checker, an in-memory site).

use std::fs;
use std::io::{self, IoSlice, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use rayon::prelude::*;

/// Receives the files of a site as they are rendered, from several threads at once.
pub trait SiteSink: Send + Sync {
    /// One file of the site, by its path from the site root (`people/x.html`).
    fn write(&self, relative: &str, bytes: &[u8]) -> io::Result<()>;
}

/// Where the site being rendered goes: a temporary folder, or a sink.
pub struct Staging {
    target: Target,
    files: Arc<AtomicUsize>,
    pages: AtomicUsize,
}

enum Target {
    Disk {
        dir: PathBuf,
        output: PathBuf,
        committed: bool,
    },
    Sink(Arc<dyn SiteSink>),
}

impl Staging {
    /// Refuses an output folder that is `/`, the content folder, or one containing it.
    pub fn new(output: &Path, content: &Path) -> Result<Staging, String> {
        let output = absolute(output).map_err(|e| format!("{}: {e}", output.display()))?;
        let content = absolute(content).map_err(|e| format!("{}: {e}", content.display()))?;
        let Some(name) = output.file_name() else {
            return Err(format!(
                "refusing to write the site to {}",
                output.display()
            ));
        };
        if content.starts_with(&output) {
            return Err(format!(
                "refusing to write the site to {}: it would replace the content folder {}",
                output.display(),
                content.display()
            ));
        }
        let parent = output.parent().expect("a named folder has a parent");
        fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        let dir = parent.join(format!(
            ".{}.dossier-{}",
            name.to_string_lossy(),
            std::process::id()
        ));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        fs::create_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        Ok(Staging::with_target(Target::Disk {
            dir,
            output,
            committed: false,
        }))
    }

    /// A staging that hands every file to `sink` and writes nothing to disk.
    pub fn to_sink(sink: Arc<dyn SiteSink>) -> Staging {
        Staging::with_target(Target::Sink(sink))
    }

    fn with_target(target: Target) -> Staging {
        Staging {
            target,
            files: Arc::new(AtomicUsize::new(0)),
            pages: AtomicUsize::new(0),
        }
    }

    /// Creates a folder (and its parents) in the site.
    pub fn create_dir(&self, relative: &str) -> io::Result<()> {
        match &self.target {
            Target::Disk { dir, .. } => fs::create_dir_all(dir.join(relative)),
            Target::Sink(_) => Ok(()),
        }
    }

    /// Writes one file of the site; its folder must exist.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> io::Result<()> {
        match &self.target {
            Target::Disk { dir, .. } => fs::write(dir.join(relative), bytes)?,
            Target::Sink(sink) => sink.write(relative, bytes)?,
        }
        self.count(relative);
        Ok(())
    }

    /// Writes one file of the site made of `pieces`, in order, with as few
    /// system calls as can be and no copy of the whole; its folder must exist.
    pub fn write_pieces(&self, relative: &str, pieces: &[&str]) -> io::Result<()> {
        let Target::Disk { dir, .. } = &self.target else {
            return self.write(relative, pieces.concat().as_bytes());
        };
        let mut file = fs::File::create(dir.join(relative))?;
        write_all_vectored(&mut file, pieces)?;
        self.count(relative);
        Ok(())
    }

    /// Writes one file of the site as `produce` writes it to `out`, so that
    /// a large file is never whole in memory; its folder must exist.
    pub fn write_streamed(
        &self,
        relative: &str,
        produce: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let Target::Disk { dir, .. } = &self.target else {
            let mut whole = Vec::new();
            produce(&mut whole)?;
            return self.write(relative, &whole);
        };
        let file = fs::File::create(dir.join(relative))?;
        let mut file = io::BufWriter::with_capacity(1 << 20, file);
        produce(&mut file)?;
        file.into_inner().map_err(io::IntoInnerError::into_error)?;
        self.count(relative);
        Ok(())
    }

    /// Counts a file written, and a page if it is one.
    fn count(&self, relative: &str) {
        if relative.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
        self.files.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts the files written so far, for a progress display.
    pub fn file_counter(&self) -> Arc<AtomicUsize> {
        Arc::clone(&self.files)
    }

    /// The HTML pages written so far.
    pub fn pages_written(&self) -> usize {
        self.pages.load(Ordering::Relaxed)
    }

    /// Swaps the finished site in for the old output (nothing to do for a sink).
    pub fn commit(mut self) -> io::Result<()> {
        let Target::Disk {
            dir,
            output,
            committed,
        } = &mut self.target
        else {
            return Ok(());
        };
        if output.exists() {
            let old = dir.with_extension("old");
            fs::rename(&*output, &old)?;
            fs::rename(&*dir, &*output)?;
            remove_in_parallel(&old)?;
        } else {
            fs::rename(&*dir, &*output)?;
        }
        *committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if let Target::Disk {
            dir,
            committed: false,
            ..
        } = &self.target
        {
            let _ = fs::remove_dir_all(dir);
        }
    }
}

/// Removes `dir` and everything in it, files in parallel: the old site of a
/// large dossier holds tens of thousands of them, and on tmpfs most of the
/// cost of removing one is freeing its pages, which threads can share.
fn remove_in_parallel(dir: &Path) -> io::Result<()> {
    let entries = fs::read_dir(dir)?.collect::<io::Result<Vec<_>>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            remove_in_parallel(&entry.path())
        } else {
            fs::remove_file(entry.path())
        }
    })?;
    fs::remove_dir(dir)
}

/// The path made absolute and cleaned of `.` and `..`, without touching the disk
/// for parts that do not exist yet.
fn absolute(path: &Path) -> io::Result<PathBuf> {
    let joined = std::path::absolute(path)?;
    let mut clean = PathBuf::new();
    for part in joined.components() {
        match part {
            std::path::Component::ParentDir => {
                clean.pop();
            }
            std::path::Component::CurDir => {}
            other => clean.push(other),
        }
    }
    Ok(fs::canonicalize(&clean).unwrap_or(clean))
}

/// Writes `pieces` to `out`, in order, in as few system calls as can be:
/// several pieces to a call, none copied. (A `BufWriter` passes pieces that
/// fill its buffer straight through too.)
pub fn write_all_vectored(out: &mut dyn Write, pieces: &[&str]) -> io::Result<()> {
    let mut slices: Vec<IoSlice> = pieces.iter().map(|p| IoSlice::new(p.as_bytes())).collect();
    let mut unwritten = slices.as_mut_slice();
    IoSlice::advance_slices(&mut unwritten, 0);
    while !unwritten.is_empty() {
        match out.write_vectored(unwritten) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(written) => IoSlice::advance_slices(&mut unwritten, written),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_root_and_folders_holding_the_content() {
        let tmp = tempfile::tempdir().unwrap();
        let content = tmp.path().join("site/content");
        fs::create_dir_all(&content).unwrap();
        assert!(Staging::new(Path::new("/"), &content).is_err());
        assert!(Staging::new(&content, &content).is_err());
        assert!(Staging::new(&tmp.path().join("site"), &content).is_err());
        assert!(Staging::new(&content.join("../.."), &content).is_err());
        assert!(Staging::new(&tmp.path().join("site/public"), &content).is_ok());
    }

    #[test]
    fn commit_replaces_and_drop_discards() {
        let tmp = tempfile::tempdir().unwrap();
        let output = tmp.path().join("public");
        fs::create_dir_all(&output).unwrap();
        fs::write(output.join("old.html"), "old").unwrap();
        let staging = Staging::new(&output, &tmp.path().join("content")).unwrap();
        staging.write("new.html", b"new").unwrap();
        drop(staging);
        assert!(
            output.join("old.html").exists(),
            "a dropped staging leaves the output alone"
        );
        let staging = Staging::new(&output, &tmp.path().join("content")).unwrap();
        staging.write("new.html", b"new").unwrap();
        staging.commit().unwrap();
        assert!(!output.join("old.html").exists());
        assert_eq!(fs::read_to_string(output.join("new.html")).unwrap(), "new");
        assert_eq!(
            fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "no temporary folder left behind"
        );
    }
}
