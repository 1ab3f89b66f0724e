//! A few SQLite connections for reads, lent to one blocking task at a time.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use dyad_store::Store;
use tokio::sync::Semaphore;

use crate::api::ApiError;

/// Read connections: at most `size` queries at once; the others wait their turn
/// without holding a thread. Connections are opened on first use, and a connection
/// whose query panicked is dropped and replaced by a fresh one.
pub(crate) struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
    permits: Arc<Semaphore>,
}

impl Pool {
    pub(crate) fn new(path: PathBuf, size: usize) -> Pool {
        Pool { path, idle: Mutex::new(Vec::new()), permits: Arc::new(Semaphore::new(size.max(1))) }
    }

    /// Runs `read` on a connection, on a blocking thread.
    pub(crate) async fn read<T, F>(&self, read: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| ApiError::internal("the pool is closed"))?;
        let idle = self.idle.lock().map_err(|_| ApiError::internal("pool lock"))?.pop();
        let path = self.path.clone();
        // The permit travels with the connection and comes back with it, so that a
        // request that timed out still counts until its query ends.
        let (store, result, permit) = tokio::task::spawn_blocking(move || {
            let store = match idle {
                Some(store) => store,
                None => match Store::open(&path) {
                    Ok(store) => store,
                    Err(err) => return (None, Err(ApiError::store(err)), permit),
                },
            };
            let result = read(&store);
            (Some(store), result, permit)
        })
        .await
        .map_err(|_| ApiError::internal("a store query failed unexpectedly"))?;
        if let Some(store) = store {
            if let Ok(mut idle) = self.idle.lock() {
                idle.push(store);
            }
        }
        drop(permit);
        result
    }
}
