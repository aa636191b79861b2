"""Reference values for EmpiricalBayesTests.swift, from PySAL `esda`.

esda.smoothing.Empirical_Bayes(e, b).r on fixed events e and populations b whose between-area
variance is positive (esda does not clamp a negative variance; AtlasStatistics does, which is
tested by hand). The global rate and variance terms are printed from the same formulas for the
record (Marshall 1991, as in esda's source).
"""
import numpy as np
import esda
from esda.smoothing import Empirical_Bayes

print(f"# esda {esda.__version__}, numpy {np.__version__}")

events = np.array([3.0, 0, 48, 7, 1, 25, 30, 9, 0, 15, 2, 26])
population = np.array([1200.0, 300, 2500, 1800, 150, 4000, 900, 2100, 250, 2600, 400, 1500])
smoothed = Empirical_Bayes(events, population).r.ravel()
print("smoothed = [" + ", ".join(repr(float(v)) for v in smoothed) + "]")

m = events.sum() / population.sum()
rates = events / population
variance = (population * (rates - m) ** 2).sum() / population.sum() - m / population.mean()
print(f"global_rate = {float(m)!r}")
print(f"between_variance = {float(variance)!r}")

# A second data set whose areas vary less than Poisson noise: the moment estimate of the
# between-area variance is negative. esda uses it as is; AtlasStatistics clamps it to 0.
flat_events = np.array([3.0, 0, 12, 7, 1, 25, 4, 9, 0, 15, 2, 6])
m = flat_events.sum() / population.sum()
rates = flat_events / population
variance = (population * (rates - m) ** 2).sum() / population.sum() - m / population.mean()
print(f"flat_global_rate = {float(m)!r}")
print(f"flat_between_variance = {float(variance)!r}")
