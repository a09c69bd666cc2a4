//! A platform's API whose tenants bring their own domains: the policy
//! (`examples/tenants.toml`) lists the platform's own origin, and every other origin is
//! allowed when it is in the SQL table `tenant_origins`, asked through the CORS layer's
//! cache.
//!
//! ```text
//! cargo run --example tenants -- [--database-url URL] [--listen ADDR] [--cache-ttl SECONDS]
//! ```
//!
//! - `--database-url`: `sqlite://FILE` (the default is `sqlite://tenants.db`; the file and
//!   the table are created if missing) or `postgres://USER@HOST/DATABASE` (the table is
//!   created if missing).
//! - `--listen`: the API's address, `127.0.0.1:8000` by default.
//! - `--cache-ttl`: how long an origin's answer is kept, in seconds (60 by default): an
//!   origin inserted into the table, or deleted from it, takes effect within that time.
//!
//! It serves `GET /v1/items` and `POST /v1/items` (JSON), and at `/` a tenant's page that
//! calls them: open it as `http://localhost:8000/`, so that its calls to
//! `http://127.0.0.1:8000` are cross-origin, and they succeed once
//! `INSERT INTO tenant_origins VALUES ('http://localhost:8000')` has taken effect.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use axum::response::Html;
use axum::routing::get;
use tokio::net::TcpListener;

#[path = "support/tenant_origins.rs"]
mod tenant_origins;

use tenant_origins::TenantOrigins;

const USAGE: &str = "usage: tenants [--database-url URL] [--listen ADDR] [--cache-ttl SECONDS]

  --database-url URL   sqlite://FILE or postgres://USER@HOST/DATABASE (default sqlite://tenants.db)
  --listen ADDR        the API's address (default 127.0.0.1:8000)
  --cache-ttl SECONDS  how long an origin's answer is kept (default 60)";

#[derive(Debug)]
struct Options {
    database_url: String,
    listen: SocketAddr,
    cache_ttl: Duration,
}

#[tokio::main]
async fn main() -> ExitCode {
    // A lookup that fails or times out is logged at `warn`, with the origin and the error.
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::WARN)
        .init();
    let options = match parse_options(std::env::args().skip(1)) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match serve(&options).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(options: &Options) -> Result<(), String> {
    let url = &options.database_url;
    let tenants = TenantOrigins::open(url)
        .await
        .map_err(|error| format!("cannot open the tenants' database {url}: {error}"))?;
    let api = tenant_origins::api(tenants, options.cache_ttl)
        .map_err(|error| error.to_string())?
        .route("/", get(tenant_page));
    let listener = TcpListener::bind(options.listen)
        .await
        .map_err(|error| format!("cannot listen on {}: {error}", options.listen))?;
    let port = options.listen.port();
    println!(
        "tenant origins: the table tenant_origins in {url}, each answer kept {} s",
        options.cache_ttl.as_secs()
    );
    println!(
        "API on http://{} (GET and POST /v1/items) for https://platform.example.com and the table's origins",
        options.listen
    );
    println!("a tenant's page on http://localhost:{port}/ (its origin: http://localhost:{port})");
    axum::serve(listener, api)
        .await
        .map_err(|error| format!("serving on {}: {error}", options.listen))
}

/// The options, or `None` when `--help` asks for the usage.
fn parse_options(mut args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let mut options = Options {
        database_url: "sqlite://tenants.db".to_owned(),
        listen: SocketAddr::from(([127, 0, 0, 1], 8000)),
        cache_ttl: Duration::from_secs(60),
    };
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg, None),
        };
        if flag == "--help" || flag == "-h" {
            return Ok(None);
        }
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--database-url" => options.database_url = value()?,
            "--listen" => {
                let text = value()?;
                options.listen = text.parse().map_err(|_| {
                    format!("--listen expects an IP address and a port, such as 127.0.0.1:8000; got {text:?}")
                })?;
            }
            "--cache-ttl" => {
                let text = value()?;
                let seconds = text.parse().map_err(|_| {
                    format!("--cache-ttl expects whole seconds, such as 60; got {text:?}")
                })?;
                options.cache_ttl = Duration::from_secs(seconds);
            }
            _ => return Err(format!("unknown argument {flag:?}")),
        }
    }
    Ok(Some(options))
}

/// A tenant's storefront, calling the API from its own origin.
async fn tenant_page() -> Html<&'static str> {
    Html(TENANT_PAGE)
}

const TENANT_PAGE: &str = r#"<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>A tenant's page</title>
<style>body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; } pre { background: #f4f4f4; padding: 1rem; white-space: pre-wrap; }</style>
<h1>A tenant's page</h1>
<pre id="result">Calling the API…</pre>
<script>
const result = document.getElementById('result');
const api = `http://127.0.0.1:${location.port}/v1/items`;
(async () => {
  if (location.hostname !== 'localhost') {
    result.textContent = `Open this page as http://localhost:${location.port}/: from here its calls are not cross-origin.`;
    return;
  }
  try {
    const list = await fetch(api, { credentials: 'include' });
    const created = await fetch(api, {
      method: 'POST',
      credentials: 'include',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Tamper' }),
    });
    result.textContent = [
      `${location.origin} may call ${api}`,
      `GET:  HTTP ${list.status} ${JSON.stringify(await list.json())}`,
      `POST: HTTP ${created.status} ${JSON.stringify(await created.json())}`,
    ].join('\n');
  } catch (error) {
    result.textContent = `Refused: ${error}. Is ${location.origin} in the table tenant_origins? (The browser console says why.)`;
  }
})();
</script>
</html>
"#;
