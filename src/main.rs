//! The `dossier` command line: parse arguments, call the library, map the
//! outcome to an exit status (0 success, 1 content errors, 2 usage errors).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use dossier::diagnostics::Diagnostic;
use dossier::{BuildFailure, BuildOptions};

/// A build allocates many small strings on every thread; mimalloc handles
/// that with less time in malloc/free than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "dossier",
    version,
    about = "Builds a linked, citable website from a research dossier"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build {
        /// The content folder (holding dossier.toml).
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Where to write the site; replaced only when the build succeeds.
        #[arg(short, long, default_value = "public")]
        output: PathBuf,
        /// Overrides base_url from dossier.toml (e.g. https://user.github.io/repo/).
        #[arg(long)]
        base_url: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            content,
            output,
            base_url,
        } => build(BuildOptions {
            content,
            output,
            base_url,
        }),
    }
}

fn build(options: BuildOptions) -> ExitCode {
    let started = Instant::now();
    match dossier::build(&options) {
        Ok(report) => {
            print_diagnostics(&report.warnings);
            eprintln!(
                "built {} files into {} in {:.2}s{}",
                report.files_written,
                options.output.display(),
                started.elapsed().as_secs_f64(),
                warnings_suffix(report.warnings.len())
            );
            ExitCode::SUCCESS
        }
        Err(BuildFailure { diagnostics }) => {
            print_diagnostics(&diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "build failed: {errors} error{}{}; {} left as it was",
                plural(errors),
                warnings_suffix(diagnostics.len() - errors),
                options.output.display()
            );
            ExitCode::from(1)
        }
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let colour = use_colour();
    for diagnostic in diagnostics {
        eprintln!("{}", diagnostic.render(colour));
    }
}

/// Colour only on a terminal, never with `NO_COLOR` or `CLICOLOR=0`.
fn use_colour() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let clicolor_off = std::env::var_os("CLICOLOR").is_some_and(|v| v == "0");
    std::io::stderr().is_terminal() && !no_color && !clicolor_off
}

fn warnings_suffix(count: usize) -> String {
    match count {
        0 => String::new(),
        n => format!(", {n} warning{}", plural(n)),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
