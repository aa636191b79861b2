"""Reference values for SpatialAutocorrelationTests.swift (Benjamini-Hochberg q-values):
statsmodels multipletests(method="fdr_bh")."""
import statsmodels
from statsmodels.stats.multitest import multipletests

print(f"# statsmodels {statsmodels.__version__}")
print("fdr_bh =", [float(q) for q in multipletests([0.01, 0.04, 0.03, 0.20, 0.04], method="fdr_bh")[1]])
