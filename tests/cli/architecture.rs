//! Dependencies run one way: a module may use the modules of its own layer
//! and those below, never those above. The layers are drawn in
//! docs/architecture.md; this test reads `crate::…` paths in `src/` and fails
//! on any that points upwards.

use std::path::Path;

/// The layers, lowest first.
const LAYERS: &[&[&str]] = &[
    &["text", "issue", "small_map", "layout", "progress", "model"],
    &["vocab", "mapping"],
    &["ingest", "certified"],
    &["reconcile"],
    &["recheck"],
    &["report"],
    &["generate", "cmd"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn dependencies_run_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut upward = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let first = rel.iter().next().unwrap().to_str().unwrap();
        let module = first.trim_end_matches(".rs");
        if module == "lib" || module == "main" {
            continue;
        }
        let own =
            layer(module).unwrap_or_else(|| panic!("src/{first} is in no layer; add it to LAYERS"));
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let mut rest = line;
            while let Some(at) = rest.find("crate::") {
                rest = &rest[at + 7..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if let Some(dep) = layer(&name) {
                    if dep > own {
                        upward.push(format!(
                            "src/{}:{}: {module} uses {name}",
                            rel.display(),
                            n + 1
                        ));
                    }
                }
            }
        }
    }
    assert!(
        upward.is_empty(),
        "dependencies pointing upwards:\n{}",
        upward.join("\n")
    );
}
