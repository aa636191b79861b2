#ifndef EQUITYATLAS_CGEOS_SHIM_H
#define EQUITYATLAS_CGEOS_SHIM_H
// Only the re-entrant API: every call takes an explicit GEOSContextHandle_t.
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
#endif
