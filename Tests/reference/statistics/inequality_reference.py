"""Reference values for InequalityTests.swift and DecompositionTests.swift.

Unweighted Gini, Theil T, Theil T between/within and Atkinson come from PySAL `inequality`;
Theil L from the identity L = -ln(1 - A_1) applied to PySAL's Atkinson at epsilon = 1; CV from
scipy.stats.variation (ddof=0); weighted mean/variance from statsmodels DescrStatsW (ddof=0).
Weighted indices with integer weights are the unweighted indices of the replicated values
(numpy.repeat), computed with the same tools.
"""
import numpy as np
import inequality
from inequality.gini import Gini
from inequality.theil import Theil, TheilD
from inequality.atkinson import atkinson
import scipy
from scipy.stats import variation
import statsmodels
from statsmodels.stats.weightstats import DescrStatsW

print(f"# inequality {inequality.__version__}, scipy {scipy.__version__}, "
      f"statsmodels {statsmodels.__version__}, numpy {np.__version__}")

# Per-area values with zeros (Gini, Theil T, CV allow zeros).
areas = np.array([0.0, 3.2, 7.5, 1.1, 12.8, 4.4, 0.0, 9.9, 2.5, 6.1,
                  15.3, 3.3, 8.8, 0.7, 5.5, 11.2, 2.2, 4.9, 7.0, 1.6])
# Strictly positive values (Theil L, Atkinson need them).
positive = np.array([12.5, 3.1, 8.4, 22.0, 5.6, 14.2, 9.9, 1.8, 30.5, 7.7,
                     11.1, 4.3, 18.9, 6.6, 2.9])
groups = np.array([0, 0, 1, 1, 2, 0, 1, 2, 2, 0, 1, 2, 0, 1, 2])
weights = np.array([3, 1, 2, 5, 1, 4, 2, 1, 1, 3, 2, 2, 1, 4, 2])


def show(name, value):
    print(f"{name} = {float(value)!r}")


show("gini_1to5", Gini(np.array([1.0, 2, 3, 4, 5])).g)
show("theilT_1to5", Theil(np.array([1.0, 2, 3, 4, 5])).T)
show("atkinson_10to50_eps0.5", atkinson(np.array([10.0, 20, 30, 40, 50]), 0.5))
show("atkinson_10to50_eps1", atkinson(np.array([10.0, 20, 30, 40, 50]), 1))

show("gini_areas", Gini(areas).g)
show("theilT_areas", Theil(areas).T)
show("cv_areas", variation(areas))

show("gini_positive", Gini(positive).g)
show("theilT_positive", Theil(positive).T)
show("theilL_positive", -np.log(1 - atkinson(positive, 1)))
for eps in (0.5, 1, 1.5, 2, 3):
    show(f"atkinson_positive_eps{eps}", atkinson(positive, eps))
show("cv_positive", variation(positive))
d = TheilD(positive, groups)
show("theilD_positive_bg", d.bg[0])
show("theilD_positive_wg", d.wg[0])

rep = np.repeat(positive, weights)
rep_groups = np.repeat(groups, weights)
show("weighted_gini_positive", Gini(rep).g)
show("weighted_theilT_positive", Theil(rep).T)
show("weighted_theilL_positive", -np.log(1 - atkinson(rep, 1)))
for eps in (0.5, 1, 2):
    show(f"weighted_atkinson_positive_eps{eps}", atkinson(rep, eps))
show("weighted_cv_positive", variation(rep))
dw = TheilD(rep, rep_groups)
show("weighted_theilD_positive_bg", dw.bg[0])
show("weighted_theilD_positive_wg", dw.wg[0])

# Weighted mean / population variance with non-integer weights.
fractional = np.array([0.5, 2.25, 1.0, 3.75, 0.1, 1.9, 2.0, 0.6, 1.4, 2.2,
                       0.8, 1.1, 3.3, 0.25, 1.7])
stats = DescrStatsW(positive, weights=fractional, ddof=0)
show("weighted_mean_positive_fractional", stats.mean)
show("weighted_variance_positive_fractional", stats.var)
