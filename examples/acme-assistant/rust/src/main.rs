//! Batch scorer; the model is claude-haiku-4-5.
fn main() {
    let model = "claude-haiku-4-5-20251001";
    let raw = r#"{"model": "command-r-plus-08-2024"}"#;
    println!("{model} {raw}");
}
