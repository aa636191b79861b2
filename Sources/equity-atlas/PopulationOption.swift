import ArgumentParser
import AtlasPipeline

extension PopulationMethod: ExpressibleByArgument {}
