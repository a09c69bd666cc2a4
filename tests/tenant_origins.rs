//! The tenants example's API (`examples/support/tenant_origins.rs`) against real databases:
//! a SQLite file in a temporary folder, and the PostgreSQL server named by
//! `CORS_TEST_POSTGRES_URL` (`.ci/run` starts a throwaway one). Another connection writes
//! the table while the API serves, as another program would: an origin inserted or deleted
//! takes effect once its cached answer expires, and a failing lookup is never cached.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Method, Request, Response, StatusCode};
use axum::Router;
use sqlx::{Connection, PgConnection, SqliteConnection};
use tower::ServiceExt;

#[path = "../examples/support/tenant_origins.rs"]
mod tenant_origins;

use tenant_origins::TenantOrigins;

/// Long enough that the writes and requests between two expiries fit well inside it.
const CACHE_TTL: Duration = Duration::from_millis(1500);

const PLATFORM: &str = "https://platform.example.com";

#[tokio::test]
async fn sqlite_file_and_table_are_created_and_writes_take_effect_within_the_ttl() {
    let folder = TempFolder::new("sqlite");
    let file = folder.path.join("tenants.db");
    let url = format!("sqlite://{}", file.display());
    assert!(!file.exists());

    let tenants = TenantOrigins::open(&url).await.expect("SQLite opens");
    assert!(file.exists(), "the database file is created");
    // Opening it again finds the table and keeps its rows.
    execute_elsewhere(
        &url,
        "INSERT INTO tenant_origins VALUES ('https://kept.example')",
    )
    .await;
    drop(TenantOrigins::open(&url).await.expect("SQLite opens again"));
    assert_eq!(count_rows(&url).await, 1);

    writes_take_effect_within_the_ttl(tenants, &url, "https://shop.acme.example").await;
}

#[tokio::test]
async fn postgres_writes_take_effect_within_the_ttl() {
    let Some(url) = postgres_url() else { return };
    let tenants = TenantOrigins::open(&url).await.expect("PostgreSQL opens");
    // The same table again: `CREATE TABLE IF NOT EXISTS`.
    drop(
        TenantOrigins::open(&url)
            .await
            .expect("PostgreSQL opens again"),
    );
    // A name of its own, so that a database kept between runs holds no row for it.
    let origin = format!("https://shop-{}.acme.example", std::process::id());
    execute_elsewhere(
        &url,
        &format!("DELETE FROM tenant_origins WHERE origin = '{origin}'"),
    )
    .await;
    writes_take_effect_within_the_ttl(tenants, &url, &origin).await;
}

#[tokio::test]
async fn a_url_of_another_database_is_an_error_that_names_it() {
    let error = TenantOrigins::open("mysql://localhost/tenants")
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "error with configuration: the database URL \"mysql://localhost/tenants\" is neither \
         sqlite://FILE nor postgres://USER@HOST/DATABASE"
    );
}

/// The table written by another connection while the API answers `tenant`'s requests.
async fn writes_take_effect_within_the_ttl(tenants: TenantOrigins, url: &str, tenant: &str) {
    let api = tenant_origins::api(tenants, CACHE_TTL).expect("the policy lists its origins");

    // The platform's own origin is the policy's: no row needed.
    assert_allowed(&api, PLATFORM).await;

    // Not in the table: refused, and the refusal is kept.
    let asked = Instant::now();
    assert_refused(&api, tenant).await;
    let answered = Instant::now();
    execute_elsewhere(
        url,
        &format!("INSERT INTO tenant_origins VALUES ('{tenant}')"),
    )
    .await;
    assert_refused(&api, tenant).await;
    assert!(
        asked.elapsed() < CACHE_TTL,
        "the checks took longer than the TTL"
    );
    sleep_until(answered + CACHE_TTL).await;
    let asked = Instant::now();
    assert_allowed(&api, tenant).await;
    let answered = Instant::now();
    assert_preflight_allowed(&api, tenant).await;

    // Deleted: still allowed from the cache, then refused.
    execute_elsewhere(
        url,
        &format!("DELETE FROM tenant_origins WHERE origin = '{tenant}'"),
    )
    .await;
    assert_allowed(&api, tenant).await;
    assert!(
        asked.elapsed() < CACHE_TTL,
        "the checks took longer than the TTL"
    );
    sleep_until(answered + CACHE_TTL).await;
    assert_refused(&api, tenant).await;

    // The same origin as no browser sends it is never looked up, row or not.
    execute_elsewhere(
        url,
        &format!(
            "INSERT INTO tenant_origins VALUES ('{}')",
            tenant.to_uppercase()
        ),
    )
    .await;
    assert_refused(&api, &tenant.to_uppercase()).await;

    // A lookup that fails (the table is gone) refuses the request and is not kept: once
    // the table is back with the row, the next request asks again and is allowed.
    let other = tenant.replacen("https://", "https://other-", 1);
    execute_elsewhere(url, "DROP TABLE tenant_origins").await;
    assert_refused(&api, &other).await;
    execute_elsewhere(
        url,
        &format!(
            "CREATE TABLE tenant_origins (origin TEXT PRIMARY KEY); \
             INSERT INTO tenant_origins VALUES ('{other}')"
        ),
    )
    .await;
    assert_allowed(&api, &other).await;
}

async fn assert_allowed(api: &Router, origin: &str) {
    let response = get_items(api, origin).await;
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers();
    assert_eq!(
        headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        origin,
        "{origin} is allowed"
    );
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_CREDENTIALS], "true");
    assert_eq!(
        headers[header::ACCESS_CONTROL_EXPOSE_HEADERS],
        "x-request-id"
    );
    assert_eq!(headers[header::VARY], "origin");
    let body = axum::body::to_bytes(response.into_body(), 1 << 16)
        .await
        .unwrap();
    assert!(
        body.starts_with(br#"[{"id":1"#),
        "the handler's body: {body:?}"
    );
}

async fn assert_refused(api: &Router, origin: &str) {
    let response = get_items(api, origin).await;
    // The handler still answers; the browser hides it from the page.
    assert_eq!(response.status(), StatusCode::OK);
    let headers = response.headers();
    assert_eq!(
        headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN),
        None,
        "{origin} is refused"
    );
    assert_eq!(headers.get(header::ACCESS_CONTROL_ALLOW_CREDENTIALS), None);
    assert_eq!(headers[header::VARY], "origin");
}

async fn assert_preflight_allowed(api: &Router, origin: &str) {
    let request = Request::builder()
        .method(Method::OPTIONS)
        .uri("/v1/items")
        .header(header::ORIGIN, origin)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
        .body(Body::empty())
        .unwrap();
    let response = api.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let headers = response.headers();
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], origin);
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_METHODS], "GET, POST");
    assert_eq!(
        headers[header::ACCESS_CONTROL_ALLOW_HEADERS],
        "authorization, content-type"
    );
    assert_eq!(headers[header::ACCESS_CONTROL_MAX_AGE], "600");
}

async fn get_items(api: &Router, origin: &str) -> Response<Body> {
    let request = Request::builder()
        .uri("/v1/items")
        .header(header::ORIGIN, origin)
        .body(Body::empty())
        .unwrap();
    api.clone().oneshot(request).await.unwrap()
}

/// Runs `sql` on a connection of its own, as another program writing the table would.
async fn execute_elsewhere(url: &str, sql: &str) {
    let result = if is_postgres(url) {
        let mut connection = PgConnection::connect(url)
            .await
            .expect("PostgreSQL connects");
        sqlx::raw_sql(sql).execute(&mut connection).await.map(drop)
    } else {
        let mut connection = SqliteConnection::connect(url)
            .await
            .expect("SQLite connects");
        sqlx::raw_sql(sql).execute(&mut connection).await.map(drop)
    };
    result.unwrap_or_else(|error| panic!("{sql}: {error}"));
}

async fn count_rows(url: &str) -> i64 {
    let mut connection = SqliteConnection::connect(url)
        .await
        .expect("SQLite connects");
    sqlx::query_scalar("SELECT COUNT(*) FROM tenant_origins")
        .fetch_one(&mut connection)
        .await
        .expect("the table exists")
}

fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// `CORS_TEST_POSTGRES_URL`, required under `CI=true`; elsewhere its absence skips the
/// test, saying so.
fn postgres_url() -> Option<String> {
    match std::env::var("CORS_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("CI").is_ok_and(|ci| ci == "true") => {
            panic!("CI=true needs CORS_TEST_POSTGRES_URL: .ci/run starts PostgreSQL and sets it")
        }
        _ => {
            eprintln!(
                "skipped the PostgreSQL test: CORS_TEST_POSTGRES_URL is not set (.ci/run starts \
                 a throwaway PostgreSQL and sets it; or set it to postgres://USER@HOST/DATABASE)"
            );
            None
        }
    }
}

/// Sleeps until a cached answer given before `expiry` has expired.
async fn sleep_until(expiry: Instant) {
    // The cache's clock reads a little after ours.
    tokio::time::sleep_until((expiry + Duration::from_millis(50)).into()).await;
}

/// A folder of its own under the system's temporary folder, removed when dropped.
struct TempFolder {
    path: PathBuf,
}

impl TempFolder {
    fn new(name: &str) -> TempFolder {
        let path =
            std::env::temp_dir().join(format!("cors-tenant-origins-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("a temporary folder");
        TempFolder { path }
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}
