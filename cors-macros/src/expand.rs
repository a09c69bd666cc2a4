//! Stage 4: the validated policy written out as a constant `CorsPolicy` expression, every
//! header value prebuilt and the exact origins' table built by the compiler.

use std::path::Path;

use cors_config::{Host, ListPlan, OriginsPlan, PlacesPlan, Plan, Policy, Port};
use proc_macro2::{Literal, Span, TokenStream};
use quote::{quote, quote_spanned};

/// The policy as a block expression of type `::cors_runtime::CorsPolicy`: its
/// [`Plan`] written out field by field.
pub fn policy(policy: &Policy, file: Option<&Path>) -> TokenStream {
    let rebuild_on_change = track_file(file);
    let variables = &policy.variables;
    let Plan {
        origins,
        allow_credentials,
        methods,
        headers,
        expose_headers,
        max_age,
        allow_private_network,
        places,
    } = policy.plan();
    let (origin_items, origins) = match origins {
        None => (
            TokenStream::new(),
            quote!(::cors_runtime::__private::Origins::Any),
        ),
        Some(origins) => origin_table(&origins),
    };
    let methods = allow_list(methods);
    let headers = allow_list(headers);
    let expose_headers = optional_value(expose_headers);
    let max_age = optional_value(max_age);
    let places = places_of(&places);
    quote! {
        {
            #rebuild_on_change
            #(const _: &str = ::core::env!(#variables);)*
            #origin_items
            ::cors_runtime::CorsPolicy::__from_parts(::cors_runtime::__private::Parts {
                origins: #origins,
                allow_credentials: #allow_credentials,
                methods: #methods,
                headers: #headers,
                expose_headers: #expose_headers,
                max_age: #max_age,
                allow_private_network: #allow_private_network,
                places: #places,
            })
        }
    }
}

/// The statics of the origin table, and the `Origins` expression over them.
fn origin_table(origins: &OriginsPlan) -> (TokenStream, TokenStream) {
    let OriginsPlan {
        listed,
        exact,
        patterns,
    } = origins;
    let patterns: Vec<TokenStream> = patterns.iter().map(pattern_parts).collect();
    let count = exact.len();
    let pattern_count = patterns.len();
    let listed_count = listed.len();
    // The table is a static the compiler fills in with the runtime's own function, so
    // that the macro and a loaded policy share one table and one lookup.
    let items = quote! {
        const EXACT: [&str; #count] = [#(#exact),*];
        static ORIGINS: [::cors_runtime::__private::HeaderValue; #count] = [
            #(::cors_runtime::__private::HeaderValue::from_static(#exact),)*
        ];
        #[allow(long_running_const_eval)]
        static SLOTS: [u32; ::cors_runtime::__private::slot_count(#count)] = {
            let mut slots = [0; ::cors_runtime::__private::slot_count(#count)];
            ::cors_runtime::__private::fill_slots(&EXACT, &mut slots);
            slots
        };
        static PATTERNS: [::cors_runtime::__private::Pattern; #pattern_count] = [#(#patterns),*];
        static LISTED: [&str; #listed_count] = [#(#listed),*];
    };
    let table = quote! {
        ::cors_runtime::__private::Origins::Listed(::cors_runtime::__private::OriginTable {
            listed: ::cors_runtime::__private::Cow::Borrowed(&LISTED),
            exact: ::cors_runtime::__private::Cow::Borrowed(&ORIGINS),
            slots: ::cors_runtime::__private::Cow::Borrowed(&SLOTS),
            patterns: ::cors_runtime::__private::Cow::Borrowed(&PATTERNS),
        })
    };
    (items, table)
}

/// Where each key is written, as the explained refusals name it.
fn places_of(places: &PlacesPlan) -> TokenStream {
    let place = |location: &Option<String>| match location {
        Some(location) => quote! {
            ::core::option::Option::Some(::cors_runtime::__private::Cow::Borrowed(#location))
        },
        None => quote!(::core::option::Option::None),
    };
    let source = &places.source;
    let server_cors = place(&places.server_cors);
    let allow_origins = place(&places.allow_origins);
    let allow_methods = place(&places.allow_methods);
    let allow_headers = place(&places.allow_headers);
    let allow_private_network = place(&places.allow_private_network);
    quote! {
        ::cors_runtime::__private::Places {
            source: ::cors_runtime::__private::Cow::Borrowed(#source),
            server_cors: #server_cors,
            allow_origins: #allow_origins,
            allow_methods: #allow_methods,
            allow_headers: #allow_headers,
            allow_private_network: #allow_private_network,
        }
    }
}

/// A pattern's parts as a `Pattern` constant.
fn pattern_parts(pattern: &cors_config::Origin) -> TokenStream {
    let scheme = Literal::byte_string(pattern.scheme.as_bytes());
    let host = match &pattern.host {
        Host::Exact(host) => {
            let host = Literal::byte_string(host.as_bytes());
            quote!(::cors_runtime::__private::PatternHost::Exact(#host))
        }
        Host::Subdomains(domain) => {
            let domain = Literal::byte_string(domain.as_bytes());
            quote!(::cors_runtime::__private::PatternHost::Subdomains(#domain))
        }
    };
    let port = match &pattern.port {
        Port::Any => quote!(::cors_runtime::__private::PatternPort::Any),
        Port::Absent => quote!(::cors_runtime::__private::PatternPort::Absent),
        Port::Exact(port) => {
            let port = Literal::byte_string(port.as_bytes());
            quote!(::cors_runtime::__private::PatternPort::Exact(#port))
        }
    };
    quote! {
        ::cors_runtime::__private::Pattern { scheme: #scheme, host: #host, port: #port }
    }
}

/// Every message as a `compile_error!` on `span` (the macro's literal), beside a
/// placeholder policy so that the invocation still has the type the user wrote.
pub fn errors(messages: &[String], span: Span, file: Option<&Path>) -> TokenStream {
    let rebuild_on_change = track_file(file);
    let errors = messages
        .iter()
        .map(|message| quote_spanned!(span=> ::core::compile_error!{ #message }));
    quote! {
        {
            #rebuild_on_change
            #(#errors)*
            ::cors_runtime::CorsPolicy::__placeholder()
        }
    }
}

/// Makes the included file an input of the crate, so that cargo rebuilds the crate when
/// it changes.
fn track_file(file: Option<&Path>) -> TokenStream {
    match file {
        Some(path) => {
            let path = path.to_string_lossy();
            quote!(
                const _: &[u8] = ::core::include_bytes!(#path);
            )
        }
        None => TokenStream::new(),
    }
}

fn allow_list(list: ListPlan) -> TokenStream {
    match list {
        ListPlan::Any => quote!(::cors_runtime::__private::AllowList::Any),
        ListPlan::Listed { names, header } => {
            let header = optional_value(header);
            quote! {
                ::cors_runtime::__private::AllowList::Listed {
                    names: ::cors_runtime::__private::Cow::Borrowed(&[#(#names),*]),
                    header: #header,
                }
            }
        }
    }
}

fn optional_value(value: Option<String>) -> TokenStream {
    match value {
        Some(value) => quote! {
            ::core::option::Option::Some(::cors_runtime::__private::HeaderValue::from_static(#value))
        },
        None => quote!(::core::option::Option::None),
    }
}
