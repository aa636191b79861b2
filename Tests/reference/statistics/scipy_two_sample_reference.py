"""Reference values for TwoSampleTests.swift, from SciPy and NumPy.

Mann-Whitney: scipy.stats.mannwhitneyu(x, y, method="asymptotic") (two-sided, continuity
correction on, tie correction). Probability of superiority = U1 / (n m); Cliff's delta =
2 PS - 1. Kolmogorov-Smirnov: scipy.stats.ks_2samp(x, y) (two-sided; method "auto" is exact for
these sizes). Hodges-Lehmann: numpy.median of all n*m differences x_i - y_j (brute force).
"""
import numpy as np
import scipy
from scipy.stats import ks_2samp, mannwhitneyu

print(f"# scipy {scipy.__version__}, numpy {np.__version__}")

cases = {
    # District vs rest response seconds (gamma-like), ties inside and across samples.
    "tied": (
        [208.5, 769.3, 94.1, 212.7, 97.0, 368.4, 386.1, 107.5, 72.3, 259.6, 207.9, 400.4,
         187.7, 259.6, 183.4, 187.7],
        [67.5, 123.2, 377.4, 118.0, 161.7, 81.5, 142.8, 239.5, 474.7, 118.4, 449.0, 234.6,
         222.7, 374.5, 187.7, 259.6, 268.0, 238.6, 460.8, 129.0, 66.5],
    ),
    # Equal sizes, continuous, shifted by about 0.4 sd.
    "equal": (
        [-0.282, -0.047, 0.612, 0.792, -0.743, 0.826, -0.778, -0.169, 0.37, -0.023, -0.127,
         0.269, -0.553, -0.653, -0.204, 0.961, -0.102, 1.905, 0.214, -2.974, -0.44, 1.665,
         0.006, -0.438, -0.874],
        [1.724, 1.403, 1.072, 0.828, 1.841, 1.221, -0.83, 1.168, 0.57, 0.29, 1.163, 0.428,
         -2.534, 1.957, 1.438, 0.277, 0.028, 0.627, -0.884, 0.706, 0.17, 0.047, -0.523,
         -0.279, 1.506],
    ),
    # Well separated: tiny p-values.
    "separated": (
        [1208.5, 1769.3, 1094.1, 1212.7, 1097.0, 1368.4, 1386.1, 1107.5, 1072.3, 1259.6,
         1207.9, 1400.4, 1707.3, 1319.4, 1497.4, 1257.3, 1108.4, 1356.3, 1547.2, 1187.7,
         1545.1, 1490.1, 1200.1, 1187.7, 1275.6, 1916.5, 1266.7, 1167.2, 1322.6, 1125.2],
        [67.5, 123.2, 377.4, 118.0, 161.7, 81.5, 142.8, 239.5, 474.7, 118.4, 449.0, 234.6,
         222.7, 374.5, 377.6, 323.2, 497.5, 268.0, 238.6, 460.8, 129.0, 66.5, 215.7, 748.2,
         257.4, 438.5, 221.2, 468.7, 368.8, 108.9, 23.5, 495.4, 470.8, 232.0, 252.4],
    ),
    # Sizes 30 and 35 (gcd 5), overlapping distributions.
    "overlap": (
        [659.4, 311.2, 482.3, 96.4, 55.6, 401.4, 105.3, 524.4, 662.2, 801.6, 368.4, 387.1,
         976.4, 288.6, 193.8, 300.5, 321.0, 121.6, 594.0, 226.1, 204.9, 79.0, 318.3, 480.1,
         353.6, 290.6, 336.0, 541.3, 308.6, 212.4],
        [67.5, 123.2, 377.4, 118.0, 161.7, 81.5, 142.8, 239.5, 474.7, 118.4, 449.0, 234.6,
         222.7, 374.5, 377.6, 323.2, 497.5, 268.0, 238.6, 460.8, 129.0, 66.5, 215.7, 748.2,
         257.4, 438.5, 221.2, 468.7, 368.8, 108.9, 23.5, 495.4, 470.8, 232.0, 252.4],
    ),
    # Every value equal: sigma = 0, SciPy's p-value is 1.
    "constant": ([5.0, 5.0, 5.0], [5.0, 5.0]),
}

for name, (x, y) in cases.items():
    x = np.array(x)
    y = np.array(y)
    mw = mannwhitneyu(x, y, method="asymptotic")
    ks = ks_2samp(x, y)
    ps = mw.statistic / (len(x) * len(y))
    hl = np.median(np.subtract.outer(x, y))
    print(f"{name}: U = {float(mw.statistic)!r}, p_mw = {float(mw.pvalue)!r}, "
          f"ps = {float(ps)!r}, delta = {float(2 * ps - 1)!r}, "
          f"D = {float(ks.statistic)!r}, p_ks = {float(ks.pvalue)!r}, hl = {float(hl)!r}")
