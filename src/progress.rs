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
