// The widget's files and the demo pages are embedded in the binary
// (include_dir); rebuild when they change.
fn main() {
    println!("cargo:rerun-if-changed=../wasm/widget");
    println!("cargo:rerun-if-changed=../examples/widget");
    println!("cargo:rerun-if-changed=../examples/data/visconteo-week.json");
    println!("cargo:rerun-if-changed=migrations");
}
