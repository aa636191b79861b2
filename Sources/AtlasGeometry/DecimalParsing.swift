/// Parses a decimal number from ASCII bytes, correctly rounded.
///
/// Plain decimals with at most 15 significant digits and a small exponent (nearly every
/// coordinate in a CSV or GeoJSON file) take Clinger's exact fast path: the digits are an exact
/// integer below 2⁵³ and the power of ten is exact, so one IEEE multiplication or division
/// rounds correctly. Anything else — more digits, large exponents, `nan`, `inf` — goes to the
/// standard library's parser, but only after the text has been checked to be a plain decimal
/// (`[+-]digits[.digits][e[+-]digits]`, digits on at least one side of the point) or
/// `nan` / `inf` / `infinity` (any case, optional sign): `strtod`'s leniencies — hex floats
/// (`0x1.5p+6`), `nan(…)` payloads, text after an embedded NUL — are not numbers here. Returns
/// nil for text that is not a number.
///
/// Reference: W. D. Clinger, "How to read floating point numbers accurately", PLDI 1990.
/// - Complexity: O(n) in the length of the text.
@inlinable
public func parseDecimal(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
  let n = text.count
  guard n > 0 else { return nil }
  var i = 0
  var negative = false
  if text[0] == UInt8(ascii: "-") {
    negative = true
    i = 1
  } else if text[0] == UInt8(ascii: "+") {
    i = 1
  }
  var mantissa: UInt64 = 0
  var digits = 0
  var fractionDigits = 0
  var sawDigit = false
  var sawPoint = false
  while i < n {
    let c = text[i]
    if c &- 0x30 < 10 {
      sawDigit = true
      if mantissa == 0 && c == 0x30 {
        if sawPoint { fractionDigits += 1 }
      } else {
        mantissa = mantissa &* 10 &+ UInt64(c &- 0x30)
        digits += 1
        if sawPoint { fractionDigits += 1 }
      }
      i += 1
    } else if c == UInt8(ascii: "."), !sawPoint {
      sawPoint = true
      i += 1
    } else {
      break
    }
  }
  var exponent = 0
  if i < n, sawDigit, text[i] | 0x20 == UInt8(ascii: "e") {
    var j = i + 1
    var expNegative = false
    if j < n, text[j] == UInt8(ascii: "-") || text[j] == UInt8(ascii: "+") {
      expNegative = text[j] == UInt8(ascii: "-")
      j += 1
    }
    var e = 0
    var expDigits = 0
    while j < n, text[j] &- 0x30 < 10, e < 100_000 {
      e = e * 10 + Int(text[j] &- 0x30)
      j += 1
      expDigits += 1
    }
    if expDigits > 0 {
      exponent = expNegative ? -e : e
      i = j
    }
  }
  if i == n, sawDigit, digits <= 15 {
    let power = exponent - fractionDigits
    var value = Double(mantissa)
    if power == 0 {
    } else if power > 0, power <= 22 {
      value *= exactPowersOfTen[power]
    } else if power < 0, power >= -22 {
      value /= exactPowersOfTen[-power]
    } else {
      return slowParseDecimal(text)
    }
    return negative ? -value : value
  }
  return slowParseDecimal(text)
}

@usableFromInline
let exactPowersOfTen: [Double] = [
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]

@usableFromInline
func slowParseDecimal(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
  guard isPlainDecimalSyntax(text) else { return nil }
  return Double(String(decoding: text, as: UTF8.self))
}

/// Whether the text is `[+-]` followed by a decimal (`1`, `1.`, `.5`, `1.5e-3`) or by `nan`,
/// `inf` or `infinity` in any case; nothing before or after.
@usableFromInline
func isPlainDecimalSyntax(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
  let n = text.count
  var i = 0
  if i < n, text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") { i += 1 }
  if i < n, text[i] | 0x20 == UInt8(ascii: "n") || text[i] | 0x20 == UInt8(ascii: "i") {
    // nan, inf or infinity, any case (ASCII letters only: `| 0x20` lower-cases them).
    let rest = UnsafeBufferPointer(rebasing: text[i...])
    return ["nan", "inf", "infinity"].contains { word in
      word.utf8.count == rest.count && zip(word.utf8, rest).allSatisfy { $0 == $1 | 0x20 && $1 >= 0x41 }
    }
  }
  var mantissaDigits = 0
  while i < n, text[i] &- 0x30 < 10 {
    i += 1
    mantissaDigits += 1
  }
  if i < n, text[i] == UInt8(ascii: ".") {
    i += 1
    while i < n, text[i] &- 0x30 < 10 {
      i += 1
      mantissaDigits += 1
    }
  }
  guard mantissaDigits > 0 else { return false }
  if i < n, text[i] | 0x20 == UInt8(ascii: "e") {
    i += 1
    if i < n, text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") { i += 1 }
    let start = i
    while i < n, text[i] &- 0x30 < 10 { i += 1 }
    guard i > start else { return false }
  }
  return i == n
}
