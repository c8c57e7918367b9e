//! Guards on the shape of this crate: the adapters never reach the store (the operations are
//! the only way in), and a handler stays short enough to read as "parse, call, render".

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// Longest function allowed in the page and API adapters (the route table excepted).
    const MAX_LINES: usize = 60;

    fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    /// (name, lines) of each function in `source`: from its `fn` line to the `}` at its indent.
    fn functions(source: &str) -> Vec<(String, usize)> {
        let lines: Vec<&str> = source.lines().collect();
        let mut out = vec![];
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            let trimmed = line.trim_start();
            let indent = &line[..line.len() - trimmed.len()];
            let rest = ["pub async fn ", "pub fn ", "async fn ", "fn ", "pub(crate) fn ", "pub(crate) async fn "]
                .iter()
                .find_map(|p| trimmed.strip_prefix(p));
            if let Some(rest) = rest {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                let close = format!("{indent}}}");
                let end = (i..lines.len()).find(|&j| lines[j].trim_end() == close).unwrap_or(i);
                out.push((name, end - i + 1));
                i = end;
            }
            i += 1;
        }
        out
    }

    #[test]
    fn the_adapters_do_not_depend_on_the_store() {
        let manifest = include_str!("../Cargo.toml");
        assert!(!manifest.contains("portail-store"), "crates/web must reach the store only through portail_app");
        let mut files = vec![];
        rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
        assert!(files.len() > 30, "the sources were found");
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap_or_default();
            assert!(!text.contains(concat!("portail_", "store")), "{} names the store", f.display());
        }
    }

    #[test]
    fn handlers_are_short() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = vec![];
        rust_files(&src.join("pages"), &mut files);
        rust_files(&src.join("api"), &mut files);
        let mut long = vec![];
        let mut seen = 0;
        for f in files {
            for (name, n) in functions(&std::fs::read_to_string(&f).unwrap_or_default()) {
                seen += 1;
                if n > MAX_LINES {
                    long.push(format!("{}::{name} ({n} lines)", f.display()));
                }
            }
        }
        assert!(seen > 200, "the functions were found ({seen})");
        assert!(long.is_empty(), "longer than {MAX_LINES} lines: {long:#?}");
    }

    #[test]
    fn the_length_count_sees_a_long_function() {
        let body = "    x();\n".repeat(MAX_LINES);
        let found = functions(&format!("pub async fn long() {{\n{body}}}\nfn short() {{\n}}\n"));
        assert_eq!(found, vec![("long".to_owned(), MAX_LINES + 2), ("short".to_owned(), 2)]);
    }
}
