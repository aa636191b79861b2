"""Reference values for StandardNormalTests.swift, from scipy.special (Cephes ndtr / ndtri)."""
import scipy
from scipy.special import ndtr, ndtri

print(f"# scipy {scipy.__version__}")
for p in (1e-300, 1e-20, 1e-10, 0.001, 0.025, 0.05, 0.1, 0.3, 0.5, 0.6, 0.9, 0.975, 0.999,
          1 - 1e-12):
    print(f"({p!r}, {float(ndtri(p))!r}),")
for x in (-10.0, -3.5, -1.959963984540054, -0.5, 0.0, 0.7, 2.0, 6.0):
    print(f"({x!r}, {float(ndtr(x))!r}),")
