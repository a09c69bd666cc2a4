//! Robustness of the parse-and-validate stages (SPEC §2), as properties over generated
//! configurations: origins built from parts (schemes of any case and custom ones, hosts
//! with odd labels, dots, Unicode and `*`, ports from 0 to past 65535, paths, userinfo),
//! methods and header names (tokens and not, forbidden ones, mixed case), booleans,
//! `max_age` of every form (integers, whole seconds in strings, durations with units in any
//! case), and sometimes values of the wrong type or broken TOML, written as bare keys, as
//! `[server.cors]` of a whole Nexus file, or in a Nexus file without `[server.cors]`.
//!
//! Whatever the text, `compile` never panics. When it accepts the text, the policy is one
//! §2 allows, and every origin it accepts is one a browser serializes, which is checked
//! here independently of `origin.rs`: with the `url` crate for the special schemes, by
//! hand for the others. When it refuses the text, every message is located in it.

use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, TestCaseError};

use cors_config::{compile, Allow, Policy};

/// Enough cases to meet most combinations (about 30% of the documents compile); about 6 s
/// in a debug build. `PROPTEST_CASES` sets another count (a quick `PROPTEST_CASES=100`, a
/// long run's `PROPTEST_CASES=1000000`).
const DEFAULT_CASES: u32 = 10_000;

/// The cases to run: `PROPTEST_CASES` when it is set, [`DEFAULT_CASES`] otherwise.
fn cases() -> u32 {
    if std::env::var_os("PROPTEST_CASES").is_some() {
        // proptest's default configuration reads the variable (and warns when it cannot
        // parse it).
        Config::default().cases
    } else {
        DEFAULT_CASES
    }
}

// ---------------------------------------------------------------------------------------
// Values.

/// A TOML basic string holding `text` exactly.
fn basic_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML string holding `text`: literal when asked and possible, basic otherwise.
fn toml_string((text, literal): (String, bool)) -> String {
    if literal && !text.contains('\'') && !text.chars().any(char::is_control) {
        format!("'{text}'")
    } else {
        basic_string(&text)
    }
}

/// A value of a type no key takes, or a string where a boolean or a number belongs.
fn wrong_type() -> impl Strategy<Value = String> {
    select(vec![
        "1",
        "-1",
        "true",
        "1.5",
        "1979-05-27",
        "1979-05-27T07:32:00Z",
        "{ a = 1 }",
        "{}",
        "[1, \"x\"]",
        "[[\"x\"]]",
        "[true]",
        "\"yes\"",
        "\"true\"",
        "\"\"",
    ])
    .prop_map(str::to_owned)
}

fn scheme() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => select(vec!["http", "https", "ws", "wss", "ftp"]).prop_map(str::to_owned),
        3 => select(vec![
            "HTTP", "Https", "hTTps", "capacitor", "ionic", "chrome-extension", "app",
            "x+y.z-1", "moz-extension", "tauri",
        ])
        .prop_map(str::to_owned),
        2 => select(vec![
            "", "1abc", "a*", "*", "http*", "file", "FILE", "data", "blob", "about",
            "javascript", "ht tp", "é", "-x", "a_b",
        ])
        .prop_map(str::to_owned),
        1 => "[a-zA-Z][a-zA-Z0-9+.-]{0,6}",
    ]
}

fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => select(vec![
            "example", "com", "a", "b", "app", "localhost", "www", "github", "io", "co", "uk",
            "net", "org", "a_b", "a-b", "xn--bcher-kva", "test",
        ])
        .prop_map(str::to_owned),
        3 => select(vec![
            "-a", "a-", "0", "1", "255", "256", "01", "0x7f", "0X10", "EXAMPLE", "Com", "é",
            "exämple", "münchen", "", "*", "**", "*a", "a*", "xn--", "xn--a", "a b", "a%41",
            "a@b", "a:b", "a/b", "a?b", "a#b", "[", "]", "\u{200b}", "\u{ff0e}",
        ])
        .prop_map(str::to_owned),
        2 => "[a-z0-9_-]{1,8}",
        1 => "[a-zA-Z0-9_.*-]{0,6}",
        1 => any::<char>().prop_map(String::from),
    ]
}

fn ipv4_part() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0u32..300).prop_map(|n| n.to_string()),
        1 => (0u32..300).prop_map(|n| format!("0{n}")),
        1 => (0u32..300).prop_map(|n| format!("0x{n:x}")),
    ]
}

fn host() -> impl Strategy<Value = String> {
    let plain = prop_oneof![
        6 => proptest::collection::vec(label(), 1..5).prop_map(|labels| labels.join(".")),
        2 => select(vec![
            "[::1]", "[::0001]", "[2001:db8::1]", "[2001:DB8::1]", "[::1", "::1]",
            "[1:2:3:4:5:6:7:8]", "[0:0:0:0:0:0:0:1]", "[::ffff:1.2.3.4]", "[::ffff:102:304]",
            "[fe80::1%eth0]", "[]", "[*]", "127.0.0.1", "1.2.3.4", "10.0.2.2", "1.2.3", "1",
            "256.0.0.1", "0.0.0.0", "localhost", "a..b", ".a", "a.", "..", ".",
        ])
        .prop_map(str::to_owned),
        2 => proptest::collection::vec(ipv4_part(), 1..6).prop_map(|parts| parts.join(".")),
    ];
    (
        select(vec!["", "", "", "", "", "*.", "*.", "*", "**.", "*.*."]),
        plain,
    )
        .prop_map(|(wildcard, host)| format!("{wildcard}{host}"))
}

fn port() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        4 => Just(None),
        4 => select(vec![
            "", "0", "00", "1", "21", "80", "443", "3000", "8080", "08080", "065535", "65535",
            "65536", "99999", "4294967297", "*", "8*", "**", "-1", "+1", "\u{661}", " 80",
            "80 ", "0x50", "8080:1",
        ])
        .prop_map(|port| Some(port.to_owned())),
        2 => (0u32..70_000).prop_map(|port| Some(port.to_string())),
    ]
}

/// An `allow_origins` entry: built from parts, or one of the whole values §2 names.
fn origin() -> impl Strategy<Value = String> {
    let built = (
        select(vec!["", "", "", "", "", "", " ", "\t", "\n"]),
        scheme(),
        select(vec![
            "://", "://", "://", "://", "://", "://", ":/", ":", "", ":///",
        ]),
        select(vec![
            "", "", "", "", "", "", "", "user@", "u:p@", "@", "a@b@",
        ]),
        host(),
        port(),
        select(vec![
            "", "", "", "", "", "", "", "", "/", "/", "/path", "?q=1", "#frag", "/a?b#c", "\\",
        ]),
        select(vec!["", "", "", "", "", "", " ", "\u{a0}", "."]),
    )
        .prop_map(
            |(lead, scheme, separator, userinfo, host, port, path, trail)| {
                let port = port.map(|port| format!(":{port}")).unwrap_or_default();
                format!("{lead}{scheme}{separator}{userinfo}{host}{port}{path}{trail}")
            },
        );
    prop_oneof![
        12 => built,
        1 => select(vec![
            "*", "null", "NULL", "Null", "file:///home/me/index.html", "file://", "FILE://x",
            "data:text/plain,x", "about:blank", "", "https://app.example.com",
            "http://localhost:3000", "capacitor://localhost", "https://*.example.com",
            "http://localhost:*", "https://*.github.io", "https://*.com", "https://*.co.uk",
            "https://*.s3.amazonaws.com", "https://*.1.2.3.4", "https://*.[::1]",
            "http://127.0.0.1:*", "{{ env.CORS_ROBUSTNESS_UNSET }}", "{{ env.1X }}",
            "{{ nope }}", "{{ env.X", "https://{{ env.CORS_ROBUSTNESS_UNSET }}",
            "{{ env.PATH }}", "https://{app,admin}.example.com", "{http,https}://a.example",
            "https://{,www.}example.com", "https://{a,{b,c}}.example.com",
            "http://localhost:{3000,5173}", "https://{app.example.com", "https://app}.example.com",
            "https://{}.example.com", "https://{a,B}.example.com", "https://{a,b}.com/",
            "https://*.{a,b}.com", "{null,file}://x", "https://{a,b,c,d,e}.{f,g,h,i}.com",
        ])
        .prop_map(str::to_owned),
    ]
}

fn method() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => select(vec![
            "GET", "get", "Get", "POST", "post", "PUT", "put", "DELETE", "delete", "HEAD",
            "head", "OPTIONS", "options", "PATCH", "patch", "Patch", "PURGE", "PROPFIND",
            "CONNECT", "connect", "Connect", "TRACE", "trace", "TRACK", "Track",
        ])
        .prop_map(str::to_owned),
        2 => "[A-Za-z0-9!#$%&'*+.^_`|~-]{1,8}",
        2 => select(vec![
            "", " ", "GE T", "a,b", "GET,POST", "x-é", "\"GET\"", "GET\n", "{{ env.X }}", "*",
            "(GET)", "G\u{0}T",
        ])
        .prop_map(str::to_owned),
    ]
}

/// Request and response header names, both kinds mixed: `allow_headers` and
/// `expose_headers` each get the other's too.
fn header_name() -> impl Strategy<Value = String> {
    prop_oneof![
        5 => select(vec![
            "x-request-id", "X-Request-ID", "X-REQUEST-ID", "content-type", "Content-Type",
            "authorization", "Authorization", "x-trace-id", "accept", "x-total-count",
        ])
        .prop_map(str::to_owned),
        5 => select(vec![
            "cookie", "Cookie", "cookie2", "set-cookie", "Set-Cookie", "set-cookie2", "host",
            "origin", "Origin", "referer", "dnt", "te", "trailer", "upgrade", "via",
            "keep-alive", "expect", "date", "connection", "content-length",
            "transfer-encoding", "accept-charset", "accept-encoding", "sec-fetch-mode",
            "Sec-CH-UA", "sec-", "proxy-authorization", "Proxy-", "proxy", "secret",
            "access-control-allow-origin", "Access-Control-Allow-Headers",
            "access-control-allow-", "access-control-max-age",
            "access-control-expose-headers", "access-control-request-method",
            "access-control-request-headers", "access-control-request-private-network",
            "access-control-request-", "access-control-requested",
        ])
        .prop_map(str::to_owned),
        2 => "[A-Za-z0-9!#$%&'*+.^_`|~-]{1,10}",
        2 => select(vec![
            "", " ", "a b", "a,b", "x-a, x-b", "x-é", "x:y", "\"x\"", "x\t", "*", "x-a\n",
        ])
        .prop_map(str::to_owned),
        1 => any::<String>(),
    ]
}

// The same, tame: values that are mostly valid, with the rarer forms a policy may hold
// (custom schemes, `_` and `xn--` labels, numeric labels, IPv6, every port, patterns),
// so that a good share of documents compiles and the accepted policies get checked.

fn tame_label() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => select(vec![
            "example", "com", "a", "app", "localhost", "www", "github", "io", "co", "uk", "net",
            "a_b", "a-b", "xn--bcher-kva", "s3", "amazonaws", "preview",
        ])
        .prop_map(str::to_owned),
        2 => select(vec![
            "_", "-a", "a-", "--", "0", "1", "255", "0x7f", "xn--", "xn--a", "xn--zz-", "EXAMPLE",
        ])
        .prop_map(str::to_owned),
        2 => "[a-z0-9_-]{1,8}",
    ]
}

fn tame_origin() -> impl Strategy<Value = String> {
    let scheme = prop_oneof![
        8 => select(vec!["http", "https", "ws", "wss", "ftp"]).prop_map(str::to_owned),
        2 => select(vec!["capacitor", "ionic", "chrome-extension", "x+y.z-1", "tauri", "a"])
            .prop_map(str::to_owned),
        1 => "[a-z][a-z0-9+.-]{0,6}",
    ];
    let host = prop_oneof![
        6 => (
            select(vec!["", "", "", "*."]),
            proptest::collection::vec(tame_label(), 1..4),
        )
            .prop_map(|(wildcard, labels)| format!("{wildcard}{}", labels.join("."))),
        1 => proptest::collection::vec(0u32..260, 4).prop_map(|parts| {
            parts.iter().map(u32::to_string).collect::<Vec<_>>().join(".")
        }),
        1 => select(vec![
            "[::1]", "[2001:db8::1]", "[2001:db8:0:0:1:0:0:1]", "[2001:db8::1:0:0:1]", "[::]",
            "[1::]", "[::ffff:1.2.3.4]", "[::ffff:102:304]", "[1:0:2:3:4:5:6:7]",
            "[fe80::1]", "[::0001]",
        ])
        .prop_map(str::to_owned),
    ];
    let port = prop_oneof![
        5 => Just(String::new()),
        1 => Just(":*".to_owned()),
        3 => (1u32..=65_535).prop_map(|port| format!(":{port}")),
        1 => select(vec![":0", ":65536", ":08080", ":80", ":443", ":21", ":1", ":65535"])
            .prop_map(str::to_owned),
    ];
    (scheme, host, port).prop_map(|(scheme, host, port)| format!("{scheme}://{host}{port}"))
}

fn tame_method() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(vec![
            "GET", "get", "POST", "Put", "DELETE", "HEAD", "options", "PATCH", "patch",
            "PURGE", "PROPFIND", "CONNECT",
        ])
        .prop_map(str::to_owned),
        3 => "[A-Za-z0-9!#$%&'*+.^_`|~-]{1,8}",
    ]
}

fn tame_header_name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(vec![
            "x-request-id", "X-Trace-ID", "content-type", "Authorization", "accept",
            "x-total-count", "proxy", "secret", "access-control-requested", "cookie",
        ])
        .prop_map(str::to_owned),
        3 => "[A-Za-z0-9!#$%&'*+.^_`|~-]{1,10}",
    ]
}

fn tame_list_value(entry: BoxedStrategy<String>) -> impl Strategy<Value = String> {
    let string = (entry, any::<bool>()).prop_map(toml_string);
    prop_oneof![
        6 => proptest::collection::vec(string.clone(), 1..4)
            .prop_map(|items| format!("[{}]", items.join(", "))),
        2 => string,
        1 => select(vec!["\"*\"", "[\"*\"]"]).prop_map(str::to_owned),
    ]
}

fn tame_max_age() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (0u32..=90_000).prop_map(|seconds| seconds.to_string()),
        1 => select(vec!["\"1h 30m\"", "\"1d\"", "\"24h 1s\"", "\"30m\"", "\"0s\"", "\"2 hours\""])
            .prop_map(str::to_owned),
        // Nexus's forms: whole seconds in a string, units in any case.
        1 => select(vec![
            "\"3600\"", "\"0\"", "\"86400\"", "\"90000\"", "\"1H\"", "\"30M\"", "\"1h 30M\"",
            "\"10S\"", "\"1D\"", "\"2 Hours\"", "\"500MS\"",
        ])
        .prop_map(str::to_owned),
    ]
}

/// A list key's value: an array (with comments, odd spacing, trailing commas), one
/// string, `"*"` alone or mixed, or the wrong type.
fn list_value(entry: BoxedStrategy<String>) -> impl Strategy<Value = String> {
    let string = (entry, any::<bool>()).prop_map(toml_string);
    let array = (
        proptest::collection::vec(string.clone(), 0..6),
        select(vec![", ", ",", ",\n  ", ",  # a comment\n  "]),
        select(vec!["", ",", ",\n"]),
        proptest::option::of(0usize..6),
    )
        .prop_map(|(mut items, separator, trailing, star_at)| {
            if let Some(at) = star_at {
                items.insert(at.min(items.len()), "\"*\"".to_owned());
            }
            format!("[{}{trailing}]", items.join(separator))
        });
    prop_oneof![
        6 => array,
        3 => string,
        1 => select(vec!["\"*\"", "[\"*\"]", "[\"*\", \"*\"]", "'*'", "[]"])
            .prop_map(str::to_owned),
        1 => wrong_type(),
    ]
}

fn boolean() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => any::<bool>().prop_map(|on| on.to_string()),
        1 => wrong_type(),
    ]
}

fn max_age() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (0i64..=90_000).prop_map(|seconds| seconds.to_string()),
        2 => any::<i64>().prop_map(|seconds| seconds.to_string()),
        1 => select(vec![
            "0", "86400", "86401", "-1", "-0", "+600", "0x10", "0o17", "0b11", "1_000",
            "99999999999999999999", "-99999999999999999999", "9223372036854775807",
            "-9223372036854775808", "18446744073709551616",
        ])
        .prop_map(str::to_owned),
        1 => any::<f64>().prop_map(|seconds| format!("{seconds:?}")),
        1 => select(vec![
            "1.0", "1.5", "-1.0", "3600.0", "1e3", "1e400", "nan", "inf", "-inf", "-0.0",
        ])
        .prop_map(str::to_owned),
        3 => select(vec![
            "3600s", "30m", "1h", "1h 30m", "1h30m", "1d", "2d", "24h", "24h 1s", "86400s",
            "86401s", "0s", "2 hours", "1 fortnight", "500ms", "1s 500ms", "1.5h", "-1h",
            "", " ", "3600", " 3600 ", "-5", "soon", "h", "1h30", "99999999999999999999h",
            "1µs", "1 µs", "１h", "1H", "1 h", "{{ env.CORS_ROBUSTNESS_UNSET }}", "30M",
            "1h 30M", "10S", "1D", "500MS", "1S 500Ms", "100uS", "100000", "+600", "-0",
            "99999999999999999999", "1 30m", "007",
        ])
        .prop_map(basic_string),
        1 => "[0-9a-zA-Zµ .,+-]{0,10}".prop_map(|text| basic_string(&text)),
        1 => wrong_type(),
    ]
}

// ---------------------------------------------------------------------------------------
// Documents.

#[derive(Debug, Clone)]
enum Layout {
    /// The keys at the top level.
    Bare,
    /// `[server.cors]` of a whole Nexus file, other tables around it.
    ServerCors { other_tables: bool },
    /// `[server]` without `[server.cors]`: always an error.
    ServerWithoutCors,
    /// Nexus's own tables and no `[server]`, the keys inside `[mcp]`: no `[server.cors]`,
    /// always an error.
    NexusWithoutServer,
    /// The keys at the top level, beside Nexus's own tables: where Nexus refuses them,
    /// always an error.
    BesideNexusTables,
}

/// Nexus's sections other than `[server]`, as a Nexus file has them.
const NEXUS_TABLES: &str = "\n[llm.providers.openai]\napi_key = \"{{ env.OPENAI_API_KEY }}\"\n\n\
                            [telemetry]\nservice_name = \"nexus\"\n";

#[derive(Debug, Clone)]
struct Document {
    layout: Layout,
    /// `key = value` lines, in the order written.
    entries: Vec<(String, String)>,
    /// Where to break the text, to make it invalid TOML.
    cut: Option<(usize, &'static str)>,
    source_name: &'static str,
}

impl Document {
    fn text(&self) -> String {
        let lines: String = self
            .entries
            .iter()
            .map(|(key, value)| format!("{key} = {value}\n"))
            .collect();
        let mut text = match self.layout {
            Layout::Bare => lines,
            Layout::ServerCors { other_tables } => {
                let mut text = format!(
                    "[server]\nlisten_address = \"0.0.0.0:8000\"\n\n[server.cors]\n{lines}"
                );
                if other_tables {
                    text.push_str(
                        "\n[server.health]\nenabled = \"not checked\"\n\n[mcp]\nenabled = true\n\n\
                         [llm.providers.openai]\napi_key = \"{{ env.OPENAI_API_KEY }}\"\n",
                    );
                }
                text
            }
            Layout::ServerWithoutCors => {
                format!("[server]\nlisten_address = \"0.0.0.0:8000\"\n{lines}")
            }
            Layout::NexusWithoutServer => format!("[mcp]\n{lines}{NEXUS_TABLES}"),
            Layout::BesideNexusTables => format!("{lines}\n[mcp]\nenabled = true\n{NEXUS_TABLES}"),
        };
        if let Some((at, insert)) = self.cut {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.insert_str(at, insert);
        }
        text
    }
}

/// `Some` of the strategy's values with this probability, from 0 to 1 inclusive.
fn maybe<T: std::fmt::Debug + 'static>(
    probability: f64,
    strategy: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<Option<T>> {
    if probability <= 0.0 {
        Just(()).prop_map(|()| None).boxed()
    } else if probability >= 1.0 {
        strategy.prop_map(Some).boxed()
    } else {
        proptest::option::weighted(probability, strategy).boxed()
    }
}

fn key_value(tame: bool) -> impl Strategy<Value = Vec<(String, String)>> {
    let entry = |key: &'static str, value: BoxedStrategy<String>| {
        value.prop_map(move |value| (key.to_owned(), value))
    };
    let list = |entry: BoxedStrategy<String>, tame_entry: BoxedStrategy<String>| {
        if tame {
            tame_list_value(tame_entry).boxed()
        } else {
            list_value(entry).boxed()
        }
    };
    let boolean = || {
        if tame {
            any::<bool>().prop_map(|on| on.to_string()).boxed()
        } else {
            boolean().boxed()
        }
    };
    let max_age = if tame {
        tame_max_age().boxed()
    } else {
        max_age().boxed()
    };
    (
        maybe(
            if tame { 1.0 } else { 0.9 },
            entry(
                "allow_origins",
                list(origin().boxed(), tame_origin().boxed()),
            ),
        ),
        maybe(
            0.6,
            entry(
                "allow_methods",
                list(method().boxed(), tame_method().boxed()),
            ),
        ),
        maybe(
            0.6,
            entry(
                "allow_headers",
                list(header_name().boxed(), tame_header_name().boxed()),
            ),
        ),
        maybe(
            0.5,
            entry(
                "expose_headers",
                list(header_name().boxed(), tame_header_name().boxed()),
            ),
        ),
        maybe(0.6, entry("allow_credentials", boolean())),
        maybe(0.5, entry("max_age", max_age)),
        maybe(0.4, entry("allow_private_network", boolean())),
        maybe(
            if tame { 0.0 } else { 0.08 },
            (
                select(vec![
                    "allow_origin",
                    "allowed_origins",
                    "credentials",
                    "max-age",
                    "maxage",
                    "Allow_Origins",
                    "foo",
                    "\"allow origins\"",
                    "origins",
                    "server",
                ]),
                wrong_type(),
            )
                .prop_map(|(key, value)| (key.to_owned(), value)),
        ),
    )
        .prop_map(|(a, b, c, d, e, f, g, h)| {
            [a, b, c, d, e, f, g, h]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
        })
        .prop_shuffle()
}

fn layout(tame: bool) -> BoxedStrategy<Layout> {
    let server_cors = any::<bool>().prop_map(|other_tables| Layout::ServerCors { other_tables });
    if tame {
        prop_oneof![Just(Layout::Bare), server_cors].boxed()
    } else {
        prop_oneof![
            10 => Just(Layout::Bare),
            8 => server_cors,
            1 => Just(Layout::ServerWithoutCors),
            1 => Just(Layout::NexusWithoutServer),
            1 => Just(Layout::BesideNexusTables),
        ]
        .boxed()
    }
}

/// Half the documents tame, half wild; only wild ones are sometimes broken TOML.
fn document() -> impl Strategy<Value = Document> {
    any::<bool>().prop_flat_map(|tame| {
        (
            layout(tame),
            key_value(tame),
            maybe(
                if tame { 0.0 } else { 0.08 },
                (
                    any::<usize>(),
                    select(vec![
                        "\"", "[", "]", "=", "\n=\n", "{", "'''", "\\", "\u{0}", "#",
                    ]),
                ),
            ),
            select(vec![
                "<inline>",
                "<inline>",
                "nexus.toml",
                "/srv/app/src/cors policy.toml",
            ]),
        )
            .prop_map(|(layout, entries, cut, source_name)| Document {
                layout,
                entries,
                cut,
                source_name,
            })
    })
}

// ---------------------------------------------------------------------------------------
// What an accepted policy must be (SPEC §2), checked without `origin.rs` or `valid.rs`.

const FORBIDDEN_REQUEST_HEADERS: [&str; 21] = [
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];

fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn listed(allow: &Allow) -> &[String] {
    match allow {
        Allow::Any => &[],
        Allow::Listed(entries) => entries,
    }
}

/// Why `origin` is not an origin as a browser serializes it in `Origin`, if it is not.
fn not_serialized(origin: &str) -> Option<String> {
    let Some((scheme, rest)) = origin.split_once("://") else {
        return Some("no `://`".to_owned());
    };
    let mut scheme_bytes = scheme.bytes();
    let scheme_ok = scheme_bytes.next().is_some_and(|b| b.is_ascii_lowercase())
        && scheme_bytes
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+-.".contains(&b));
    if !scheme_ok {
        return Some(format!("the scheme {scheme:?}"));
    }
    if matches!(scheme, "file" | "data" | "blob" | "about" | "javascript") {
        return Some(format!("the opaque scheme {scheme:?}"));
    }
    // The host as the README says browsers send it: lower-case labels of letters, digits,
    // `-` and `_`, none empty; or an IPv6 address in brackets.
    let (host, port) = if rest.starts_with('[') {
        let Some(close) = rest.find(']') else {
            return Some("an IPv6 address without `]`".to_owned());
        };
        let (host, after) = rest.split_at(close + 1);
        match after.strip_prefix(':') {
            Some(port) => (host, Some(port)),
            None if after.is_empty() => (host, None),
            None => return Some("text after the IPv6 address".to_owned()),
        }
    } else {
        match rest.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (rest, None),
        }
    };
    let host_ok = if let Some(address) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        // The URL standard's serialization, as the `url` crate writes it.
        url::Url::parse(&format!("http://[{address}]"))
            .ok()
            .is_some_and(|url| url.host_str() == Some(host))
    } else {
        host.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        })
    };
    if !host_ok {
        return Some(format!("the host {host:?}"));
    }
    if let Some(port) = port {
        let number = port
            .parse::<u32>()
            .ok()
            .filter(|_| port.bytes().all(|b| b.is_ascii_digit()));
        if port.starts_with('0') || !number.is_some_and(|n| (1..=65_535).contains(&n)) {
            return Some(format!("the port {port:?}"));
        }
    }
    // For the schemes the URL standard knows, it decides: the origin of the URL, serialized,
    // is the entry itself (no default port, IPv4 in dotted decimal, punycode valid, …).
    if matches!(scheme, "http" | "https" | "ws" | "wss" | "ftp") {
        match url::Url::parse(origin) {
            Err(error) => return Some(format!("the URL parser refuses it: {error}")),
            Ok(url) => {
                let serialized = url.origin().ascii_serialization();
                if serialized != origin {
                    return Some(format!("its origin serializes as {serialized:?}"));
                }
            }
        }
    }
    None
}

/// For a pattern, origins it stands for, with `*.` and `:*` replaced; for an exact origin,
/// itself.
fn instances(entry: &str) -> Vec<String> {
    let hosts: Vec<String> = match entry.split_once("://*.") {
        Some((scheme, rest)) => vec![
            format!("{scheme}://a.{rest}"),
            format!("{scheme}://x-1.b_2.{rest}"),
        ],
        None => vec![entry.to_owned()],
    };
    hosts
        .into_iter()
        .flat_map(|origin| match origin.strip_suffix(":*") {
            Some(without) => vec![
                without.to_owned(),
                format!("{without}:8081"),
                format!("{without}:1"),
            ],
            None => vec![origin],
        })
        .collect()
}

fn check_accepted(policy: &Policy) -> Result<(), TestCaseError> {
    // §2.1–2.3.
    if policy.allow_credentials {
        prop_assert_ne!(&policy.origins, &Allow::Any, "credentials with `*` origins");
        prop_assert_ne!(
            &policy.expose_headers,
            &Allow::Any,
            "credentials with `*` expose"
        );
    }
    if policy.allow_private_network {
        prop_assert_ne!(
            &policy.origins,
            &Allow::Any,
            "private network with `*` origins"
        );
    }
    // §2.6: at least one origin.
    if let Allow::Listed(origins) = &policy.origins {
        prop_assert!(!origins.is_empty(), "no origins");
    }
    // §2.7: no duplicates, after normalization.
    for (key, list) in [
        ("allow_origins", &policy.origins),
        ("allow_methods", &policy.methods),
        ("allow_headers", &policy.headers),
        ("expose_headers", &policy.expose_headers),
    ] {
        let entries = listed(list);
        for (index, entry) in entries.iter().enumerate() {
            prop_assert!(
                !entries[..index].contains(entry),
                "`{}` lists {:?} twice: {:?}",
                key,
                entry,
                entries
            );
            prop_assert!(
                entry != "*",
                "`{}` has `*` among entries: {:?}",
                key,
                entries
            );
        }
    }
    // §1.3, §2.8, §2.9.
    for method in listed(&policy.methods) {
        prop_assert!(is_token(method), "method {:?} is not a token", method);
        let upper = method.to_ascii_uppercase();
        prop_assert!(
            !matches!(upper.as_str(), "CONNECT" | "TRACE" | "TRACK"),
            "forbidden method {:?}",
            method
        );
        if matches!(
            upper.as_str(),
            "DELETE" | "GET" | "HEAD" | "OPTIONS" | "POST" | "PUT"
        ) {
            prop_assert_eq!(method, &upper, "not normalized");
        }
    }
    // §1.3, §2.8, §2.10.
    for name in listed(&policy.headers) {
        prop_assert!(is_token(name), "header {:?} is not a token", name);
        prop_assert_eq!(name, &name.to_ascii_lowercase(), "not lower-cased");
        prop_assert!(
            !FORBIDDEN_REQUEST_HEADERS.contains(&name.as_str())
                && !name.starts_with("proxy-")
                && !name.starts_with("sec-")
                && !name.starts_with("access-control-allow-")
                && name != "access-control-max-age"
                && name != "access-control-expose-headers",
            "forbidden request header {:?}",
            name
        );
    }
    // §2.11.
    for name in listed(&policy.expose_headers) {
        prop_assert!(is_token(name), "header {:?} is not a token", name);
        prop_assert_eq!(name, &name.to_ascii_lowercase(), "not lower-cased");
        prop_assert!(
            name != "set-cookie"
                && name != "set-cookie2"
                && name != "origin"
                && !name.starts_with("access-control-request-"),
            "never-exposed header {:?}",
            name
        );
    }
    // §2.12.
    if let Some(seconds) = policy.max_age {
        prop_assert!(seconds <= 86_400, "max_age {}", seconds);
    }
    // §2.4, §2.5, §1.4: every origin serialized; a pattern stands for serialized origins.
    for entry in listed(&policy.origins) {
        for instance in instances(entry) {
            prop_assert!(
                !instance.contains('*'),
                "{:?} has a `*` that is not a leading `*.` or a `:*` port",
                entry
            );
            if let Some(why) = not_serialized(&instance) {
                prop_assert!(
                    false,
                    "{:?} accepted, but {:?} is not serialized: {}",
                    entry,
                    instance,
                    why
                );
            }
        }
    }
    Ok(())
}

/// The seconds a `max_age` value stands for (SPEC §1.2), told without `valid.rs`, for the
/// plain forms: a decimal integer, a string of whole seconds, or a string of numbers each
/// followed by a one-letter unit in any case (`"1h 30M"`). `None` for any other value.
fn written_max_age(value: &str) -> Option<u64> {
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(seconds);
    }
    let text = value.strip_prefix('"')?.strip_suffix('"')?.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    let mut total: u64 = 0;
    let mut number = String::new();
    let mut parts = 0;
    for c in text.chars() {
        match c {
            '0'..='9' => number.push(c),
            ' ' if number.is_empty() => {}
            _ => {
                let unit = match c.to_ascii_lowercase() {
                    's' => 1,
                    'm' => 60,
                    'h' => 3600,
                    'd' => 86_400,
                    _ => return None,
                };
                let seconds = number.parse::<u64>().ok()?.checked_mul(unit)?;
                total = total.checked_add(seconds)?;
                number.clear();
                parts += 1;
            }
        }
    }
    (number.is_empty() && parts > 0).then_some(total)
}

/// A refusal: every message says where in the text (`<inline>:LINE:COL`, or the file's),
/// and what it is about.
fn check_refused(messages: &[String], source_name: &str) -> Result<(), TestCaseError> {
    prop_assert!(!messages.is_empty(), "refused without a message");
    let located = format!("{source_name}:");
    for message in messages {
        prop_assert!(message.contains(&located), "not located:\n{}", message);
        let about = cors_config::KEYS
            .iter()
            .any(|key| message.contains(&format!("`{key}")))
            || message.contains("TOML")
            || message.contains("unknown key")
            || message.contains("`[server]`")
            || message.contains("`[server.cors]`")
            || message.contains("`server.cors`");
        prop_assert!(
            about,
            "names no key and is not about the TOML:\n{}",
            message
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    })]

    #[test]
    fn compile_never_panics_and_accepts_only_what_browsers_honour(document in document()) {
        let text = document.text();
        match compile(&text, document.source_name) {
            Ok(policy) => {
                prop_assert!(
                    !matches!(document.layout, Layout::ServerWithoutCors),
                    "`[server]` without `[server.cors]` accepted"
                );
                prop_assert!(
                    !matches!(
                        document.layout,
                        Layout::NexusWithoutServer | Layout::BesideNexusTables
                    ),
                    "a Nexus file without `[server.cors]` accepted"
                );
                check_accepted(&policy).map_err(|error| {
                    TestCaseError::fail(format!("{error}\nfor the policy {policy:?}\nof:\n{text}"))
                })?;
                // `max_age` as written, where it can be told without the parser.
                let written = document.entries.iter().find(|(key, _)| key == "max_age");
                if let Some(seconds) = written.and_then(|(_, value)| written_max_age(value)) {
                    prop_assert_eq!(
                        policy.max_age.map(u64::from),
                        Some(seconds),
                        "`max_age = {}` of:\n{}",
                        written.unwrap().1,
                        text
                    );
                }
                // What compiles has the header values of its answers.
                let _ = policy.plan();
            }
            Err(diagnostics) => check_refused(
                &diagnostics.iter().map(ToString::to_string).collect::<Vec<_>>(),
                document.source_name,
            )
            .map_err(|error| {
                TestCaseError::fail(format!("{error}\nof:\n{text}"))
            })?,
        }
    }
}

#[test]
fn the_independent_checks_agree_with_the_readme() {
    for origin in [
        "https://app.example.com",
        "http://localhost:3000",
        "http://10.0.2.2:8000",
        "capacitor://localhost",
        "ionic://localhost",
        "http://[::1]:8080",
        "https://xn--bcher-kva.example",
        "http://a_b.example:65535",
        "wss://a.example:444",
    ] {
        assert_eq!(not_serialized(origin), None, "{origin}");
    }
    for origin in [
        "https://app.example.com/",
        "https://App.example.com",
        "https://example.com:443",
        "ws://example.com:80",
        "https://example.com.",
        "https://example.com:08080",
        "https://user@example.com",
        "https://exämple.com",
        "https://a..b.com",
        "https://example.com:0",
        "https://example.com:65536",
        "http://1.2.3",
        "http://[::0001]",
        "file://x",
        "null",
    ] {
        assert!(not_serialized(origin).is_some(), "{origin}");
    }
    for (value, seconds) in [
        ("3600", Some(3600)),
        ("\"3600\"", Some(3600)),
        ("\"1h 30M\"", Some(5400)),
        ("\"1D\"", Some(86_400)),
        ("\"10S\"", Some(10)),
        ("\"2 hours\"", None),
        ("\"500MS\"", None),
        ("\"1h30\"", None),
        ("-1", None),
    ] {
        assert_eq!(written_max_age(value), seconds, "{value}");
    }
    assert_eq!(
        instances("https://*.example.com:*"),
        [
            "https://a.example.com",
            "https://a.example.com:8081",
            "https://a.example.com:1",
            "https://x-1.b_2.example.com",
            "https://x-1.b_2.example.com:8081",
            "https://x-1.b_2.example.com:1",
        ]
    );
}

/// A label starting with `xn--` that is not valid punycode makes a URL a browser fails to
/// parse, so it never sends the origin: refused, as SPEC §2.4 refuses other hosts a
/// browser never sends.
#[test]
fn invalid_punycode_labels_are_refused() {
    for origin in [
        "http://xn--",
        "https://xn--a.example",
        "https://app.xn--zz-.example",
    ] {
        assert!(url::Url::parse(origin).is_err(), "{origin}");
        assert!(
            compile(&format!("allow_origins = {origin:?}"), "<inline>").is_err(),
            "{origin} is accepted"
        );
    }
}
