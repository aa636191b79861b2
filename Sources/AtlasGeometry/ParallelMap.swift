import Foundation

/// `body(0) … body(count − 1)` on all cores, results in index order; the first error thrown is
/// rethrown. `body` must be safe to run concurrently for different indexes (e.g. each index
/// owns its GEOS context).
///
/// The package's one parallel map (layers read, validated and indexed one per core; metrics
/// per layer): `package`, not part of the library's API.
package func parallelMap<T>(_ count: Int, _ body: (Int) throws -> T) throws -> [T] {
  let slots = UnsafeMutableBufferPointer<Result<T, Error>?>.allocate(capacity: count)
  slots.initialize(repeating: nil)
  defer {
    slots.deinitialize()
    slots.deallocate()
  }
  return try withoutActuallyEscaping(body) { body in
    let shared = UncheckedBox((slots, body))
    DispatchQueue.concurrentPerform(iterations: count) { i in
      let (slots, body) = shared.value
      slots[i] = Result { try body(i) }
    }
    return try slots.map { try $0!.get() }
  }
}

/// Hands a value to concurrent code whose safety the caller has checked.
struct UncheckedBox<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}
