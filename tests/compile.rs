//! Compile-time behaviour of `cors_policy!`: every rule of SPEC §2 fails to compile with
//! its message (`tests/ui`), and every documented configuration compiles (`tests/pass`).

#[test]
fn policies() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
    cases.pass("tests/pass/*.rs");
}
