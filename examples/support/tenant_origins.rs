//! The tenants' origins in a SQL table, and the API that allows them: what
//! `examples/tenants.rs` serves and `tests/tenant_origins.rs` tests against real SQLite and
//! PostgreSQL databases.

use std::str::FromStr;
use std::time::Duration;

use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use cors_runtime::{cors_policy, CorsLayer, CorsPolicy, Origin, ResolverError};
use serde_json::{json, Value};
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};

/// The platform's own origins; every tenant's origin is in the database.
static POLICY: CorsPolicy = cors_policy!(include "../tenants.toml");

/// The pool's connections, and at most as many lookups at once: the layer's cache keeps
/// lookups to one per origin per TTL, so a few are plenty.
const CONNECTIONS: u32 = 4;

const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS tenant_origins (origin TEXT PRIMARY KEY)";

/// The table `tenant_origins (origin TEXT PRIMARY KEY)`, in SQLite or PostgreSQL.
#[derive(Clone, Debug)]
pub enum TenantOrigins {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl TenantOrigins {
    /// Connects to `url` (`sqlite://FILE` or `postgres://…`), and creates the table if it
    /// is missing (and, for SQLite, the file).
    pub async fn open(url: &str) -> Result<TenantOrigins, sqlx::Error> {
        Ok(
            if url.starts_with("postgres://") || url.starts_with("postgresql://") {
                let pool = PgPoolOptions::new()
                    .max_connections(CONNECTIONS)
                    .connect(url)
                    .await?;
                sqlx::raw_sql(CREATE_TABLE).execute(&pool).await?;
                TenantOrigins::Postgres(pool)
            } else if url.starts_with("sqlite:") {
                let options = SqliteConnectOptions::from_str(url)?.create_if_missing(true);
                let pool = SqlitePoolOptions::new()
                    .max_connections(CONNECTIONS)
                    .connect_with(options)
                    .await?;
                sqlx::raw_sql(CREATE_TABLE).execute(&pool).await?;
                TenantOrigins::Sqlite(pool)
            } else {
                return Err(sqlx::Error::Configuration(
                format!(
                    "the database URL {url:?} is neither sqlite://FILE nor postgres://USER@HOST/DATABASE"
                )
                .into(),
            ));
            },
        )
    }

    /// Whether the table holds `origin`, compared whole: the layer hands over origins
    /// exactly as browsers serialize them, so the table keeps them in that form.
    pub async fn contains(&self, origin: &Origin) -> Result<bool, sqlx::Error> {
        match self {
            TenantOrigins::Sqlite(pool) => {
                sqlx::query_scalar("SELECT EXISTS(SELECT 1 FROM tenant_origins WHERE origin = ?)")
                    .bind(origin.as_str())
                    .fetch_one(pool)
                    .await
            }
            TenantOrigins::Postgres(pool) => {
                sqlx::query_scalar("SELECT EXISTS(SELECT 1 FROM tenant_origins WHERE origin = $1)")
                    .bind(origin.as_str())
                    .fetch_one(pool)
                    .await
            }
        }
    }
}

/// `GET /v1/items` and `POST /v1/items`, behind the platform's policy, with every other
/// origin asked of `tenants` and the answer kept for `cache_ttl`.
pub fn api(tenants: TenantOrigins, cache_ttl: Duration) -> Result<Router, ResolverError> {
    let cors = CorsLayer::new(&POLICY)
        .allow_origin_async(move |origin: Origin| {
            let tenants = tenants.clone();
            async move { tenants.contains(&origin).await }
        })?
        .origin_cache_ttl(cache_ttl)
        .origin_lookups_in_flight(CONNECTIONS as usize);
    Ok(Router::new()
        .route("/v1/items", get(list_items).post(create_item))
        .layer(cors))
}

async fn list_items() -> Json<Value> {
    Json(json!([
        { "id": 1, "name": "Espresso cup" },
        { "id": 2, "name": "Milk jug" },
    ]))
}

async fn create_item(Json(item): Json<Value>) -> (StatusCode, Json<Value>) {
    let name = item.get("name").cloned().unwrap_or(Value::Null);
    (StatusCode::CREATED, Json(json!({ "id": 3, "name": name })))
}
