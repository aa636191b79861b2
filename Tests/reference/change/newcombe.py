"""Reference values for Tests/AtlasStatisticsTests/ChangeIntervalTests.swift.

Run in a throwaway venv:  python3 -m venv /tmp/v && /tmp/v/bin/pip install statsmodels && /tmp/v/bin/python newcombe.py
statsmodels: proportion_confint(method="wilson"); confint_proportions_2indep(method="newcomb")
(Newcombe 1998 method 10; statsmodels returns count1/nobs1 - count2/nobs2, so the later
proportion is passed first).
"""
import statsmodels
from statsmodels.stats.proportion import proportion_confint, confint_proportions_2indep

print("statsmodels", statsmodels.__version__)
for x, n in [(81, 263), (15, 148), (0, 20), (1, 29)]:
    lo, hi = proportion_confint(x, n, alpha=0.05, method="wilson")
    print(f"wilson {x}/{n}: {lo!r} {hi!r}")
# (after, before): Newcombe's (1998) Table II examples (a)-(d), plus a completeness-like case.
for (x2, n2), (x1, n1) in [((56, 70), (48, 80)), ((9, 10), (3, 10)), ((6, 7), (2, 7)), ((5, 56), (0, 29)), ((350, 900), (520, 910))]:
    lo, hi = confint_proportions_2indep(x2, n2, x1, n1, method="newcomb", compare="diff", alpha=0.05)
    print(f"newcombe {x2}/{n2} - {x1}/{n1}: {lo!r} {hi!r}")
