//! Runs one case of the benchmark (`cases.rs`) a given number of times through the `http`
//! API of one policy, for `instructions.sh` to count the instructions under callgrind:
//! counts, unlike times, do not drift with the machine, so the macro-built and the loaded
//! policy (or two versions of the code) can be told apart by a few instructions.
//!
//! ```text
//! bash cors-runtime/benches/instructions.sh
//! ```
//!
//! Arguments: the case's index in `cases()`; `built`, `loaded` or `floor` (the answer
//! built as a server writes it, `cases::floor_response`, matching nothing) through the
//! `http` API, or `built-tower`, `floor-tower` or `bare-tower`, one call on a ready service
//! (the request cloned from the case's in each, and counted); and the number of requests.
//! With `list`, the cases' names, one a line.

// Only the cases' requests and policies are used here, not their other parts.
#[allow(dead_code)]
mod cases;

use std::convert::Infallible;
use std::future::poll_fn;

use http::{Request, Response};
use tower::{Layer, Service};

/// `requests` calls on a ready service, each with a clone of the case's request.
fn calls<S>(case: &cases::Case, mut service: S, requests: usize)
where
    S: Service<Request<()>, Response = Response<()>, Error = Infallible>,
{
    for _ in 0..requests {
        let request = cases::request(std::hint::black_box(case));
        cases::now(poll_fn(|context| service.poll_ready(context))).unwrap();
        drop(std::hint::black_box(
            cases::now(service.call(request)).unwrap(),
        ));
    }
}

fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let cases = cases::cases();
    if arguments.first().map(String::as_str) == Some("list") {
        for case in &cases {
            println!("{}", case.name);
        }
        return;
    }
    let usage = "usage: instructions CASE built|loaded|floor|built-tower|floor-tower|bare-tower \
                 REQUESTS, or instructions list";
    let [case, policy, requests] = arguments.as_slice() else {
        panic!("{usage}");
    };
    let case = &cases[case.parse::<usize>().expect(usage)];
    let requests: usize = requests.parse().expect(usage);
    let policy = match policy.as_str() {
        "built" => case.policy,
        "loaded" => case.loaded,
        "floor" => {
            for _ in 0..requests {
                drop(std::hint::black_box(cases::floor_response(
                    std::hint::black_box(case),
                )));
            }
            return;
        }
        "built-tower" => return calls(case, case.policy.layer().layer(cases::bare()), requests),
        "floor-tower" => return calls(case, cases::floor_service(case), requests),
        "bare-tower" => return calls(case, cases::bare(), requests),
        _ => panic!("{usage}"),
    };
    // What is built once per policy (the loaded tables, the preflight answer) is built
    // here, before the requests counted.
    drop(policy.preflight(&case.method, &case.headers));
    for _ in 0..requests {
        cases::answer(case, policy);
    }
}
