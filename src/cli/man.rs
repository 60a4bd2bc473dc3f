//! `gograde man`: the manual page, generated from the clap definitions with clap_mangen.
//!
//! One page covers everything: the top-level synopsis and options, then a section per command
//! (its synopsis, description and options), the exit status and the environment.

use super::{exit, output::Out, Args};
use clap::CommandFactory;
use clap_mangen::Man;
use roff::{bold, roman, Roff};
use std::process::ExitCode;

/// Render one clap_mangen section into roff text, without its `.SH` heading line.
fn section_body(render: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> std::io::Result<String> {
    let mut buf = Vec::new();
    render(&mut buf)?;
    let text = String::from_utf8_lossy(&buf).into_owned();
    Ok(text.lines().filter(|l| !l.starts_with(".SH ")).map(|l| format!("{l}\n")).collect())
}

/// The whole page, as roff.
pub fn render() -> std::io::Result<String> {
    let cmd = Args::command();
    let man = Man::new(cmd.clone()).manual("gograde manual");
    let mut buf = Vec::new();
    man.render_title(&mut buf)?;
    man.render_name_section(&mut buf)?;
    man.render_synopsis_section(&mut buf)?;
    man.render_description_section(&mut buf)?;
    man.render_options_section(&mut buf)?;
    let mut page = String::from_utf8_lossy(&buf).into_owned();

    page.push_str(".SH COMMANDS\n");
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("gograde {}", sub.get_name());
        let sub_man = Man::new(sub.clone().bin_name(&name));
        let mut head = Roff::new();
        head.control("SS", [name.as_str()]);
        page.push_str(&head.to_roff());
        page.push_str(&section_body(|w| sub_man.render_synopsis_section(w))?);
        page.push_str(".PP\n");
        page.push_str(&section_body(|w| sub_man.render_description_section(w))?);
        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            page.push_str(".PP\n");
            page.push_str(&section_body(|w| sub_man.render_options_section(w))?);
        }
    }

    let mut tail = Roff::new();
    tail.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in exit::ALL {
        tail.control("TP", []).text([bold(code.to_string())]).text([roman(*meaning)]);
    }
    tail.control("SH", ["ENVIRONMENT"]);
    tail.control("TP", []).text([bold("GOGRADE_BANK")]).text([roman("A bank folder, as --bank gives it.")]);
    tail.control("TP", []).text([bold("NO_COLOR")]).text([roman("When set, text output is not coloured (--color auto).")]);
    tail.control("SH", ["VERSION"]);
    tail.text([roman(format!(
        "{} (gograde --version also names the bank: its origin, number of questions and content hash)",
        env!("CARGO_PKG_VERSION")
    ))]);
    page.push_str(&tail.to_roff());
    Ok(ascii_roff(&page))
}

/// Non-ASCII characters as groff's `\[uXXXX]` escapes, so the page renders the same with or
/// without a preprocessor that knows the input encoding (plain `groff -man` warns otherwise).
fn ascii_roff(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    for c in page.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", c as u32));
        }
    }
    out
}

pub fn run(out: &Out) -> anyhow::Result<ExitCode> {
    out.print(&render()?)?;
    Ok(ExitCode::SUCCESS)
}
