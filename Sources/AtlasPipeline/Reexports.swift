// The input file schema and the point locator moved below AtlasPipeline (to AtlasIO and
// AtlasSpatial) so that AtlasSynthetic need not import the pipeline; code that imports
// AtlasPipeline keeps seeing them under the same names.
@_exported import struct AtlasSpatial.JoinEngine
@_exported import enum AtlasIO.ServiceInputs
