//! The site served: every file in memory, by its path from the site root.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::output::SiteSink;

/// Path from the site root → bytes.
pub type FileMap = HashMap<String, Arc<[u8]>>;

/// The files of a site, shared with the threads serving requests.
pub type Files = Arc<FileMap>;

/// Collects a site as it is rendered.
#[derive(Default)]
pub struct MemorySite {
    files: Mutex<FileMap>,
}

impl MemorySite {
    pub fn into_files(self) -> FileMap {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl SiteSink for MemorySite {
    fn write(&self, relative: &str, bytes: &[u8]) -> std::io::Result<()> {
        let bytes: Arc<[u8]> = bytes.into();
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(relative.to_string(), bytes);
        Ok(())
    }
}
