"""Reference values for ConcentrationTests.swift: an independent NumPy implementation of the
concentration index through the area under the concentration curve,

    C = 1 - 2 * (area under L(p)),  L = cumulative outcome share against cumulative population
    share, areas ordered by the socio-economic variable (poorest first),

integrated exactly with the trapezoid rule over the curve's vertices (the curve is piecewise
linear). Areas tied on the ranking variable are merged into one vertex, which is the same as
giving them their block's average fractional rank. AtlasStatistics computes the covariance form
2 cov_w(h, R) / mu instead; the two agree algebraically (Kakwani, Wagstaff & van Doorslaer
1997), so agreement to 1e-9 checks the ranks, the weights and the ties.

Erreygers: E = 4 mu / (b - a) * C (Erreygers 2009).
"""
import numpy as np

print(f"# numpy {np.__version__}")


def concentration(h, x, w):
    h, x, w = map(np.asarray, (h, x, w))
    levels = np.unique(x)  # sorted ascending
    pop = np.array([w[x == v].sum() for v in levels])
    out = np.array([(w * h)[x == v].sum() for v in levels])
    p = np.concatenate([[0.0], np.cumsum(pop) / pop.sum()])
    lorenz = np.concatenate([[0.0], np.cumsum(out) / out.sum()])
    area = np.sum((p[1:] - p[:-1]) * (lorenz[1:] + lorenz[:-1]) / 2)
    return 1 - 2 * area, (w * h).sum() / w.sum()


# Per-area p90 response minutes, median household income (ranking, with ties), population.
outcome = [14.2, 11.8, 16.5, 9.4, 12.1, 18.3, 10.2, 8.7, 13.3, 15.9, 9.9, 7.6]
income = [31000, 52000, 28000, 71000, 52000, 24000, 64000, 88000, 39000, 31000, 77000, 95000]
population = [5400, 3100, 7200, 2600, 4100, 6900, 3300, 1800, 5000, 6100, 2400, 1500]
c, mu = concentration(outcome, income, population)
print(f"weighted = {float(c)!r}")
c_unweighted, _ = concentration(outcome, income, np.ones(len(outcome)))
print(f"unweighted = {float(c_unweighted)!r}")

# Bounded outcome: share of calls answered within 10 minutes, in [0, 1].
answered = [0.61, 0.78, 0.55, 0.91, 0.74, 0.48, 0.86, 0.94, 0.69, 0.58, 0.89, 0.97]
c_b, mu_b = concentration(answered, income, population)
print(f"bounded_concentration = {float(c_b)!r}")
print(f"erreygers = {float(4 * mu_b / (1 - 0) * c_b)!r}")
