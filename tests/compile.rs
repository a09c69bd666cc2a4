//! Compile-time behaviour of `cors_policy!`: every rule of SPEC §2 fails to compile with
//! its message (`tests/ui`), and every documented configuration compiles (`tests/pass`).

mod common;

#[test]
fn policies() {
    // The build environment of the cases that use `{{ env.NAME }}` (SPEC §1.4), set here,
    // in the test process, because trybuild compiles the cases with a child `cargo`, which
    // inherits this process's environment, and the macro reads the variables when it
    // expands there. This binary's only test: no other thread reads the environment while
    // it is set.
    common::environment::set();
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
    cases.pass("tests/pass/*.rs");
}
