/// Parses a decimal number from ASCII bytes, correctly rounded.
///
/// Plain decimals with at most 15 significant digits and a small exponent (nearly every
/// coordinate in a CSV or GeoJSON file) take Clinger's exact fast path: the digits are an exact
/// integer below 2⁵³ and the power of ten is exact, so one IEEE multiplication or division
/// rounds correctly. Anything else — more digits, large exponents, `nan`, `inf` — goes to the
/// standard library's parser. Returns nil for text that is not a number.
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
  Double(String(decoding: text, as: UTF8.self))
}
