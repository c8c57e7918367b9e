//! A small, fixed pool of threads for CPU-heavy work (password hashing, checking and
//! re-encoding uploads). Fixed threads bound how much runs at once, keep the async workers free
//! for serving pages, and keep memory flat: large buffers are allocated and freed on the same few
//! threads instead of being spread over the allocator arenas of many short-lived ones.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};

type Job = Box<dyn FnOnce() + Send + 'static>;

#[derive(Clone)]
pub struct CpuPool {
    sender: mpsc::Sender<Job>,
}

#[derive(Debug, thiserror::Error)]
#[error("the CPU pool has stopped")]
pub struct PoolStopped;

impl CpuPool {
    pub fn new(threads: usize, name: &str) -> std::io::Result<CpuPool> {
        let (sender, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        for i in 0..threads.max(1) {
            let receiver = receiver.clone();
            std::thread::Builder::new().name(format!("{name}-{i}")).spawn(move || {
                loop {
                    let job = match receiver.lock() {
                        Ok(r) => r.recv(),
                        Err(_) => return,
                    };
                    match job {
                        Ok(job) => job(),
                        Err(_) => return,
                    }
                }
            })?;
        }
        Ok(CpuPool { sender })
    }

    /// Runs `f` on the pool and waits for its result without blocking the async runtime.
    pub async fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> Result<T, PoolStopped> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        self.sender
            .send(Box::new(move || {
                let _ = tx.send(f());
            }))
            .map_err(|_| PoolStopped)?;
        rx.await.map_err(|_| PoolStopped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn jobs_run_on_the_pool_threads() {
        let pool = CpuPool::new(2, "test-pool").unwrap_or_else(|_| unreachable!());
        let names: Vec<String> = futures_util::future::join_all(
            (0..8).map(|_| pool.run(|| std::thread::current().name().unwrap_or("").to_owned())),
        )
        .await
        .into_iter()
        .map(|r| r.unwrap_or_default())
        .collect();
        assert!(names.iter().all(|n| n.starts_with("test-pool-")), "{names:?}");
    }
}
