@_exported import func AtlasGeometry.parallelMap
@_exported import enum AtlasIO.ServiceInputs
// The input file schema and the point locator moved below AtlasPipeline (to AtlasIO and
// AtlasSpatial) so that AtlasSynthetic need not import the pipeline; code that imports
// AtlasPipeline keeps seeing them under the same names. The package's one parallel map moved
// to AtlasGeometry with the locator; re-exported here, every file of the pipeline sees it as
// before.
@_exported import struct AtlasSpatial.JoinEngine
