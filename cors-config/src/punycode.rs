//! RFC 3492 Punycode, the ASCII form of internationalized DNS labels (`xn--…`).

const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;

fn threshold(k: u32, bias: u32) -> u32 {
    if k <= bias {
        T_MIN
    } else if k >= bias + T_MAX {
        T_MAX
    } else {
        k - bias
    }
}

fn adapt(delta: u32, points: u32, first: bool) -> u32 {
    let mut delta = if first { delta / 700 } else { delta / 2 };
    delta += delta / points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + 38)
}

/// The Punycode of one label, without its `xn--`.
pub fn encode(label: &str) -> Option<String> {
    let digit = |value: u32| -> char {
        let value = value as u8;
        (if value < 26 {
            b'a' + value
        } else {
            b'0' + value - 26
        }) as char
    };
    let code_points: Vec<u32> = label.chars().map(u32::from).collect();
    let mut output: String = label.chars().filter(char::is_ascii).collect();
    let basic = output.len() as u32;
    if basic > 0 {
        output.push('-');
    }
    let (mut n, mut delta, mut bias, mut handled) = (128u32, 0u32, 72u32, basic);
    while (handled as usize) < code_points.len() {
        let next = *code_points.iter().filter(|&&point| point >= n).min()?;
        delta = delta.checked_add((next - n).checked_mul(handled + 1)?)?;
        n = next;
        for &point in &code_points {
            if point < n {
                delta = delta.checked_add(1)?;
            }
            if point == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let threshold = threshold(k, bias);
                    if q < threshold {
                        break;
                    }
                    output.push(digit(threshold + (q - threshold) % (BASE - threshold)));
                    q = (q - threshold) / (BASE - threshold);
                    k += BASE;
                }
                output.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    Some(output)
}

/// The label a Punycode string (without its `xn--`) stands for; `None` when it is not
/// valid Punycode.
pub fn decode(encoded: &str) -> Option<String> {
    let (basic, extended) = match encoded.rfind('-') {
        Some(dash) => (&encoded[..dash], &encoded[dash + 1..]),
        None => ("", encoded),
    };
    if !basic.is_ascii() {
        return None;
    }
    let mut output: Vec<char> = basic.chars().collect();
    let (mut n, mut i, mut bias) = (128u32, 0u32, 72u32);
    let mut digits = extended.bytes().peekable();
    while digits.peek().is_some() {
        let start = i;
        let mut weight = 1u32;
        let mut k = BASE;
        loop {
            let digit = match digits.next()? {
                byte @ b'a'..=b'z' => byte - b'a',
                byte @ b'0'..=b'9' => byte - b'0' + 26,
                _ => return None,
            };
            let digit = u32::from(digit);
            i = i.checked_add(digit.checked_mul(weight)?)?;
            let threshold = threshold(k, bias);
            if digit < threshold {
                break;
            }
            weight = weight.checked_mul(BASE - threshold)?;
            k += BASE;
        }
        let length = output.len() as u32 + 1;
        bias = adapt(i - start, length, start == 0);
        n = n.checked_add(i / length)?;
        i %= length;
        output.insert(i as usize, char::from_u32(n)?);
        i += 1;
    }
    Some(output.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::{decode, encode};

    #[test]
    fn encodes_punycode_as_rfc_3492() {
        for (label, encoded) in [
            ("公司", "55qx5d"),
            ("bücher", "bcher-kva"),
            ("münchen", "mnchen-3ya"),
            ("ليهمابتكلموشعربي؟", "egbpdaj6bu4bxfgehfvwxn"),
        ] {
            assert_eq!(encode(label).as_deref(), Some(encoded), "{label}");
        }
    }

    #[test]
    fn decodes_what_it_encodes_and_nothing_else() {
        for label in ["公司", "bücher", "münchen", "ليهمابتكلموشعربي؟"] {
            assert_eq!(decode(&encode(label).unwrap()).as_deref(), Some(label));
        }
        for invalid in ["zz-!", "999999999999", "a-é"] {
            assert_eq!(decode(invalid), None, "{invalid}");
        }
    }
}
