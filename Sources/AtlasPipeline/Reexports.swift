@_exported import func AtlasGeometry.parallelMap
@_exported import enum AtlasIO.ServiceInputs
// The input file schema and the point locator moved below AtlasPipeline (to AtlasIO and
// AtlasSpatial) so that AtlasSynthetic need not import the pipeline; code that imports
// AtlasPipeline keeps seeing them under the same names. The package's one parallel map moved
// to AtlasGeometry with the locator; re-exported here, every file of the pipeline sees it as
// before.
@_exported import struct AtlasSpatial.JoinEngine
// The rows analyze writes are declared once, in the atlas schema (AtlasStore), and read by the
// reports; code that imports AtlasPipeline sees them under the same names.
@_exported import struct AtlasStore.DisparityIndex
@_exported import struct AtlasStore.GroupExposure
