"""PyTorch peer of the train-step benchmark (TrainStepBenchmark.cs): BenchmarkCnn or FastCnn training steps timed per phase.

Prints one JSON line: forward_ms, loss_ms, backward_ms, step_ms (means per step), runtime.
Needs Debian's python3-torch (apt-get install -y python3-torch); run with /usr/bin/python3.
"""
import argparse
import json
import time

import torch
import torch.nn.functional as F

from fastcnn import block
from train_throughput import BenchmarkCnn


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=150)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--optimizer", default="adamw")
    parser.add_argument("--network", default="benchmarkcnn", choices=["benchmarkcnn", "fastcnn"])
    parser.add_argument("--batch", type=int, default=128)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    model = BenchmarkCnn() if args.network == "benchmarkcnn" else torch.nn.Sequential(
        *block(1, 16), *block(16, 32), *block(32, 64), torch.nn.Flatten(), torch.nn.Linear(64 * 3 * 3, 10))
    params = model.parameters()
    optimizer = {
        "adamw": lambda: torch.optim.AdamW(params, lr=3e-3, weight_decay=5e-4),
        "adam": lambda: torch.optim.Adam(params, lr=3e-3),
        "sgd": lambda: torch.optim.SGD(params, lr=0.05, momentum=0.9),
    }[args.optimizer]()
    images = torch.randn(args.batch, 1, 28, 28)
    labels = torch.randint(0, 10, (args.batch,))
    model.train()

    sums = [0.0, 0.0, 0.0, 0.0]
    for s in range(-10, args.steps):
        t0 = time.perf_counter()
        optimizer.zero_grad()
        logits = model(images)
        t1 = time.perf_counter()
        loss = F.cross_entropy(logits, labels)
        t2 = time.perf_counter()
        loss.backward()
        t3 = time.perf_counter()
        optimizer.step()
        t4 = time.perf_counter()
        if s >= 0:
            for i, d in enumerate((t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
                sums[i] += d

    ms = [1000.0 * x / args.steps for x in sums]
    print(json.dumps({"forward_ms": ms[0], "loss_ms": ms[1], "backward_ms": ms[2], "step_ms": ms[3], "runtime": f"PyTorch {torch.__version__}"}))


if __name__ == "__main__":
    main()
