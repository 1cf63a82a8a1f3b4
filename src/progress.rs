//! Progress of a run that takes more than a moment: the stage it is in and
//! how many files it has written, on one line of a terminal.
//!
//! The library only announces stages ([`Progress`]); the command line decides
//! whether to show them ([`Spinner`] on a terminal, [`Silent`] otherwise).

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Told where a run is.
pub trait Progress: Sync {
    /// A stage begins; `count`, if given, counts the files it has written so far.
    fn stage(&self, name: &'static str, count: Option<Arc<AtomicUsize>>);

    /// The run is over: nothing more to show until the next stage.
    fn finish(&self) {}
}

/// Shows nothing.
pub struct Silent;

impl Progress for Silent {
    fn stage(&self, _name: &'static str, _count: Option<Arc<AtomicUsize>>) {}
}

/// How long a run goes before its progress is shown: a quick build shows none.
const DELAY: Duration = Duration::from_millis(300);
const TICK: Duration = Duration::from_millis(100);
const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

#[derive(Default)]
struct State {
    /// When the current run began; `None` between runs.
    since: Option<Instant>,
    stage: &'static str,
    count: Option<Arc<AtomicUsize>>,
    /// Whether a line is on the screen to wipe.
    drawn: bool,
    closed: bool,
}

/// A one-line spinner on standard error, drawn from its own thread once a run
/// has taken longer than `DELAY`, and wiped when the run ends.
pub struct Spinner {
    shared: Arc<(Mutex<State>, Condvar)>,
    thread: Option<JoinHandle<()>>,
}

impl Spinner {
    /// Use only when standard error is a terminal.
    pub fn start() -> Spinner {
        let shared = Arc::new((Mutex::new(State::default()), Condvar::new()));
        let thread = {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || spin(&shared.0, &shared.1))
        };
        Spinner {
            shared,
            thread: Some(thread),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.shared.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.finish();
        self.state().closed = true;
        self.shared.1.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Progress for Spinner {
    fn stage(&self, name: &'static str, count: Option<Arc<AtomicUsize>>) {
        let mut state = self.state();
        state.since.get_or_insert_with(Instant::now);
        state.stage = name;
        state.count = count;
        self.shared.1.notify_all();
    }

    fn finish(&self) {
        let mut state = self.state();
        state.since = None;
        if state.drawn {
            draw("");
            state.drawn = false;
        }
    }
}

fn spin(state: &Mutex<State>, wake: &Condvar) {
    let mut frame = 0;
    let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
    while !state.closed {
        let Some(since) = state.since else {
            // Idle until a run begins.
            state = wake.wait(state).unwrap_or_else(|e| e.into_inner());
            continue;
        };
        let due = since + DELAY;
        let now = Instant::now();
        let wait = if now < due {
            due - now
        } else {
            let line = match &state.count {
                Some(count) => format!(
                    "{} {}: {} files",
                    FRAMES[frame],
                    state.stage,
                    count.load(Ordering::Relaxed)
                ),
                None => format!("{} {}", FRAMES[frame], state.stage),
            };
            frame = (frame + 1) % FRAMES.len();
            draw(&line);
            state.drawn = true;
            TICK
        };
        state = wake
            .wait_timeout(state, wait)
            .unwrap_or_else(|e| e.into_inner())
            .0;
    }
}

/// Replaces the current terminal line with `line`.
fn draw(line: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = write!(stderr, "\r\x1b[2K{line}");
    let _ = stderr.flush();
}
