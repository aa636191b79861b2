"""Reference values for QuantileTests.swift, from numpy.quantile(method="linear"), which is
Hyndman-Fan definition 7. p = 0.095 is a case where NumPy's interpolation order
(b - (b - a)(1 - t) for t >= 1/2) gives a different last bit than a + (b - a) t."""
import numpy as np

print(f"# numpy {np.__version__}")
values = [412.0, 95.5, 233.1, 95.5, 780.2, 301.7, 150.0, 1204.9, 267.3, 88.8, 512.6]
for p in (0.0, 0.095, 0.1, 0.25, 0.5, 0.9, 0.95, 0.99, 1.0):
    print(f"({p!r}, {float(np.quantile(values, p, method='linear'))!r}),")
print(f"even_median = {float(np.quantile([4.0, 1.0, 3.0, 2.0], 0.5))!r}")
