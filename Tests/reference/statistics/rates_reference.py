"""Reference values for RatesTests.swift, from statsmodels.

statsmodels.stats.rates.confint_poisson_2indep(count1, exposure1, count2, exposure2,
compare="ratio", method="wald-log") is the log-normal (Wald on ln RR) interval
RR * exp(+-z sqrt(1/a + 1/b)); compare="diff", method="wald" is the Wald interval
RD +- z sqrt(a/N1^2 + b/N0^2) (Rothman, Greenland & Lash 2008, ch. 14).
"""
import statsmodels
from statsmodels.stats.rates import confint_poisson_2indep

print(f"# statsmodels {statsmodels.__version__}")

cases = [
    # (area events, area exposure, rest events, rest exposure, confidence level)
    (37, 12000.0, 410, 260000.0, 0.95),
    (5, 800.0, 1200, 2700000.0, 0.95),
    (120, 45000.0, 95, 51000.0, 0.90),
]
for a, n1, b, n0, level in cases:
    alpha = 1 - level
    rr = confint_poisson_2indep(a, n1, b, n0, compare="ratio", method="wald-log", alpha=alpha)
    rd = confint_poisson_2indep(a, n1, b, n0, compare="diff", method="wald", alpha=alpha)
    print(f"({a}, {n1}, {b}, {n0}, {level}): ratio = {float((a / n1) / (b / n0))!r}, "
          f"ratio_ci = ({float(rr[0])!r}, {float(rr[1])!r}), "
          f"diff = {float(a / n1 - b / n0)!r}, diff_ci = ({float(rd[0])!r}, {float(rd[1])!r})")
