internal import CCairo
import Foundation

/// A failure inside cairo: the operation, cairo's status code and message, and the file being
/// written.
public struct RenderError: Error, CustomStringConvertible {
  public var operation: String
  public var code: Int
  public var message: String
  public var input: String
  public var description: String { "cairo \(operation) failed on \(input): \(message) (status \(code))" }
}

/// The one funnel for cairo status codes: throws unless `status` is CAIRO_STATUS_SUCCESS.
func check(_ status: cairo_status_t, _ operation: String, _ input: String) throws {
  guard status != CAIRO_STATUS_SUCCESS else { return }
  throw RenderError(operation: operation, code: Int(status.rawValue), message: String(cString: cairo_status_to_string(status)), input: input)
}

/// One-time set-up of the text stack, run before the first surface of the process (Swift runs
/// a global's initialiser once, the other threads waiting): fontconfig is initialised on this
/// thread (see `atlas_fontconfig_init`), then one layout is shaped and measured, so that every
/// lazy global of pango, harfbuzz and cairo exists before threads render in parallel.
let typesettingReady: Bool = {
  guard atlas_fontconfig_init() == 1 else { return false }
  let surface = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1)
  defer { cairo_surface_destroy(surface) }
  let cr = cairo_create(surface)
  defer { cairo_destroy(cr) }
  let layout = pango_cairo_create_layout(cr)
  defer { atlas_pango_layout_free(layout) }
  let font = pango_font_description_from_string("DejaVu Sans 10")
  defer { pango_font_description_free(font) }
  pango_layout_set_font_description(layout, font)
  pango_layout_set_text(layout, "Ward 0 — 1,234.5 min", -1)
  var width: Int32 = 0
  var height: Int32 = 0
  pango_layout_get_size(layout, &width, &height)
  return height > 0
}()

/// A cairo PDF surface (owns `cairo_surface_t`, destroyed in deinit). US letter pages.
final class PDFSurface {
  let handle: OpaquePointer
  let path: String

  /// - Parameters:
  ///   - creationDate: ISO 8601 date stamped as /CreationDate and /ModDate instead of the
  ///     clock (cairo ≥ 1.16; older cairo cannot pin it and is refused, since its PDFs would
  ///     differ on every run).
  init(path: String, width: Double, height: Double, creationDate: String, title: String, subject: String, creator: String) throws {
    self.path = path
    guard typesettingReady else {
      throw RenderError(operation: "FcInit", code: -1, message: "fontconfig could not load its configuration", input: path)
    }
    // Returns a surface even on failure (a "nil surface" in an error state); check its status.
    handle = cairo_pdf_surface_create(path, width, height)
    try check(cairo_surface_status(handle), "cairo_pdf_surface_create", path)
    guard atlas_pdf_pin_dates(handle, creationDate) == 1 else {
      throw RenderError(
        operation: "cairo_pdf_surface_set_metadata", code: -1,
        message: "cairo \(String(cString: cairo_version_string())) cannot pin the PDF creation date (needs 1.16)", input: path)
    }
    _ = atlas_pdf_set_info(handle, 0, title)
    _ = atlas_pdf_set_info(handle, 2, subject)
    _ = atlas_pdf_set_info(handle, 4, creator)
  }

  /// Writes the remaining objects and closes the file; the surface is unusable afterwards.
  func finish() throws {
    cairo_surface_finish(handle)
    try check(cairo_surface_status(handle), "cairo_surface_finish", path)
  }

  deinit { cairo_surface_destroy(handle) }
}

/// A cairo drawing context on a surface (owns `cairo_t`, destroyed in deinit).
final class DrawingContext {
  let handle: OpaquePointer
  /// Kept alive while the context draws on it.
  let surface: PDFSurface

  init(_ surface: PDFSurface) throws {
    self.surface = surface
    handle = cairo_create(surface.handle)
    try check(cairo_status(handle), "cairo_create", surface.path)
  }

  deinit { cairo_destroy(handle) }

  func status(_ operation: String) throws { try check(cairo_status(handle), operation, surface.path) }
}

/// A Pango font description (owns `PangoFontDescription`, freed in deinit).
final class FontDescription {
  let handle: OpaquePointer

  /// - Parameter spec: Pango's string form, e.g. `DejaVu Sans Bold 9`.
  init(_ spec: String) {
    // Never NULL: unknown parts fall back to defaults.
    handle = pango_font_description_from_string(spec)
  }

  deinit { pango_font_description_free(handle) }
}

/// A Pango layout for one drawing context (owns `PangoLayout`, unreferenced in deinit): shapes
/// and wraps text, measures it and draws it.
final class TextLayout {
  let handle: OpaquePointer
  let context: DrawingContext

  init(_ context: DrawingContext) {
    self.context = context
    // A new layout with a reference count of 1, tied to the context's font map and options.
    handle = pango_cairo_create_layout(context.handle)
    // The layout's PangoContext is borrowed. Font sizes are in points and the page is in
    // points: 72 dpi (pangocairo's default is 96, which would scale text by 4/3). Metrics are
    // unhinted so that line breaks do not depend on a rasteriser.
    let pangoContext = pango_layout_get_context(handle)
    pango_cairo_context_set_resolution(pangoContext, 72)
    let options = cairo_font_options_create()
    defer { cairo_font_options_destroy(options) }
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
    pango_cairo_context_set_font_options(pangoContext, options)  // copies the options
    pango_layout_context_changed(handle)
  }

  deinit { atlas_pango_layout_free(handle) }

  /// Sets escaped Pango markup, the font, and the wrapping width (nil: one line per paragraph).
  func set(markup: String, font: FontDescription, width: Double?, alignment: TextAlignment) {
    pango_layout_set_font_description(handle, font.handle)
    pango_layout_set_width(handle, width.flatMap { Int32(exactly: ($0 * Double(PANGO_SCALE)).rounded(.down)) } ?? -1)
    pango_layout_set_wrap(handle, PANGO_WRAP_WORD_CHAR)
    switch alignment {
    case .leading: pango_layout_set_alignment(handle, PANGO_ALIGN_LEFT)
    case .center: pango_layout_set_alignment(handle, PANGO_ALIGN_CENTER)
    case .trailing: pango_layout_set_alignment(handle, PANGO_ALIGN_RIGHT)
    }
    pango_layout_set_markup(handle, markup, -1)
  }

  /// Logical size in points.
  var size: (width: Double, height: Double) {
    var w: Int32 = 0
    var h: Int32 = 0
    pango_layout_get_size(handle, &w, &h)
    return (Double(w) / Double(PANGO_SCALE), Double(h) / Double(PANGO_SCALE))
  }

  /// Draws the layout with its top-left corner at (x, y).
  func show(x: Double, y: Double) {
    cairo_move_to(context.handle, x, y)
    pango_cairo_show_layout(context.handle, handle)
  }

  /// Adds the glyph outlines to the current path (for haloed labels).
  func path(x: Double, y: Double) {
    cairo_move_to(context.handle, x, y)
    pango_cairo_layout_path(context.handle, handle)
  }
}

enum TextAlignment { case leading, center, trailing }

/// The version of the cairo library in use, for provenance.
public var cairoVersion: String { String(cString: cairo_version_string()) }
