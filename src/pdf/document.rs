//! Chromium's PDF, read and extended with lopdf: on which page each section of the print
//! page starts, and the outline (bookmarks) a reader navigates the report with.
//!
//! Chromium writes a named destination for every element an internal link points at, and
//! the print page's table of contents links to every section, so the destinations name the
//! sections by their element ids.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

use crate::render::print::Section;

/// A PDF as Chromium printed it.
pub(super) struct Printed {
    doc: Document,
    /// Page number (from 1) of each page object.
    numbers: BTreeMap<ObjectId, usize>,
}

/// Where a named destination points: its page (from 1) and the destination itself.
#[derive(Debug, Clone)]
pub(super) struct Destination {
    pub page: usize,
    target: Object,
}

impl Printed {
    pub(super) fn load(bytes: &[u8]) -> Result<Self, String> {
        let doc = Document::load_mem(bytes)
            .map_err(|e| format!("cannot read the PDF Chromium wrote: {e}"))?;
        let numbers = doc
            .get_pages()
            .into_iter()
            .map(|(n, id)| (id, n as usize))
            .collect();
        Ok(Printed { doc, numbers })
    }

    pub(super) fn page_count(&self) -> usize {
        self.numbers.len()
    }

    /// Every named destination that points at a page, by name. Both ways a PDF can hold
    /// them are read: the catalog's `/Dests` dictionary (what Chromium writes) and the
    /// `/Names` → `/Dests` name tree.
    pub(super) fn destinations(&self) -> Result<BTreeMap<String, Destination>, String> {
        let catalog = self
            .doc
            .catalog()
            .map_err(|e| format!("the PDF has no catalog: {e}"))?;
        let mut found = BTreeMap::new();
        if let Ok(dests) = catalog.get(b"Dests")
            && let Ok(dict) = self.resolve(dests).as_dict()
        {
            for (name, value) in dict.iter() {
                let name = String::from_utf8_lossy(name).into_owned();
                self.record(name, value, &mut found);
            }
        }
        if let Ok(names) = catalog.get(b"Names")
            && let Ok(tree) = self.resolve(names).as_dict()
            && let Ok(root) = tree.get(b"Dests")
        {
            self.name_tree(root, &mut found, 0);
        }
        Ok(found)
    }

    /// The entries of a name tree node and its kids (bounded depth: a malformed tree must
    /// not recurse forever).
    fn name_tree(&self, node: &Object, found: &mut BTreeMap<String, Destination>, depth: u8) {
        let Ok(node) = self.resolve(node).as_dict() else {
            return;
        };
        if let Ok(names) = node.get(b"Names").map(|n| self.resolve(n))
            && let Ok(names) = names.as_array()
        {
            for pair in names.chunks(2) {
                if let [name, value] = pair
                    && let Ok(name) = self.resolve(name).as_str()
                {
                    let name = String::from_utf8_lossy(name).into_owned();
                    self.record(name, value, found);
                }
            }
        }
        if depth < 32
            && let Ok(kids) = node.get(b"Kids").map(|k| self.resolve(k))
            && let Ok(kids) = kids.as_array()
        {
            for kid in kids {
                self.name_tree(kid, found, depth + 1);
            }
        }
    }

    /// Adds a destination (an array `[page /XYZ …]`, or a dictionary holding it as `/D`).
    fn record(&self, name: String, value: &Object, found: &mut BTreeMap<String, Destination>) {
        let mut value = self.resolve(value);
        if let Ok(dict) = value.as_dict()
            && let Ok(d) = dict.get(b"D")
        {
            value = self.resolve(d);
        }
        let Ok(array) = value.as_array() else {
            return;
        };
        if let Some(Ok(page)) = array.first().map(Object::as_reference)
            && let Some(&number) = self.numbers.get(&page)
        {
            found.insert(
                name,
                Destination {
                    page: number,
                    target: value.clone(),
                },
            );
        }
    }

    fn resolve<'a>(&'a self, object: &'a Object) -> &'a Object {
        match object {
            Object::Reference(id) => self.doc.get_object(*id).unwrap_or(object),
            other => other,
        }
    }

    /// Writes the outline: an entry per section with a destination, its sub-sections under
    /// it (open), and makes viewers show it when the PDF opens. Sections without a
    /// destination are left out; their sub-sections move up.
    pub(super) fn add_outline(
        &mut self,
        sections: &[Section],
        destinations: &BTreeMap<String, Destination>,
    ) -> Result<(), String> {
        let tree = outline_tree(sections, destinations);
        if tree.is_empty() {
            return Ok(());
        }
        let root = self.doc.new_object_id();
        let (first, last, count) = self.write_items(&tree, root);
        let mut outlines = Dictionary::new();
        outlines.set("Type", Object::Name(b"Outlines".to_vec()));
        outlines.set("First", Object::Reference(first));
        outlines.set("Last", Object::Reference(last));
        outlines.set("Count", Object::Integer(count));
        self.doc.objects.insert(root, Object::Dictionary(outlines));
        let catalog = self
            .doc
            .catalog_mut()
            .map_err(|e| format!("the PDF has no catalog: {e}"))?;
        catalog.set("Outlines", Object::Reference(root));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        Ok(())
    }

    /// Writes `items` as siblings under `parent`: (first, last, entries shown when open).
    fn write_items(
        &mut self,
        items: &[OutlineItem],
        parent: ObjectId,
    ) -> (ObjectId, ObjectId, i64) {
        let ids: Vec<ObjectId> = items.iter().map(|_| self.doc.new_object_id()).collect();
        let mut shown = 0;
        for (k, item) in items.iter().enumerate() {
            let mut dict = Dictionary::new();
            dict.set("Title", text_string(&item.title));
            dict.set("Parent", Object::Reference(parent));
            dict.set("Dest", item.target.clone());
            if k > 0 {
                dict.set("Prev", Object::Reference(ids[k - 1]));
            }
            if let Some(next) = ids.get(k + 1) {
                dict.set("Next", Object::Reference(*next));
            }
            shown += 1;
            if !item.children.is_empty() {
                let (first, last, count) = self.write_items(&item.children, ids[k]);
                dict.set("First", Object::Reference(first));
                dict.set("Last", Object::Reference(last));
                dict.set("Count", Object::Integer(count));
                shown += count;
            }
            self.doc.objects.insert(ids[k], Object::Dictionary(dict));
        }
        (ids[0], ids[ids.len() - 1], shown)
    }

    pub(super) fn save(mut self) -> Result<Vec<u8>, String> {
        let mut bytes = Vec::new();
        self.doc
            .save_to(&mut bytes)
            .map_err(|e| format!("cannot write the PDF: {e}"))?;
        Ok(bytes)
    }
}

/// An outline entry: a section that has a destination.
struct OutlineItem {
    title: String,
    target: Object,
    children: Vec<OutlineItem>,
}

fn outline_tree(
    sections: &[Section],
    destinations: &BTreeMap<String, Destination>,
) -> Vec<OutlineItem> {
    let mut items = Vec::new();
    for s in sections {
        let children = outline_tree(&s.children, destinations);
        match destinations.get(&s.id) {
            Some(d) => items.push(OutlineItem {
                title: s.title.clone(),
                target: d.target.clone(),
                children,
            }),
            None => items.extend(children),
        }
    }
    items
}

/// A PDF text string: ASCII as it is, anything else as UTF-16BE with a byte order mark.
fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        return Object::String(text.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(bytes, StringFormat::Hexadecimal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_keep_any_language() {
        assert_eq!(
            text_string("Els"),
            Object::String(b"Els".to_vec(), StringFormat::Literal)
        );
        let Object::String(bytes, StringFormat::Hexadecimal) = text_string("Oriëntatie") else {
            panic!("not a hexadecimal string");
        };
        assert_eq!(&bytes[..4], &[0xFE, 0xFF, 0, b'O']);
        assert_eq!(bytes.len(), 2 + 2 * "Oriëntatie".chars().count());
    }
}
