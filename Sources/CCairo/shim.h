#ifndef EQUITYATLAS_CCAIRO_SHIM_H
#define EQUITYATLAS_CCAIRO_SHIM_H
// cairo (vector PDF surfaces) and pango/pangocairo (text shaping and line breaking).
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <fontconfig/fontconfig.h>

/// Loads the fontconfig configuration now, on the calling thread. Pango (≥ 1.48) otherwise runs
/// FcInit on a thread of its own when a font map is first made, and that races with fontconfig
/// calls from other threads (heap corruption; upstream pango#784, pango#872). After this call
/// pango's FcInit returns at once. Returns FcTrue (1) on success.
static inline int atlas_fontconfig_init(void) { return FcInit(); }

/// Pins the PDF's /CreationDate (and /ModDate) so that the same drawing gives the same bytes.
/// cairo ≥ 1.16 stamps the current time unless CAIRO_PDF_METADATA_CREATE_DATE is set; before
/// 1.16 there is no way to pin it. Returns 1 when the date was set, 0 when this cairo cannot.
/// `date` is ISO 8601, e.g. "1970-01-01T00:00:00Z".
static inline int atlas_pdf_pin_dates(cairo_surface_t *surface, const char *date) {
#if CAIRO_VERSION >= CAIRO_VERSION_ENCODE(1, 16, 0)
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date);
  return 1;
#else
  (void)surface; (void)date;
  return 0;
#endif
}

/// Sets a text entry of the PDF's document information dictionary (cairo ≥ 1.16; a no-op
/// returning 0 before). `key`: 0 title, 1 author, 2 subject, 3 keywords, 4 creator.
static inline int atlas_pdf_set_info(cairo_surface_t *surface, int key, const char *value) {
#if CAIRO_VERSION >= CAIRO_VERSION_ENCODE(1, 16, 0)
  static const cairo_pdf_metadata_t keys[] = {
    CAIRO_PDF_METADATA_TITLE, CAIRO_PDF_METADATA_AUTHOR, CAIRO_PDF_METADATA_SUBJECT,
    CAIRO_PDF_METADATA_KEYWORDS, CAIRO_PDF_METADATA_CREATOR,
  };
  if (key < 0 || key > 4) return 0;
  cairo_pdf_surface_set_metadata(surface, keys[key], value);
  return 1;
#else
  (void)surface; (void)key; (void)value;
  return 0;
#endif
}

/// g_object_unref for a PangoLayout or PangoContext (a macro-free, typed entry point).
static inline void atlas_pango_layout_free(PangoLayout *layout) { g_object_unref(layout); }
#endif
