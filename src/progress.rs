//! Progress reports from long phases (files read, sheets written) to
//! whoever listens: the command line installs a terminal printer; the library
//! alone prints nothing.

use std::sync::OnceLock;

type Listener = Box<dyn Fn(&str) + Send + Sync>;

static LISTENER: OnceLock<Listener> = OnceLock::new();

/// Installs the listener (once per process; later calls are ignored).
pub fn listen(listener: impl Fn(&str) + Send + Sync + 'static) {
    let _ = LISTENER.set(Box::new(listener));
}

/// Reports progress, if anyone listens.
pub fn report(message: impl FnOnce() -> String) {
    if let Some(listener) = LISTENER.get() {
        listener(&message());
    }
}

/// A text bar for `done` of `total`: `[########------------] 8/20`.
pub fn bar(done: usize, total: usize) -> String {
    const WIDTH: usize = 20;
    let filled = (done * WIDTH)
        .checked_div(total)
        .map_or(WIDTH, |f| f.min(WIDTH));
    format!(
        "[{}{}] {done}/{total}",
        "#".repeat(filled),
        "-".repeat(WIDTH - filled)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn bars() {
        assert_eq!(super::bar(0, 4), "[--------------------] 0/4");
        assert_eq!(super::bar(2, 4), "[##########----------] 2/4");
        assert_eq!(super::bar(4, 4), "[####################] 4/4");
    }
}
