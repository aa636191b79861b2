import Foundation

/// A one-line progress display on standard error, redrawn in place on a terminal and silent
/// otherwise (logs and CI stay clean).
final class ProgressLine {
  private let label: String
  private let enabled = isatty(STDERR_FILENO) == 1
  private var lastDraw = Date.distantPast
  private var drawn = false

  init(label: String) { self.label = label }

  func update(done: Int, total: Int?) {
    guard enabled, Date().timeIntervalSince(lastDraw) > 0.2 else { return }
    lastDraw = Date()
    let text: String
    if let total, total > 0 {
      text = String(format: "\r%@ %5.1f%% (%d MB)", label, Double(done) / Double(total) * 100, done >> 20)
    } else {
      text = "\r\(label) \(done >> 20) MB"
    }
    FileHandle.standardError.write(Data(text.utf8))
    drawn = true
  }

  func finish() {
    guard drawn else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
  }
}
