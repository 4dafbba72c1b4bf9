//! The built site: every output file (path → bytes), and where files go as they are
//! rendered ([`Sink`]): a map in memory for `serve`, a staging folder for `build`, nowhere
//! for `check`. One pipeline, several adapters. Rendering lives in `render`, which hands
//! its files to a sink; this module knows nothing of it.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// File contents shared between a cache, the served site and the disk writer.
pub type Bytes = Arc<Vec<u8>>;

/// A built site: output path (with `/`) → file, in a stable order.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Site {
    pub files: BTreeMap<String, Content>,
}

/// A file of a site in memory: whole, or in pieces (the print page, tens of MB in a large
/// report) that are joined only when someone reads it.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Whole(Bytes),
    Chunks(Vec<Arc<String>>),
}

impl Content {
    pub fn bytes(&self) -> std::borrow::Cow<'_, [u8]> {
        match self {
            Content::Whole(bytes) => std::borrow::Cow::Borrowed(bytes.as_slice()),
            Content::Chunks(chunks) => {
                std::borrow::Cow::Owned(chunks.iter().flat_map(|c| c.bytes()).collect())
            }
        }
    }
}

/// Where built files go: a map in memory for `serve`, a staging folder for `build`.
/// Files are handed over as soon as they are rendered, so a large report is never held
/// in memory as a whole on its way to disk.
pub trait Sink: Sync {
    fn put(&self, path: String, bytes: Bytes) -> Result<(), String>;

    /// A file written in pieces, in order (the print page), so it never has to be whole
    /// in memory on its way to disk.
    fn open(&self, path: &str) -> Result<Box<dyn Pieces + '_>, String>;
}

/// A file being written piece by piece; see [`Sink::open`].
pub trait Pieces: Send {
    fn push(&mut self, piece: Arc<String>) -> Result<(), String>;
    fn finish(self: Box<Self>) -> Result<(), String>;
}

/// Discards every file: `check` renders the whole site only to find template errors.
pub struct NullSink;

impl Sink for NullSink {
    fn put(&self, _path: String, _bytes: Bytes) -> Result<(), String> {
        Ok(())
    }

    fn open(&self, _path: &str) -> Result<Box<dyn Pieces + '_>, String> {
        Ok(Box::new(NullSink))
    }
}

impl Pieces for NullSink {
    fn push(&mut self, _piece: Arc<String>) -> Result<(), String> {
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), String> {
        Ok(())
    }
}

/// Collects the site in memory.
#[derive(Default)]
pub struct MemorySink(Mutex<BTreeMap<String, Content>>);

impl Sink for MemorySink {
    fn put(&self, path: String, bytes: Bytes) -> Result<(), String> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path, Content::Whole(bytes));
        Ok(())
    }

    fn open(&self, path: &str) -> Result<Box<dyn Pieces + '_>, String> {
        Ok(Box::new(MemoryPieces {
            sink: self,
            path: path.to_string(),
            pieces: Vec::new(),
        }))
    }
}

/// Keeps the pieces as they are: [`Content::Chunks`].
struct MemoryPieces<'s> {
    sink: &'s MemorySink,
    path: String,
    pieces: Vec<Arc<String>>,
}

impl Pieces for MemoryPieces<'_> {
    fn push(&mut self, piece: Arc<String>) -> Result<(), String> {
        self.pieces.push(piece);
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<(), String> {
        let MemoryPieces { sink, path, pieces } = *self;
        sink.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path, Content::Chunks(pieces));
        Ok(())
    }
}

impl MemorySink {
    pub fn into_site(self) -> Site {
        Site {
            files: self.0.into_inner().unwrap_or_else(|e| e.into_inner()),
        }
    }
}
