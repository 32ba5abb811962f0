//! The core's modules form layers: a module's code names only modules of
//! lower layers (doc comments may point anywhere). A lower module reaching
//! up, or two modules of one layer reaching into each other, fails here.

use std::path::{Path, PathBuf};

/// Lowest first; modules of one layer do not use each other.
const LAYERS: &[&[&str]] = &[
    &["error", "interval", "kinds", "cost_terms"],
    &["json", "time"],
    &["format"],
    &["model"],
    &["validate", "evaluate"],
    &["solve"],
    &["booking"],
    &["report"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

fn sources(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).expect("read dir") {
            sources(&entry.expect("entry").path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

/// The modules `crate::name` that the code (not the comments) of `file` names.
fn used_modules(file: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(file).expect("read source");
    let mut used = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if !name.is_empty() && !used.contains(&name) {
                used.push(name);
            }
        }
    }
    used
}

#[test]
fn every_module_uses_only_lower_layers() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut problems = Vec::new();
    let mut modules = Vec::new();
    for entry in std::fs::read_dir(&src).expect("read src") {
        let path = entry.expect("entry").path();
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        if name == "lib" {
            continue;
        }
        modules.push(name.clone());
        let Some(own) = layer_of(&name) else {
            problems.push(format!("module {name} is in no layer of tests/layers.rs: add it"));
            continue;
        };
        let mut files = Vec::new();
        sources(&path, &mut files);
        for file in files {
            for used in used_modules(&file) {
                if used == name || matches!(used.as_str(), "PonteError" | "InputError" | "Problem") {
                    continue;
                }
                match layer_of(&used) {
                    Some(layer) if layer < own => {}
                    _ => problems.push(format!("{} uses crate::{used} (layer of {name} or above)", file.display())),
                }
            }
        }
    }
    assert!(modules.len() >= 10, "the core's modules were found ({modules:?})");
    assert!(problems.is_empty(), "imports against the layers:\n{}", problems.join("\n"));
}
