#ifndef EQUITYATLAS_CGDAL_SHIM_H
#define EQUITYATLAS_CGDAL_SHIM_H
// GDAL's C API for vector data (OGR), spatial references and error state.
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#endif
