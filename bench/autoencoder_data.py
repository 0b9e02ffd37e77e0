"""hw4's synthetic autoencoder data in NumPy, bit for bit up to libm rounding.

The generator is counter-based (SplitMix64 of key + index, Box-Muller on consecutive pairs;
src/core/autoencoder_data.cc), so NumPy rebuilds the very matrix `hw4 autoencoder` trains on,
and the benchmarks compare PyTorch and scikit-learn with hw4 on the same numbers.
"""
import numpy as np

M64 = np.uint64(0xFFFFFFFFFFFFFFFF)
GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def splitmix64(z):
    z = np.asarray(z, dtype=np.uint64)
    with np.errstate(over="ignore"):
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def stream_key(seed, stream):
    with np.errstate(over="ignore"):
        return splitmix64(splitmix64(np.uint64(seed)) + np.uint64(stream) * GOLDEN)


def counter_bits(key, index):
    with np.errstate(over="ignore"):
        return splitmix64(key + (np.asarray(index, dtype=np.uint64) + np.uint64(1)) * GOLDEN)


def normals(key, count):
    """Normals 0 .. count-1 of the stream `key` (count even or odd)."""
    pairs = (count + 1) // 2
    idx = np.arange(pairs, dtype=np.uint64)
    u1 = ((counter_bits(key, 2 * idx) >> np.uint64(11)).astype(np.float64) + 1.0) * 2.0**-53
    u2 = (counter_bits(key, 2 * idx + np.uint64(1)) >> np.uint64(11)).astype(np.float64) * 2.0**-53
    r = np.sqrt(-2.0 * np.log(u1))
    a = 2.0 * np.pi * u2
    out = np.empty(2 * pairs)
    out[0::2] = r * np.cos(a)
    out[1::2] = r * np.sin(a)
    return out[:count]


def add_arguments(parser):
    """The synthetic matrix's command-line arguments (the seed's case by default)."""
    parser.add_argument("--samples", type=int, default=800)
    parser.add_argument("--features", type=int, default=20000)
    parser.add_argument("--rank", type=int, default=10)
    parser.add_argument("--noise", type=float, default=0.01)
    parser.add_argument("--data-seed", type=int, default=7)


def synthetic(samples, features, rank, noise, seed, dtype=np.float64):
    """X = U V / sqrt(rank) + noise E, as SPEC and hw4 define it."""
    u = normals(stream_key(seed, 1), samples * rank).reshape(samples, rank)
    v = normals(stream_key(seed, 2), rank * features).reshape(rank, features) / np.sqrt(rank)
    x = u @ v
    x += noise * normals(stream_key(seed, 3), samples * features).reshape(samples, features)
    return x.astype(dtype, copy=False)


def split(samples, test_fraction, seed):
    """hw4's seeded train/test split (Fisher-Yates with the counter generator)."""
    order = list(range(samples))
    key = stream_key(seed, 16)
    bits = counter_bits(key, np.arange(samples, dtype=np.uint64))
    for i in range(samples - 1, 0, -1):
        j = int(bits[i] % np.uint64(i + 1))
        order[i], order[j] = order[j], order[i]
    test_count = int(round(test_fraction * samples))
    if test_fraction > 0 and samples >= 2:
        test_count = min(max(test_count, 1), samples - 1)
    return sorted(order[test_count:]), sorted(order[:test_count])
