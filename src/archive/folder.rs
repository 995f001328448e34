//! The local archive: files in a folder of the data directory (`<data>/archive/<name>`).

use std::path::{Path, PathBuf};

use super::{Archive, ArchiveError, is_plain_name};

#[derive(Debug, Clone)]
pub struct FolderArchive {
    dir: PathBuf,
}

impl FolderArchive {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

fn backend(e: std::io::Error, path: &Path) -> ArchiveError {
    ArchiveError::Backend(format!("{}: {e}", path.display()))
}

impl Archive for FolderArchive {
    async fn keep(&self, name: &str, bytes: Vec<u8>) -> Result<String, ArchiveError> {
        if !is_plain_name(name) {
            return Err(ArchiveError::InvalidName(name.to_string()));
        }
        let path = self.dir.join(name);
        let parent = path.parent().unwrap_or(&self.dir);
        std::fs::create_dir_all(parent).map_err(|e| backend(e, parent))?;
        // Write beside, then rename: a reader never sees half a file.
        let partial = path.with_extension("partial");
        std::fs::write(&partial, bytes).map_err(|e| backend(e, &partial))?;
        std::fs::rename(&partial, &path).map_err(|e| backend(e, &path))?;
        Ok(path.display().to_string())
    }

    async fn read(&self, location: &str) -> Result<Vec<u8>, ArchiveError> {
        let path = self.inside(location)?;
        std::fs::read(path).map_err(|e| backend(e, path))
    }

    fn location_of(&self, name: &str) -> Result<String, ArchiveError> {
        if !is_plain_name(name) {
            return Err(ArchiveError::InvalidName(name.to_string()));
        }
        Ok(self.dir.join(name).display().to_string())
    }

    async fn remove(&self, location: &str) -> Result<(), ArchiveError> {
        let path = self.inside(location)?;
        match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(backend(e, path)),
            _ => Ok(()),
        }
    }
}

impl FolderArchive {
    /// `location` as a path, if it names a file of this archive.
    fn inside<'a>(&self, location: &'a str) -> Result<&'a Path, ArchiveError> {
        let path = Path::new(location);
        let inside = path
            .strip_prefix(&self.dir)
            .ok()
            .and_then(|rest| rest.to_str())
            .is_some_and(is_plain_name);
        if inside {
            Ok(path)
        } else {
            Err(ArchiveError::InvalidName(location.to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn kept_bytes_read_back_and_a_second_keep_replaces_them() {
        let dir = tempfile::tempdir().unwrap();
        let archive = FolderArchive::new(dir.path().join("archive"));
        let first = archive
            .keep("entries/m1.json", b"one".to_vec())
            .await
            .unwrap();
        let second = archive
            .keep("entries/m1.json", b"two".to_vec())
            .await
            .unwrap();
        assert_eq!(first, second);
        assert_eq!(archive.read(&first).await.unwrap(), b"two");
        assert_eq!(archive.location_of("entries/m1.json").unwrap(), first);
        archive.remove(&first).await.unwrap();
        assert!(archive.read(&first).await.is_err());
        archive.remove(&first).await.unwrap();
    }

    #[tokio::test]
    async fn names_and_locations_outside_the_folder_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let archive = FolderArchive::new(dir.path().join("archive"));
        assert!(matches!(
            archive.keep("../escape.json", Vec::new()).await,
            Err(ArchiveError::InvalidName(_))
        ));
        assert!(matches!(
            archive.read("/etc/passwd").await,
            Err(ArchiveError::InvalidName(_))
        ));
        assert!(matches!(
            archive.remove("/etc/passwd").await,
            Err(ArchiveError::InvalidName(_))
        ));
    }
}
