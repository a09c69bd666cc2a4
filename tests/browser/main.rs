//! End-to-end: headless Chromium judges the policies. Each test serves a page from one
//! loopback origin and an API behind a `CorsLayer` from another, runs a script there and
//! checks what the browser let it see. Chromium is Debian's `chromium` package; without
//! it these tests are skipped, except under CI, where they fail.

mod harness;

use cors_runtime::{cors_policy, CorsPolicy};
use harness::{model, returned, threw, ALLOWED_ORIGIN, OTHER_ORIGIN};

/// Explicit lists, with credentials.
static EXPLICIT: CorsPolicy = cors_policy!(
    r#"
    allow_origins = ["http://127.0.0.1:47801"]
    allow_methods = ["PUT"]
    allow_headers = ["x-custom", "content-type"]
    allow_credentials = true
    expose_headers = ["x-exposed"]
    max_age = 0
    "#
);

/// `*` everything, without credentials.
static ANY: CorsPolicy = cors_policy!(
    r#"
    allow_origins = "*"
    allow_methods = "*"
    allow_headers = "*"
    max_age = 0
    "#
);

/// `*` methods and headers with credentials: the policy echoes what is asked.
static ANY_WITH_CREDENTIALS: CorsPolicy = cors_policy!(
    r#"
    allow_origins = ["http://127.0.0.1:47801"]
    allow_methods = "*"
    allow_headers = "*"
    allow_credentials = true
    max_age = 0
    "#
);

/// The Nexus documentation's configuration, for its `fetch` and axios examples.
static NEXUS: CorsPolicy = cors_policy!(
    r#"
    [server.cors]
    allow_origins = ["http://127.0.0.1:47801"]
    allow_methods = ["GET", "POST"]
    allow_headers = ["authorization", "content-type", "x-request-id"]
    allow_credentials = true
    max_age = 0
    expose_headers = ["x-request-id", "x-trace-id"]
    "#
);

#[tokio::test]
async fn allowed_origin_reads_a_json_response() {
    // The product's browser model agrees with Chromium.
    assert_eq!(model(&EXPLICIT, ALLOWED_ORIGIN, "GET", &[], false), Ok(()));
    let Some(value) = returned(
        &EXPLICIT,
        ALLOWED_ORIGIN,
        "const response = await fetch(`${API}/json`);
         return { status: response.status, body: await response.json() };",
    )
    .await
    else {
        return;
    };
    assert_eq!(value["status"], 200, "{value}");
    assert_eq!(value["body"]["hello"], "world", "{value}");
}

#[tokio::test]
async fn disallowed_origin_gets_a_cors_error() {
    // The product's browser model agrees with Chromium.
    assert!(model(&EXPLICIT, OTHER_ORIGIN, "GET", &[], false).is_err());
    let Some(error) = threw(
        &EXPLICIT,
        OTHER_ORIGIN,
        "const response = await fetch(`${API}/json`);
         return { status: response.status, body: await response.text() };",
    )
    .await
    else {
        return;
    };
    assert!(
        error.contains("Failed to fetch"),
        "the browser said: {error}"
    );
}

#[tokio::test]
async fn credentialed_request_carries_the_cookie_with_an_explicit_origin() {
    // The product's browser model agrees with Chromium.
    assert_eq!(model(&EXPLICIT, ALLOWED_ORIGIN, "GET", &[], true), Ok(()));
    let Some(value) = returned(
        &EXPLICIT,
        ALLOWED_ORIGIN,
        "await fetch(`${API}/set-cookie`, { credentials: 'include' });
         const response = await fetch(`${API}/whoami`, { credentials: 'include' });
         return await response.json();",
    )
    .await
    else {
        return;
    };
    assert_eq!(value["cookie"], "session=abc123", "the API saw {value}");
}

#[tokio::test]
async fn preflighted_put_with_allowed_custom_headers_passes() {
    // The product's browser model agrees with Chromium.
    assert_eq!(
        model(
            &EXPLICIT,
            ALLOWED_ORIGIN,
            "PUT",
            &[("X-Custom", "1"), ("Content-Type", "application/json")],
            true
        ),
        Ok(())
    );
    let Some(value) = returned(
        &EXPLICIT,
        ALLOWED_ORIGIN,
        "const response = await fetch(`${API}/items`, {
           method: 'PUT',
           credentials: 'include',
           headers: { 'X-Custom': '1', 'Content-Type': 'application/json' },
           body: '{}',
         });
         return { status: response.status, body: await response.text() };",
    )
    .await
    else {
        return;
    };
    assert_eq!(value["body"], "stored", "{value}");
}

#[tokio::test]
async fn preflighted_put_with_a_header_not_allowed_fails() {
    // The product's browser model agrees with Chromium.
    assert!(model(
        &EXPLICIT,
        ALLOWED_ORIGIN,
        "PUT",
        &[("X-Custom", "1"), ("X-Not-Allowed", "1")],
        false
    )
    .is_err());
    let Some(error) = threw(
        &EXPLICIT,
        ALLOWED_ORIGIN,
        "const response = await fetch(`${API}/items`, {
           method: 'PUT',
           headers: { 'X-Custom': '1', 'X-Not-Allowed': '1' },
         });
         return { status: response.status, body: await response.text() };",
    )
    .await
    else {
        return;
    };
    assert!(
        error.contains("Failed to fetch"),
        "the browser said: {error}"
    );
}

#[tokio::test]
async fn any_headers_let_authorization_through_without_credentials() {
    // The product's browser model agrees with Chromium.
    assert_eq!(
        model(
            &ANY,
            ALLOWED_ORIGIN,
            "GET",
            &[("Authorization", "Bearer token"), ("X-Anything", "1")],
            false
        ),
        Ok(())
    );
    let Some(value) = returned(
        &ANY,
        ALLOWED_ORIGIN,
        "const response = await fetch(`${API}/json`, {
           headers: { 'Authorization': 'Bearer token', 'X-Anything': '1' },
         });
         return { status: response.status, body: await response.json() };",
    )
    .await
    else {
        return;
    };
    assert_eq!(value["body"]["hello"], "world", "{value}");
}

#[tokio::test]
async fn any_headers_let_authorization_through_with_credentials() {
    // The product's browser model agrees with Chromium.
    assert_eq!(
        model(
            &ANY_WITH_CREDENTIALS,
            ALLOWED_ORIGIN,
            "GET",
            &[("Authorization", "Bearer token"), ("X-Anything", "1")],
            true
        ),
        Ok(())
    );
    let Some(value) = returned(
        &ANY_WITH_CREDENTIALS,
        ALLOWED_ORIGIN,
        "const response = await fetch(`${API}/json`, {
           credentials: 'include',
           headers: { 'Authorization': 'Bearer token', 'X-Anything': '1' },
         });
         return { status: response.status, body: await response.json() };",
    )
    .await
    else {
        return;
    };
    assert_eq!(value["body"]["hello"], "world", "{value}");
}

#[tokio::test]
async fn any_methods_with_credentials_let_patch_through() {
    // The product's browser model agrees with Chromium.
    assert_eq!(
        model(&ANY_WITH_CREDENTIALS, ALLOWED_ORIGIN, "PATCH", &[], true),
        Ok(())
    );
    let Some(value) = returned(
        &ANY_WITH_CREDENTIALS,
        ALLOWED_ORIGIN,
        "const response = await fetch(`${API}/items`, { method: 'PATCH', credentials: 'include' });
         return { status: response.status, body: await response.text() };",
    )
    .await
    else {
        return;
    };
    assert_eq!(value["body"], "patched", "{value}");
}

#[tokio::test]
async fn an_exposed_header_is_readable_and_an_unexposed_one_is_not() {
    // The product's browser model agrees with Chromium.
    assert_eq!(model(&EXPLICIT, ALLOWED_ORIGIN, "GET", &[], false), Ok(()));
    let Some(value) = returned(
        &EXPLICIT,
        ALLOWED_ORIGIN,
        "const response = await fetch(`${API}/json`);
         return {
           exposed: response.headers.get('x-exposed'),
           hidden: response.headers.get('x-hidden'),
           contentType: response.headers.get('content-type'),
         };",
    )
    .await
    else {
        return;
    };
    assert_eq!(value["exposed"], "visible", "{value}");
    assert_eq!(value["hidden"], serde_json::Value::Null, "{value}");
    assert_eq!(
        value["contentType"], "application/json",
        "safelisted: {value}"
    );
}

#[tokio::test]
async fn the_nexus_fetch_example_works() {
    // The product's browser model agrees with Chromium.
    assert_eq!(
        model(
            &NEXUS,
            ALLOWED_ORIGIN,
            "POST",
            &[
                ("Authorization", "Bearer your-token"),
                ("Content-Type", "application/json")
            ],
            true
        ),
        Ok(())
    );
    let Some(value) = returned(
        &NEXUS,
        ALLOWED_ORIGIN,
        "const response = await fetch(`${API}/llm/v1/chat/completions`, {
           method: 'POST',
           credentials: 'include',
           headers: {
             'Authorization': 'Bearer your-token',
             'Content-Type': 'application/json',
           },
           body: JSON.stringify({ model: 'gpt-4', messages: [{ role: 'user', content: 'Hello' }] }),
         });
         const data = await response.json();
         return { status: response.status, requestId: response.headers.get('x-request-id'), data };",
    ).await else {
        return;
    };
    assert_eq!(value["status"], 200, "{value}");
    assert_eq!(value["requestId"], "req-7", "{value}");
    assert_eq!(
        value["data"]["authorization"], "Bearer your-token",
        "{value}"
    );
}

#[tokio::test]
async fn the_axios_style_with_credentials_call_works() {
    // The product's browser model agrees with Chromium.
    assert_eq!(
        model(
            &NEXUS,
            ALLOWED_ORIGIN,
            "POST",
            &[
                ("Authorization", "Bearer your-token"),
                ("Content-Type", "application/json")
            ],
            true
        ),
        Ok(())
    );
    // What axios does in a browser for `axios.post(url, data, { withCredentials: true })`.
    let Some(value) = returned(
        &NEXUS,
        ALLOWED_ORIGIN,
        "return await new Promise((resolve, reject) => {
           const xhr = new XMLHttpRequest();
           xhr.open('POST', `${API}/llm/v1/chat/completions`);
           xhr.withCredentials = true;
           xhr.setRequestHeader('Authorization', 'Bearer your-token');
           xhr.setRequestHeader('Content-Type', 'application/json');
           xhr.onload = () => resolve({
             status: xhr.status,
             requestId: xhr.getResponseHeader('x-request-id'),
             data: JSON.parse(xhr.responseText),
           });
           xhr.onerror = () => reject(new Error(`XMLHttpRequest failed (status ${xhr.status})`));
           xhr.send(JSON.stringify({ model: 'gpt-4', messages: [] }));
         });",
    )
    .await
    else {
        return;
    };
    assert_eq!(value["status"], 200, "{value}");
    assert_eq!(value["requestId"], "req-7", "{value}");
}
