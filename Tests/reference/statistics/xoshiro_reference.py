"""Reference streams for SeededGeneratorTests.swift: a direct Python transcription of the
authors' reference C code (Vigna, prng.di.unimi.it: splitmix64.c and xoshiro256starstar.c),
independent of the Swift implementation, plus Lemire's bounded draw (Lemire 2019, Algorithm 5,
64-bit version) and the 53-bit unit-interval conversion.

Self-check: seeding the xoshiro256** state directly with s = {1, 2, 3, 4} gives the first
outputs 11520, 0, 1509978240, 1215971899390074240, the values published with the Rust
rand_xoshiro crate's test of the same reference code.
"""
MASK = (1 << 64) - 1


def splitmix64(state):
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


class Xoshiro256StarStar:
    def __init__(self, seed=None, state=None):
        if state is None:
            s, self.s = seed, []
            for _ in range(4):
                s, out = splitmix64(s)
                self.s.append(out)
        else:
            self.s = list(state)

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        return result

    def below(self, bound):
        product = self.next() * bound
        low = product & MASK
        if low < bound:
            threshold = ((1 << 64) - bound) % bound
            while low < threshold:
                product = self.next() * bound
                low = product & MASK
        return product >> 64

    def unit(self):
        return (self.next() >> 11) * 2.0 ** -53


check = Xoshiro256StarStar(state=[1, 2, 3, 4])
assert [check.next() for _ in range(4)] == [11520, 0, 1509978240, 1215971899390074240]

for seed in (0, 42, 0xFFFFFFFFFFFFFFFF):
    g = Xoshiro256StarStar(seed)
    print(f"seed {seed}: next = {[g.next() for _ in range(5)]}")
g = Xoshiro256StarStar(2024)
print(f"seed 2024: below(10) = {[g.below(10) for _ in range(12)]}")
g = Xoshiro256StarStar(2024)
print(f"seed 2024: below(3_000_000_019) = {[g.below(3_000_000_019) for _ in range(4)]}")
# A bound just above 2^62 rejects about a quarter of the raw draws (2^64 mod bound = 2^62 - 3),
# so this stream exercises the rejection loop.
g = Xoshiro256StarStar(2024)
print(f"seed 2024: below(2**62 + 1) = {[g.below(2**62 + 1) for _ in range(8)]}")
g = Xoshiro256StarStar(7)
print(f"seed 7: unit = {[g.unit() for _ in range(4)]}")
