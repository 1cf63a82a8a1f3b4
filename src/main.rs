//! The `dossier` command line: parse arguments, call the library, map the
//! outcome to an exit status (0 success, 1 content errors, 2 usage errors).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand, ValueEnum};

use dossier::diagnostics::Diagnostic;
use dossier::model::Kind;
use dossier::progress::{Progress, Silent, Spinner};
use dossier::scaffold::{NewFile, ScaffoldError};
use dossier::serve::{ServeEvent, ServeOptions};
use dossier::{BuildFailure, BuildOptions};

/// A build allocates many small strings on every thread; mimalloc handles
/// that with less time in malloc/free than the system allocator. It is built
/// without transparent huge pages (`no_thp` in Cargo.toml): with them, each
/// page freed and taken again was a fresh 2 MiB the kernel had to zero, a
/// fifth of a large build's time.
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
    /// Check everything a build checks, the rendered site's links and anchors,
    /// and what an editor should know; writes nothing.
    Check {
        /// The content folder (holding dossier.toml).
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Fail (exit status 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Serve the site on 127.0.0.1, rebuild it on change and reload the open page.
    Serve {
        /// The content folder (holding dossier.toml).
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// The port; a free one is used if it is taken, any free one with 0.
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
    },
    /// Write a new content file, named after its title, with its front matter.
    New {
        /// What to write.
        kind: KindArg,
        /// The title (a person's or country's name); the file name is made from it.
        title: String,
        /// The content folder (holding dossier.toml).
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// For an article: the publication.
        #[arg(long)]
        source: Option<String>,
        /// For a note (required): the slug of the article it annotates.
        #[arg(long)]
        article: Option<String>,
        /// For a note (required): the passage of the article it is about.
        #[arg(long)]
        quote: Option<String>,
    },
    /// Start a new dossier in DIR: content/ with dossier.toml and one example of each kind.
    Init {
        /// The folder to start it in.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum KindArg {
    Article,
    Person,
    Country,
    Event,
    Note,
}

impl From<KindArg> for Kind {
    fn from(kind: KindArg) -> Kind {
        match kind {
            KindArg::Article => Kind::Article,
            KindArg::Person => Kind::Person,
            KindArg::Country => Kind::Country,
            KindArg::Event => Kind::Event,
            KindArg::Note => Kind::Note,
        }
    }
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build {
            content,
            output,
            base_url,
        } => build(BuildOptions {
            content,
            output,
            base_url,
            exits_after: true,
        }),
        Command::Check {
            content,
            deny_warnings,
        } => check(content, deny_warnings),
        Command::Serve { content, port } => serve(ServeOptions { content, port }),
        Command::New {
            kind,
            title,
            content,
            source,
            article,
            quote,
        } => new(
            content,
            NewFile {
                kind: kind.into(),
                title,
                source,
                article,
                quote,
            },
        ),
        Command::Init { dir } => init(dir),
    }
}

fn build(options: BuildOptions) -> ExitCode {
    let started = Instant::now();
    let outcome = with_progress(|progress| dossier::build_with(&options, progress));
    match outcome {
        Ok(report) => {
            print_diagnostics(&report.warnings);
            eprintln!(
                "built {} pages ({} files) into {} in {}{}",
                report.pages_written,
                report.files_written,
                options.output.display(),
                seconds(started.elapsed()),
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

fn check(content: PathBuf, deny_warnings: bool) -> ExitCode {
    let started = Instant::now();
    let report = with_progress(|progress| dossier::check::check(&content, progress));
    print_diagnostics(&report.diagnostics);
    let (errors, warnings) = (report.errors(), report.warnings());
    let counts = format!(
        "{errors} error{}, {warnings} warning{}",
        plural(errors),
        plural(warnings)
    );
    let checked = match report.site {
        Some((pages, links)) => format!("{pages} pages and {links} links"),
        None => "the content".to_string(),
    };
    let took = seconds(started.elapsed());
    if errors > 0 {
        let unchecked = if report.site.is_none() {
            "; the site's links are checked once the content has no errors"
        } else {
            ""
        };
        eprintln!("check failed: {counts} in {checked}{unchecked}");
        ExitCode::from(1)
    } else if warnings > 0 && deny_warnings {
        eprintln!("check failed: {counts} in {checked} (warnings denied by --deny-warnings)");
        ExitCode::from(1)
    } else {
        eprintln!("checked {checked} in {took}: {counts}");
        ExitCode::SUCCESS
    }
}

fn serve(options: ServeOptions) -> ExitCode {
    let colour = use_colour();
    let mut report = |event: ServeEvent| match event {
        ServeEvent::Listening { url, wanted } => {
            if let Some(port) = wanted {
                eprintln!("port {port} is taken: serving on another");
            }
            println!(
                "serving {} at {url} (Ctrl-C to stop)",
                options.content.display()
            );
        }
        ServeEvent::Changed { paths } => eprintln!("changed: {}", paths.join(", ")),
        ServeEvent::WatchError { message } => {
            eprintln!("watching {}: {message}", options.content.display())
        }
        ServeEvent::Built {
            what,
            pages,
            changed,
            fixed,
            took,
            warnings,
        } => {
            print_with(warnings, colour);
            let mut notes = Vec::new();
            if let Some(changed) = changed {
                notes.push(format!("{changed} file{} changed", plural(changed)));
            }
            if fixed {
                notes.push("the errors are fixed".to_string());
            }
            let notes = if notes.is_empty() {
                String::new()
            } else {
                format!(" ({})", notes.join("; "))
            };
            eprintln!(
                "{} {pages} page{} in {}{notes}{}",
                what.describe(),
                plural(pages),
                seconds(took),
                warnings_suffix(warnings.len())
            );
        }
        ServeEvent::Failed {
            diagnostics,
            took,
            last_good,
        } => {
            print_with(diagnostics, colour);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let serving = if last_good {
                "still serving the last good site"
            } else {
                "serving the errors until they are fixed"
            };
            eprintln!(
                "build failed in {}: {errors} error{}; {serving}",
                seconds(took),
                plural(errors)
            );
        }
        ServeEvent::Stopped => eprintln!("stopped"),
    };
    let outcome = with_progress(|progress| dossier::serve::serve(&options, progress, &mut report));
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

fn new(content: PathBuf, request: NewFile) -> ExitCode {
    let today = dossier::scaffold::today();
    match dossier::scaffold::new_file(&content, &request, &today) {
        Ok(path) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(error) => scaffold_failure(error),
    }
}

fn init(dir: PathBuf) -> ExitCode {
    match dossier::scaffold::init(&dir) {
        Ok(written) => {
            for path in &written {
                println!("{}", path.display());
            }
            let content = written
                .first()
                .and_then(|config| config.parent())
                .unwrap_or(&dir);
            let cd = if dir == std::path::Path::new(".") {
                String::new()
            } else {
                format!("cd {} && ", dir.display())
            };
            eprintln!(
                "started a dossier in {}: try `{cd}dossier serve`",
                content.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => scaffold_failure(error),
    }
}

fn scaffold_failure(error: ScaffoldError) -> ExitCode {
    match error {
        ScaffoldError::Usage(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        ScaffoldError::Refused(diagnostic) => {
            print_diagnostics(&[diagnostic]);
            ExitCode::from(1)
        }
    }
}

/// Runs `run` with a spinner on a terminal, nothing otherwise.
fn with_progress<T>(run: impl FnOnce(&dyn Progress) -> T) -> T {
    let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
    if std::io::stderr().is_terminal() && !dumb {
        let spinner = Spinner::start();
        let outcome = run(&spinner);
        drop(spinner);
        outcome
    } else {
        run(&Silent)
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    print_with(diagnostics, use_colour());
}

fn print_with(diagnostics: &[Diagnostic], colour: bool) {
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

fn seconds(took: Duration) -> String {
    format!("{:.2}s", took.as_secs_f64())
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
