#ifndef EQUITYATLAS_CPROJ_SHIM_H
#define EQUITYATLAS_CPROJ_SHIM_H
#include <proj.h>
#endif
