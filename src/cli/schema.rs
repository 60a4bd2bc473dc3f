//! `gograde schema rubric`: the JSON Schema of rubric files, generated from the types that parse
//! them; `docs/rubric.schema.json` is this output, kept in the repository for editors.

use super::output::Out;
use clap::ValueEnum;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Which file's schema.
    #[arg(value_enum)]
    pub kind: SchemaKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// A rubric file, rubrics/<topic>/<id>.toml.
    Rubric,
}

pub fn run(args: SchemaArgs, out: &Out) -> anyhow::Result<ExitCode> {
    let text = match args.kind {
        SchemaKind::Rubric => gograde::rubric::schema_json(),
    };
    out.print(&text)?;
    Ok(ExitCode::SUCCESS)
}
