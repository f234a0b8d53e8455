"""What the Python peers share: reading MNIST's gzip IDX files and this process's own peak memory.

Plain numpy, so the scikit-learn peer does not import torch. (load_mnist.py keeps its own reader: its reading is
what the data-load benchmark times.)
"""
import gzip

import numpy as np

MEAN = 0.1307
STD = 0.3081


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def images_and_labels(folder, prefix):
    """The uint8 images [N, 28, 28] and int64 labels [N] of MNIST's 'train' or 't10k' files in folder."""
    images = read_idx(f"{folder}/{prefix}-images-idx3-ubyte.gz")
    labels = read_idx(f"{folder}/{prefix}-labels-idx1-ubyte.gz").astype(np.int64)
    return images, labels


def normalized_nchw(folder, prefix):
    """Images as float32 [N, 1, 28, 28] normalised as the SDK does ((x / 255 - 0.1307) / 0.3081), and labels."""
    images, labels = images_and_labels(folder, prefix)
    return ((images.astype(np.float32) / 255.0 - MEAN) / STD)[:, None, :, :], labels


def peak_rss_mb():
    # VmHWM is this process's own high-water mark. getrusage's ru_maxrss is not: Linux carries it over exec from
    # the big .NET process that started this one, so it reports the parent's peak whenever that is larger.
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    raise RuntimeError("no VmHWM in /proc/self/status")
