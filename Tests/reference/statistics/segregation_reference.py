"""Reference values for DissimilarityTests.swift, from PySAL `segregation`.

Group dissimilarity: segregation.singlegroup.Dissim(group, total).
Hoover index of service s against population p: it is the dissimilarity of s and p treated as
two disjoint "groups", i.e. Dissim with group = s and total = s + p.
"""
import numpy as np
import pandas as pd
import segregation
from segregation.singlegroup import Dissim

print(f"# segregation {segregation.__version__}, pandas {pd.__version__}")

group = np.array([120.0, 45, 300, 12, 0, 88, 410, 23, 67, 150])
total = np.array([1000.0, 800, 950, 400, 120, 760, 1200, 300, 510, 640])
df = pd.DataFrame({"group": group, "total": total})
print(f"dissimilarity = {float(Dissim(df, 'group', 'total').statistic)!r}")

service = np.array([14.0, 3, 9, 22, 0, 7, 11, 5, 2, 8])     # e.g. patrol hours
population = np.array([1000.0, 800, 950, 400, 120, 760, 1200, 300, 510, 640])
df2 = pd.DataFrame({"s": service, "t": service + population})
print(f"hoover = {float(Dissim(df2, 's', 't').statistic)!r}")
