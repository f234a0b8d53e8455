"""Oracle for CalibrationMetrics: expected and maximum calibration error and the Brier score, in numpy.

Usage: python3 calibration.py INPUT.json

INPUT.json holds {"trueLabels": [...], "predictedLabels": [...], "probabilities": [[...], ...], "bins": 15}.
The definitions are Guo et al. (2017): a sample's confidence is the probability of its predicted class, bin m of M
holds confidences in ((m-1)/M, m/M] (a confidence of 0 the first bin); ECE = sum over bins of |B|/n * |acc - conf|,
MCE = the largest such gap of a non-empty bin. The Brier score is Brier's multi-class one: the mean over samples of
sum over classes of (p - onehot)^2. Computed in float64 from the float32 probabilities. Prints one JSON object.
"""

import json
import sys

import numpy as np


def main(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    y_true = np.asarray(data["trueLabels"], dtype=np.int64)
    y_pred = np.asarray(data["predictedLabels"], dtype=np.int64)
    probabilities = np.asarray(data["probabilities"], dtype=np.float32).astype(np.float64)
    bins = int(data["bins"])

    confidence = probabilities[np.arange(len(y_true)), y_pred]
    correct = (y_true == y_pred).astype(np.float64)
    index = np.clip(np.ceil(confidence * bins).astype(np.int64) - 1, 0, bins - 1)
    ece = 0.0
    mce = 0.0
    counts = []
    for m in range(bins):
        members = index == m
        counts.append(int(members.sum()))
        if not members.any():
            continue
        gap = abs(correct[members].mean() - confidence[members].mean())
        ece += members.sum() / len(y_true) * gap
        mce = max(mce, gap)

    onehot = np.zeros_like(probabilities)
    onehot[np.arange(len(y_true)), y_true] = 1.0
    brier = float(np.mean(np.sum((probabilities - onehot) ** 2, axis=1)))
    json.dump({"ece": float(ece), "mce": float(mce), "brier": brier, "counts": counts}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
