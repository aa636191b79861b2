"""Reference values for BootstrapTests.swift, from scipy.stats.bootstrap (method="BCa").

Part A is deterministic: SciPy's BCa machinery (scipy.stats._resampling._bca_interval, the
private helper that scipy.stats.bootstrap calls, then scipy.stats.quantile with its default
"linear" = Hyndman-Fan 7 method) applied to FIXED bootstrap replicates, so z0, the jackknife
acceleration and the interval endpoints can be matched to 1e-9 without sharing a random stream.

Part B is stochastic: scipy.stats.bootstrap(method="BCa", n_resamples=20000) on the same data
with RUNS = 40 different seeds. AtlasStatistics draws from its own generator, so its endpoints
differ from SciPy's by Monte Carlo error only. The script prints the mean endpoint over the runs
and the standard deviation sd of a single run's endpoint. One Swift run (also B = 20000) minus
the 40-run mean has standard deviation sd * sqrt(1 + 1/40); the Swift test allows 5 times that
(a false failure has probability below 1e-6 for a normal error), which is still small next to
the interval width (mean: sd 0.73 on a width of 139).

For the median ratio the jackknife acceleration is 0 up to rounding (about 1e-16: leave-one-out
medians of an even-sized sample are symmetric), so it is compared with an absolute tolerance.
"""
import numpy as np
import scipy
from scipy.stats import bootstrap, quantile
from scipy.stats._resampling import _bca_interval
from scipy.special import ndtri

print(f"# scipy {scipy.__version__}, numpy {np.__version__}")

sample = np.array([256.7, 570.1, 196.6, 377.4, 424.3, 692.6, 406.3, 183.5, 446.1, 221.6, 116.5,
                   334.6, 32.0, 169.9, 58.1, 467.1, 131.9, 416.2, 371.0, 212.0, 323.5, 528.9,
                   142.5, 42.1])
other = np.array([208.5, 769.3, 94.1, 212.7, 97.0, 368.4, 386.1, 107.5, 72.3, 259.6, 207.9,
                  400.4, 187.7, 259.6, 183.4, 187.7])


def mean(x, axis=-1):
    return np.mean(x, axis=axis)


def median_ratio(x, y, axis=-1):
    return np.median(x, axis=axis) / np.median(y, axis=axis)


def mean_ratio(x, y, axis=-1):
    return np.mean(x, axis=axis) / np.mean(y, axis=axis)


# Part A: fixed replicates.
mean_replicates = np.array([
    326.38, 351.36, 291.35, 269.83, 275.55, 306.81, 244.43, 220.41, 243.57, 329.98, 270.53,
    333.14, 302.69, 254.81, 283.14, 294.67, 266.04, 288.7, 297.36, 369.78, 286.97, 347.16,
    264.57, 341.2, 331.22, 372.43, 285.95, 278.32, 307.0, 197.42, 275.21, 375.02, 270.73,
    287.82, 351.89, 277.16, 287.43, 239.67, 262.59, 304.46, 322.6])
ratio_replicates = np.array([
    1.5456, 1.0693, 1.2347, 1.0066, 1.3676, 1.8796, 1.9528, 0.8857, 1.5782, 1.7235, 0.9243,
    0.9275, 1.6355, 1.3676, 1.2741, 1.0168, 1.6048, 1.0428, 1.697, 1.0628, 1.9995, 1.4265,
    1.4924, 0.8802, 1.2958, 1.5827, 1.6752, 1.9086, 1.3775, 1.0718, 1.6593, 1.2547, 1.494,
    1.6048, 1.908, 1.1356, 1.7836, 0.9813, 1.7836, 0.9212, 0.8651])

for name, data, statistic, reps in (
    ("fixed_mean", (sample,), mean, mean_replicates),
    ("fixed_median_ratio", (sample, other), median_ratio, ratio_replicates),
    # Two strata with a clearly non-zero acceleration: checks the per-stratum (n_s - 1) scaling.
    ("fixed_mean_ratio", (sample, other), mean_ratio, ratio_replicates),
):
    estimate = statistic(*data)
    share = (np.sum(reps < estimate) + np.sum(reps <= estimate)) / (2 * len(reps))
    alpha_1, alpha_2, a_hat = _bca_interval(data, statistic, axis=-1, alpha=0.025,
                                            theta_hat_b=reps, batch=None, xp=np)
    low, high = quantile(reps, np.array([alpha_1, alpha_2]))
    print(f"{name}: z0 = {float(ndtri(share))!r}, a = {float(a_hat)!r}, "
          f"low = {float(low)!r}, high = {float(high)!r}")

# Part B: full bootstrap, several seeds.
RUNS = 40
for name, data, statistic in (
    ("mean", (sample,), mean),
    ("median_ratio", (sample, other), median_ratio),
):
    lows, highs = [], []
    for seed in range(RUNS):
        res = bootstrap(data, statistic, method="BCa", n_resamples=20000, rng=seed)
        lows.append(res.confidence_interval.low)
        highs.append(res.confidence_interval.high)
    print(f"{name}: estimate = {float(statistic(*data))!r}, "
          f"low = {float(np.mean(lows))!r} (sd {float(np.std(lows, ddof=1))!r}), "
          f"high = {float(np.mean(highs))!r} (sd {float(np.std(highs, ddof=1))!r})")
