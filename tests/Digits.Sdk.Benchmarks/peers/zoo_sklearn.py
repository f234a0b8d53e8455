"""scikit-learn peers of the zoo-vs-sklearn benchmark: LogisticRegression(lbfgs), LinearSVC and SVC(rbf, C=5, gamma=0.05).

Pixels are scaled to [0, 1] (the usual setting for these peers and for gamma=0.05). Prints one JSON line per model:
{"model", "fit_seconds", "predict_seconds", "test_accuracy", "train_images"}.
Needs Debian's python3-sklearn (apt-get install -y python3-sklearn); run with /usr/bin/python3.
"""
import argparse
import json
import time

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.svm import SVC, LinearSVC

from peer_support import images_and_labels


def load(folder, prefix):
    images, labels = images_and_labels(folder, prefix)
    return images.reshape(-1, 784).astype(np.float64) / 255.0, labels


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--models", default="LogisticRegression,LinearSvm")
    parser.add_argument("--svc-images", type=int, default=60000, help="train SVC on the first N images (it is quadratic)")
    args = parser.parse_args()

    train_x, train_y = load(args.data, "train")
    test_x, test_y = load(args.data, "t10k")
    peers = {
        "LogisticRegression": lambda: (LogisticRegression(solver="lbfgs", max_iter=1000), len(train_x)),
        "LinearSvm": lambda: (LinearSVC(), len(train_x)),
        "RbfSvm": lambda: (SVC(kernel="rbf", C=5, gamma=0.05), args.svc_images),
    }
    for name in args.models.split(","):
        model, count = peers[name]()
        start = time.perf_counter()
        model.fit(train_x[:count], train_y[:count])
        fit = time.perf_counter() - start
        start = time.perf_counter()
        accuracy = float((model.predict(test_x) == test_y).mean())
        predict = time.perf_counter() - start
        print(json.dumps({"model": name, "fit_seconds": fit, "predict_seconds": predict, "test_accuracy": accuracy, "train_images": count}), flush=True)


if __name__ == "__main__":
    main()
