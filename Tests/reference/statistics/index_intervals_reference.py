"""Reference values for IndexIntervalsTests.swift (AtlasPipelineTests): the point values that
`IndexIntervals` stores in `disparities` for a hand-made layer of four areas.

Per-area call -> dispatch p50 and p90 from numpy.quantile(method="linear") (Hyndman-Fan type 7),
population-weighted Gini and Theil T from PySAL `inequality` on the values replicated by each
area's (integer) population (numpy.repeat); the concentration index against each group's share
of residents by an independent NumPy implementation through the area under the concentration
curve (as concentration_reference.py); the dissimilarity of calls against residents
D = 1/2 sum |c_i/C - p_i/P| with NumPy.
"""
import numpy as np
import inequality
from inequality.gini import Gini
from inequality.theil import Theil

print(f"# inequality {inequality.__version__}, numpy {np.__version__}")

# Call -> dispatch seconds of the P1 and P2 calls of areas A, B, C, D (IndexIntervalsTests).
p1 = [[30, 45, 60, 90, 120], [60, 80, 100, 140, 200, 260], [20, 25, 40, 55], [100, 150, 180, 240, 300, 420, 600]]
p2 = [[300, 400], [500], [], [200, 250, 900]]
population = np.array([1000, 2500, 1500, 800])
groups = {
    "W": np.array([600, 500, 900, 100]),
    "B": np.array([200, 1500, 300, 600]),
    "H": np.array([200, 500, 300, 100]),
}


def concentration(h, x, w):
    h, x, w = map(np.asarray, (h, x, w))
    levels = np.unique(x)
    pop = np.array([w[x == v].sum() for v in levels])
    out = np.array([(w * h)[x == v].sum() for v in levels])
    p = np.concatenate([[0.0], np.cumsum(pop) / pop.sum()])
    lorenz = np.concatenate([[0.0], np.cumsum(out) / out.sum()])
    return 1 - 2 * np.sum((p[1:] - p[:-1]) * (lorenz[1:] + lorenz[:-1]) / 2)


def show(name, value):
    print(f"{name} = {float(value)!r}")


for q, name in [(0.5, "p50"), (0.9, "p90")]:
    values = np.array([np.quantile(np.array(a, dtype=float), q, method="linear") for a in p1])
    print(f"# P1 call_to_dispatch_{name}_seconds per area: {values.tolist()}")
    replicated = np.repeat(values, population)
    show(f"gini_{name}", Gini(replicated).g)
    show(f"theil_t_{name}", Theil(replicated).T)
    for g, counts in groups.items():
        show(f"concentration_{g}_{name}", concentration(values, counts / population, population))


def dissimilarity(calls):
    calls = np.asarray(calls, dtype=float)
    return 0.5 * np.abs(calls / calls.sum() - population / population.sum()).sum()


show("dissimilarity_P1", dissimilarity([len(a) for a in p1]))
show("dissimilarity_P2", dissimilarity([len(a) for a in p2]))
show("dissimilarity_all", dissimilarity([len(a) + len(b) for a, b in zip(p1, p2)]))
