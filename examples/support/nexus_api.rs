//! The Nexus-style API and its calling page, served behind a policy however it was made:
//! `examples/nexus.rs` builds it with `cors_policy!`, `examples/nexus_runtime.rs` loads it
//! when it starts.

use std::future::IntoFuture;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use cors_runtime::{CorsLayer, CorsPolicy};
use tokio::net::TcpListener;

const API_ADDRESS: &str = "127.0.0.1:8000";
const PAGE_ADDRESS: &str = "127.0.0.1:3000";

/// Serves the API behind `policy` on 127.0.0.1:8000 and the calling page on
/// 127.0.0.1:3000, until the process is stopped.
pub async fn serve(policy: &'static CorsPolicy) -> std::io::Result<()> {
    let api = Router::new()
        .route("/llm/v1/chat/completions", post(chat_completions))
        // Authentication sits inside the CORS layer: a preflight never reaches it.
        .route_layer(middleware::from_fn(require_bearer_token))
        .route("/health", get(health))
        .layer(CorsLayer::new(policy));
    let page = Router::new().route("/", get(|| async { Html(PAGE) }));

    let api_listener = TcpListener::bind(API_ADDRESS).await?;
    let page_listener = TcpListener::bind(PAGE_ADDRESS).await?;
    println!("API  on http://{API_ADDRESS} (POST /llm/v1/chat/completions, GET /health)");
    println!("Page on http://{PAGE_ADDRESS}: open it in a browser");
    tokio::try_join!(
        axum::serve(api_listener, api).into_future(),
        axum::serve(page_listener, page).into_future(),
    )?;
    Ok(())
}

async fn require_bearer_token(request: Request, next: Next) -> Response {
    let bearer = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .is_some_and(|token| !token.is_empty());
    if !bearer {
        let body = r#"{"error":{"message":"missing bearer token","type":"invalid_request_error"}}"#;
        return (StatusCode::UNAUTHORIZED, json_headers(), body).into_response();
    }
    next.run(request).await
}

async fn chat_completions() -> impl IntoResponse {
    static REQUESTS: AtomicU64 = AtomicU64::new(1);
    let number = REQUESTS.fetch_add(1, Ordering::Relaxed);
    let mut headers = json_headers();
    headers.insert("x-request-id", header_value(format!("req-{number}")));
    headers.insert("x-trace-id", header_value(format!("trace-{number:016x}")));
    let body = format!(
        r#"{{"id":"chatcmpl-{number}","object":"chat.completion","created":1764115200,"model":"openai/gpt-4o-mini","choices":[{{"index":0,"message":{{"role":"assistant","content":"Hello from Nexus! The browser allowed this cross-origin call."}},"finish_reason":"stop"}}],"usage":{{"prompt_tokens":9,"completion_tokens":12,"total_tokens":21}}}}"#
    );
    (headers, body)
}

async fn health() -> impl IntoResponse {
    (json_headers(), r#"{"status":"healthy"}"#)
}

fn json_headers() -> axum::http::HeaderMap {
    let mut headers = axum::http::HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    headers
}

fn header_value(text: String) -> HeaderValue {
    HeaderValue::try_from(text).expect("ASCII")
}

const PAGE: &str = r#"<!doctype html>
<html lang="en">
<meta charset="utf-8">
<title>Nexus CORS demo</title>
<style>body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; } pre { background: #f4f4f4; padding: 1rem; white-space: pre-wrap; }</style>
<h1>Calling Nexus from another origin</h1>
<p>This page is served from <code>http://127.0.0.1:3000</code>; the API listens on <code>http://127.0.0.1:8000</code>.</p>
<pre id="result">Calling the API…</pre>
<script>
const result = document.getElementById('result');
(async () => {
  try {
    const response = await fetch('http://127.0.0.1:8000/llm/v1/chat/completions', {
      method: 'POST',
      credentials: 'include',
      headers: {
        'Authorization': 'Bearer your-token',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] }),
    });
    const data = await response.json();
    result.textContent = [
      `Succeeded: HTTP ${response.status}`,
      `x-request-id (exposed): ${response.headers.get('x-request-id')}`,
      `x-trace-id (exposed): ${response.headers.get('x-trace-id')}`,
      `answer: ${data.choices[0].message.content}`,
    ].join('\n');
  } catch (error) {
    result.textContent = `Failed: ${error} (the browser console says why)`;
  }
})();
</script>
</html>
"#;
