"""Exact MCLP optima from PySAL spopt (PuLP + CBC) for the planner's tests.

Run: python3 -m venv /tmp/venv-plan && /tmp/venv-plan/bin/pip install spopt pulp
     /tmp/venv-plan/bin/python Tests/reference/plan/spopt_mclp.py > Tests/reference/plan/mclp_instances.json

Each instance: demand points (x, y, weight) and candidate sites (x, y) in feet, a service radius,
and for each budget p the optimum objective (total weight covered, each point once) and the
sites spopt chose. A point is covered by a site when their distance is <= radius, the same test
the planner uses; coordinates are drawn so that no distance falls within 1e-6 of the radius.
"""
import json
import sys

import numpy as np
import pulp
import spopt
from spopt.locate import MCLP

instances = []
for seed in range(8):
    rng = np.random.default_rng(seed)
    # Clustered demand (three clusters and background) so greedy can go wrong.
    n_demand, n_sites = 80, 40
    centres = rng.uniform(0, 4000, size=(3, 2))
    demand = np.vstack([
        centres[rng.integers(0, 3, size=n_demand // 2)] + rng.normal(0, 350, size=(n_demand // 2, 2)),
        rng.uniform(0, 4000, size=(n_demand - n_demand // 2, 2)),
    ])
    weights = np.round(rng.gamma(2.0, 50.0, size=n_demand), 3)
    sites = rng.uniform(0, 4000, size=(n_sites, 2))
    radius = 500.0 + 100.0 * (seed % 4)
    cost = np.sqrt(((demand[:, None, :] - sites[None, :, :]) ** 2).sum(axis=2))
    assert np.all(np.abs(cost - radius) > 1e-6)
    optima = []
    for p in (1, 3, 5, 8):
        model = MCLP.from_cost_matrix(cost, weights, service_radius=radius, p_facilities=p, name=f"mclp-{seed}-{p}")
        model = model.solve(pulp.PULP_CBC_CMD(msg=False))
        assert pulp.LpStatus[model.problem.status] == "Optimal"
        chosen = sorted(int(j) for j in range(n_sites) if model.fac2cli[j])
        covered = (cost[:, chosen] <= radius).any(axis=1) if chosen else np.zeros(n_demand, dtype=bool)
        value = float(weights[covered].sum())
        assert abs(value - float(pulp.value(model.problem.objective))) < 1e-6
        optima.append({"budget": p, "optimum": value, "sites": chosen})
    instances.append({
        "seed": seed, "radius": radius,
        "demand": [[float(x), float(y), float(w)] for (x, y), w in zip(demand, weights)],
        "sites": [[float(x), float(y)] for x, y in sites],
        "optima": optima,
    })

json.dump({"generator": f"spopt {spopt.__version__}, pulp {pulp.__version__} (CBC)", "instances": instances}, sys.stdout, indent=1)
sys.stdout.write("\n")
