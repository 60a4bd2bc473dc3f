//! `gograde completions <SHELL>`: a completion script from the clap definitions, with the bank's
//! question ids (for `grade -q`, `show`, `check`) and topics (for `--topic`) written into it.
//!
//! The ids are a generated list rather than clap_complete's (unstable) dynamic engine: the
//! script is regenerated after the bank changes (`--bank` picks a folder's bank).

use super::{load_bank, Args};
use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::CommandFactory;
use clap_complete::Shell;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell to write the script for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// The clap command with the bank's ids and topics as the possible values of the arguments
/// that take them. Only for generating scripts: parsing keeps accepting question texts.
pub fn command_with_bank(bank: &gograde::Bank) -> clap::Command {
    let ids: Vec<PossibleValue> = bank.rubrics().iter().map(|r| PossibleValue::new(r.id.clone()).help(short(&r.question))).collect();
    let mut topics: Vec<String> = bank.rubrics().iter().map(|r| r.topic.clone()).collect();
    topics.sort();
    topics.dedup();
    let ids = PossibleValuesParser::new(ids);
    let topics = PossibleValuesParser::new(topics);
    Args::command()
        .mut_subcommand("grade", |c| c.mut_arg("question", |a| a.value_parser(ids.clone())))
        .mut_subcommand("show", |c| c.mut_arg("id", |a| a.value_parser(ids.clone())))
        .mut_subcommand("check", |c| c.mut_arg("ids", |a| a.value_parser(ids.clone())))
        .mut_subcommand("list", |c| c.mut_arg("topic", |a| a.value_parser(topics.clone())))
        .mut_subcommand("draft", |c| c.mut_arg("topic", |a| a.value_parser(topics.clone())))
}

/// A question shortened to a completion menu's width, on one line.
fn short(question: &str) -> String {
    let one_line = question.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", one_line[..i].trim_end()),
        None => one_line,
    }
}

pub fn run(bank: Option<&Path>, args: CompletionsArgs) -> anyhow::Result<ExitCode> {
    let bank = load_bank(bank)?;
    let mut cmd = command_with_bank(&bank);
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "gograde", &mut script);
    if args.shell == Shell::Fish {
        // clap_complete's fish script completes option values only; add the positional ids.
        let ids: Vec<&str> = bank.rubrics().iter().map(|r| r.id.as_str()).collect();
        for sub in ["show", "check"] {
            let line = format!("complete -c gograde -n \"__fish_gograde_using_subcommand {sub}\" -f -a \"{}\"\n", ids.join(" "));
            script.extend_from_slice(line.as_bytes());
        }
    }
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&script)?;
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}
