//! Stage 4: the validated policy written out as a constant `CorsPolicy` expression, every
//! header value prebuilt and the origin lookup generated as code.

use std::collections::BTreeMap;
use std::path::Path;

use proc_macro2::{Literal, Span, TokenStream};
use quote::{quote, quote_spanned};

use crate::origin::{self, Host, Origin, Port};
use crate::valid::{Allow, Policy};

/// The policy as a block expression of type `::cors_runtime::CorsPolicy`.
pub fn policy(policy: &Policy, file: Option<&Path>) -> TokenStream {
    let rebuild_on_change = track_file(file);
    let variables = &policy.variables;
    let (origin_items, origins) = match &policy.origins {
        Allow::Any => (
            TokenStream::new(),
            quote!(::cors_runtime::__private::Origins::Any),
        ),
        Allow::Listed(origins) => {
            let mut exact = Vec::new();
            let mut patterns = Vec::new();
            for written in origins {
                match origin::check(written) {
                    Ok(pattern) if pattern.is_pattern() => patterns.push(pattern),
                    _ => exact.push(written.clone()),
                }
            }
            let count = exact.len();
            let matcher = origin_matcher(&exact, &patterns);
            let items = quote! {
                static ORIGINS: [::cors_runtime::__private::HeaderValue; #count] = [
                    #(::cors_runtime::__private::HeaderValue::from_static(#exact),)*
                ];
                #matcher
            };
            let origins = quote! {
                ::cors_runtime::__private::Origins::Matching {
                    matches,
                    listed: &[#(#origins),*],
                }
            };
            (items, origins)
        }
    };
    let methods = allow_list(&policy.methods);
    let headers = allow_list(&policy.headers);
    let expose_headers = optional_value(match &policy.expose_headers {
        Allow::Any => Some("*".to_owned()),
        Allow::Listed(names) if names.is_empty() => None,
        Allow::Listed(names) => Some(names.join(", ")),
    });
    let max_age = optional_value(policy.max_age.map(|seconds| seconds.to_string()));
    let allow_credentials = policy.allow_credentials;
    let allow_private_network = policy.allow_private_network;
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
            })
        }
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

fn allow_list(list: &Allow) -> TokenStream {
    match list {
        Allow::Any => quote!(::cors_runtime::__private::AllowList::Any),
        Allow::Listed(names) => {
            let header = optional_value((!names.is_empty()).then(|| names.join(", ")));
            quote! {
                ::cors_runtime::__private::AllowList::Listed {
                    names: &[#(#names),*],
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

/// `fn matches(origin: &[u8]) -> Option<OriginMatch>` over the listed origins. The exact
/// ones first: a `match` on the length, then, within one length, a decision tree that
/// reads at each step the byte that best tells the remaining candidates apart, then one
/// comparison with the one candidate left; its cost grows with the tree's depth, not with
/// the number of origins. Then the patterns, against the origin split once into its parts.
fn origin_matcher(exact: &[String], patterns: &[Origin]) -> TokenStream {
    let mut by_length: BTreeMap<usize, Vec<(usize, &[u8])>> = BTreeMap::new();
    for (index, origin) in exact.iter().enumerate() {
        by_length
            .entry(origin.len())
            .or_default()
            .push((index, origin.as_bytes()));
    }
    let arms = by_length.iter().map(|(length, candidates)| {
        let tree = decide(candidates);
        quote! {
            #length => {
                let origin: &[u8; #length] = origin.try_into().ok()?;
                ::core::option::Option::Some(#tree)
            }
        }
    });
    let exact_lookup = (!exact.is_empty()).then(|| {
        quote! {
            fn exact(origin: &[u8]) -> ::core::option::Option<usize> {
                match origin.len() {
                    #(#arms)*
                    _ => ::core::option::Option::None,
                }
            }
            if let ::core::option::Option::Some(index) = exact(origin) {
                return ::core::option::Option::Some(
                    ::cors_runtime::__private::OriginMatch::Exact(&ORIGINS[index]),
                );
            }
        }
    });
    let pattern_lookup = (!patterns.is_empty()).then(|| {
        let conditions = patterns.iter().map(pattern_condition);
        quote! {
            let parts = ::cors_runtime::__private::OriginParts::parse(origin)?;
            if #(#conditions)||* {
                return ::core::option::Option::Some(::cors_runtime::__private::OriginMatch::Echo);
            }
        }
    });
    quote! {
        fn matches(origin: &[u8]) -> ::core::option::Option<::cors_runtime::__private::OriginMatch> {
            #exact_lookup
            #pattern_lookup
            ::core::option::Option::None
        }
    }
}

/// Whether `parts` (a request's origin, split) is one the pattern stands for.
fn pattern_condition(pattern: &Origin) -> TokenStream {
    let scheme = Literal::byte_string(pattern.scheme.as_bytes());
    let host = match &pattern.host {
        Host::Exact(host) => {
            let host = Literal::byte_string(host.as_bytes());
            quote!(parts.host_is(#host))
        }
        Host::Subdomains(domain) => {
            let domain = Literal::byte_string(domain.as_bytes());
            quote!(parts.host_is_subdomain_of(#domain))
        }
    };
    let port = match &pattern.port {
        Port::Any => quote!(true),
        Port::Absent => quote!(parts.port_is(::core::option::Option::None)),
        Port::Exact(port) => {
            let port = Literal::byte_string(port.as_bytes());
            quote!(parts.port_is(::core::option::Option::Some(#port)))
        }
    };
    quote!((parts.scheme_is(#scheme) && #host && #port))
}

/// The decision tree over candidates of one length, all distinct: evaluates to the index
/// of the candidate equal to `origin`, or returns `None` from the enclosing function.
fn decide(candidates: &[(usize, &[u8])]) -> TokenStream {
    if let [(index, bytes)] = candidates {
        let literal = Literal::byte_string(bytes);
        return quote! {
            if origin == #literal { #index } else { return ::core::option::Option::None }
        };
    }
    let length = candidates[0].1.len();
    // The position splitting the candidates into the most groups, and of those the one
    // whose largest group is smallest. Distinct candidates differ somewhere, so the best
    // position always makes at least two groups and the recursion ends.
    let position = (0..length)
        .max_by_key(|&position| {
            let groups = group_by_byte(candidates, position);
            let largest = groups.values().map(Vec::len).max().unwrap_or(0);
            (
                groups.len(),
                std::cmp::Reverse(largest),
                std::cmp::Reverse(position),
            )
        })
        .unwrap_or(0);
    let arms = group_by_byte(candidates, position)
        .into_iter()
        .map(|(byte, group)| {
            let byte = Literal::u8_unsuffixed(byte);
            let subtree = decide(&group);
            quote!(#byte => { #subtree })
        });
    quote! {
        match origin[#position] {
            #(#arms)*
            _ => return ::core::option::Option::None,
        }
    }
}

fn group_by_byte<'a>(
    candidates: &[(usize, &'a [u8])],
    position: usize,
) -> BTreeMap<u8, Vec<(usize, &'a [u8])>> {
    let mut groups: BTreeMap<u8, Vec<(usize, &[u8])>> = BTreeMap::new();
    for &(index, bytes) in candidates {
        groups
            .entry(bytes[position])
            .or_default()
            .push((index, bytes));
    }
    groups
}
