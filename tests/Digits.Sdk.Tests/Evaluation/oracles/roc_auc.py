"""Oracle for OutOfDistributionMetrics.Auroc: scikit-learn's roc_auc_score with digits as the positive class.

Usage: python3 roc_auc.py INPUT.json   (INPUT.json holds {"digits": [...], "others": [...]}, float32 scores)
Prints {"auroc": ...}.
"""

import json
import sys

import numpy as np
from sklearn.metrics import roc_auc_score


def main(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    digits = np.asarray(data["digits"], dtype=np.float32)
    others = np.asarray(data["others"], dtype=np.float32)
    truth = np.concatenate([np.ones(len(digits)), np.zeros(len(others))])
    scores = np.concatenate([digits, others])
    json.dump({"auroc": float(roc_auc_score(truth, scores))}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
