//! Stage 6, write: the site goes to a temporary folder beside the output and
//! replaces the output only once complete, so a failed build leaves the
//! previous site exactly as it was.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// A temporary folder being filled; removed on drop unless committed.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    committed: bool,
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
        Ok(Staging {
            dir,
            output,
            committed: false,
        })
    }

    /// Creates a folder (and its parents) in the site.
    pub fn create_dir(&self, relative: &str) -> io::Result<()> {
        fs::create_dir_all(self.dir.join(relative))
    }

    /// Writes one file of the site; its folder must exist.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> io::Result<()> {
        fs::write(self.dir.join(relative), bytes)
    }

    /// Swaps the finished site in for the old output.
    pub fn commit(mut self) -> io::Result<()> {
        if self.output.exists() {
            let old = self.dir.with_extension("old");
            fs::rename(&self.output, &old)?;
            fs::rename(&self.dir, &self.output)?;
            fs::remove_dir_all(&old)?;
        } else {
            fs::rename(&self.dir, &self.output)?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
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
