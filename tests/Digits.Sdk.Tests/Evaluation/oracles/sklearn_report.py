"""Oracle for EvaluationReport: the same metrics computed by scikit-learn.

Usage: python3 sklearn_report.py INPUT.json

INPUT.json holds {"classCount": C, "trueLabels": [...], "predictedLabels": [...], "probabilities": [[...], ...]}
("probabilities" optional, float32 values, one row per sample). Prints one JSON object on stdout with the
report's numbers and classification_report's text (digits=4). Every class 0..C-1 is passed as `labels`, so classes that never occur still get a row, and
zero_division is left at scikit-learn's default ("warn": 0 with an UndefinedMetricWarning on stderr).
Needs Debian's python3-sklearn (and python3-numpy).
"""

import json
import sys

import numpy as np
import sklearn
from sklearn.metrics import (
    accuracy_score,
    classification_report,
    confusion_matrix,
    log_loss,
    precision_recall_fscore_support,
)


def main(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    labels = list(range(data["classCount"]))
    y_true = np.asarray(data["trueLabels"], dtype=np.int64)
    y_pred = np.asarray(data["predictedLabels"], dtype=np.int64)

    precision, recall, f1, support = precision_recall_fscore_support(y_true, y_pred, labels=labels, average=None)
    macro = precision_recall_fscore_support(y_true, y_pred, labels=labels, average="macro")
    weighted = precision_recall_fscore_support(y_true, y_pred, labels=labels, average="weighted")

    result = {
        "sklearnVersion": sklearn.__version__,
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "macroPrecision": float(macro[0]),
        "macroRecall": float(macro[1]),
        "macroF1": float(macro[2]),
        "weightedPrecision": float(weighted[0]),
        "weightedRecall": float(weighted[1]),
        "weightedF1": float(weighted[2]),
        "perClass": [
            {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
            for p, r, f, s in zip(precision, recall, f1, support)
        ],
        "confusionMatrix": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
        "logLoss": None,
        "text": classification_report(y_true, y_pred, labels=labels, digits=4),
    }
    if data.get("probabilities") is not None:
        # float32, as a network's softmax output is: scikit-learn picks its clipping eps from the dtype.
        probabilities = np.asarray(data["probabilities"], dtype=np.float32)
        result["logLoss"] = float(log_loss(y_true, probabilities, labels=labels))
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
