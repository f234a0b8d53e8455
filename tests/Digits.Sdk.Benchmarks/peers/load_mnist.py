"""Peer for the data-load benchmark: MNIST training images .gz -> normalised float32 NCHW with gzip + numpy.

Prints one line per run: the wall time in milliseconds. Usage: load_mnist.py <images.gz> <runs> <mean> <std>
"""
import gzip
import sys
import time

import numpy as np


def load(path, mean, std):
    with gzip.open(path, "rb") as f:
        data = f.read()
    count, rows, cols = (int.from_bytes(data[i:i + 4], "big") for i in (4, 8, 12))
    pixels = np.frombuffer(data, dtype=np.uint8, offset=16).reshape(count, 1, rows, cols)
    images = pixels.astype(np.float32)
    images *= np.float32(1.0 / (255.0 * std))
    images += np.float32(-mean / std)
    return images


def main():
    path, runs, mean, std = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
    load(path, mean, std)  # warm-up: file cache and imports
    for _ in range(runs):
        start = time.perf_counter()
        images = load(path, mean, std)
        elapsed = (time.perf_counter() - start) * 1000
        assert images.shape == (60000, 1, 28, 28)
        print(f"{elapsed:.3f}", flush=True)


if __name__ == "__main__":
    main()
