import Foundation

/// A progress display of numbered stages on standard error: on a terminal, the current stage
/// and its latest step redrawn in place, and a line per finished stage with its time; anywhere
/// else (logs, CI, pipes) nothing at all.
final class StageProgress: @unchecked Sendable {
  private let lock = NSLock()
  private let enabled = isatty(STDERR_FILENO) == 1
  private let total: Int
  private var number = 0
  private var name = ""
  private var started = Date()
  private var lastDraw = Date.distantPast

  init(stages: Int) { total = stages }

  func begin(_ stage: String) {
    lock.lock()
    defer { lock.unlock() }
    number += 1
    name = stage
    started = Date()
    draw("")
  }

  /// Shows the current step of the stage (at most five redraws a second; safe from any thread).
  func update(_ step: String) {
    lock.lock()
    defer { lock.unlock() }
    guard Date().timeIntervalSince(lastDraw) > 0.2 else { return }
    draw(step)
  }

  func end(_ summary: String) {
    lock.lock()
    defer { lock.unlock() }
    guard enabled else { return }
    write("\r\u{1B}[K" + String(format: "✓ [%d/%d] %@ — %@ (%.1f s)\n", number, total, name, summary, Date().timeIntervalSince(started)))
  }

  private func draw(_ step: String) {
    guard enabled else { return }
    lastDraw = Date()
    let columns = 100
    var line = String(format: "[%d/%d] %@ %.1f s", number, total, name, Date().timeIntervalSince(started)) + (step.isEmpty ? "" : " · " + step)
    if line.count > columns { line = String(line.prefix(columns - 1)) + "…" }
    write("\r\u{1B}[K" + line)
  }

  private func write(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}
