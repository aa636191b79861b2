import Testing

@testable import AtlasStatistics

@Suite("StandardNormal")
struct StandardNormalTests {
  @Test("cross-implementation: quantile vs SciPy 1.17.1 special.ndtri (normal_reference.py)")
  func quantile() {
    let expected: [(Double, Double)] = [
      (1e-300, -37.0470962993612),
      (1e-20, -9.262340089798409),
      (1e-10, -6.361340902404056),
      (0.001, -3.090232306167813),
      (0.025, -1.9599639845400545),
      (0.05, -1.6448536269514729),
      (0.1, -1.2815515655446004),
      (0.3, -0.5244005127080409),
      (0.5, 0.0),
      (0.6, 0.2533471031357997),
      (0.9, 1.2815515655446004),
      (0.975, 1.959963984540054),
      (0.999, 3.090232306167813),
      (0.999999999999, 7.0344869100478356),
    ]
    for (p, z) in expected {
      expectClose(StandardNormal.quantile(p), z, relative: 1e-12, "Φ⁻¹(\(p))")
    }
    #expect(StandardNormal.quantile(0) == -.infinity)
    #expect(StandardNormal.quantile(1) == .infinity)
  }

  @Test("cross-implementation: CDF vs SciPy 1.17.1 special.ndtr (normal_reference.py)")
  func cdf() {
    let expected: [(Double, Double)] = [
      (-10.0, 7.61985302416047e-24),
      (-3.5, 0.00023262907903552502),
      (-1.959963984540054, 0.025),
      (-0.5, 0.3085375387259869),
      (0.0, 0.5),
      (0.7, 0.758036347776927),
      (2.0, 0.9772498680518208),
      (6.0, 0.9999999990134123),
    ]
    for (x, p) in expected {
      expectClose(StandardNormal.cdf(x), p, relative: 1e-12, "Φ(\(x))")
      expectClose(StandardNormal.survival(-x), p, relative: 1e-12, "1 − Φ(\(-x))")
    }
  }
}
