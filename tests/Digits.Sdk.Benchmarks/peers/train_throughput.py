"""PyTorch peer of the train-throughput benchmark: the same network and recipe as BenchmarkCnn.cs.

Prints one JSON line: images_per_second (training loop only), epoch_seconds, epoch_cpu_seconds, peak_rss_mb (this
process's own VmHWM), test_accuracy, runtime.
Needs Debian's python3-torch (apt-get install -y python3-torch); run with /usr/bin/python3.
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from peer_support import normalized_nchw, peak_rss_mb


def load(folder, prefix):
    images, labels = normalized_nchw(folder, prefix)
    return torch.from_numpy(images), torch.from_numpy(labels)


class BenchmarkCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3)
        self.conv2 = nn.Conv2d(32, 64, 3)
        self.fc1 = nn.Linear(64 * 5 * 5, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.fc1(x.flatten(1)))
        return self.fc2(x)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--images", type=int, default=60000)
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(42)
    train_x, train_y = load(args.data, "train")
    test_x, test_y = load(args.data, "t10k")
    train_x, train_y = train_x[: args.images], train_y[: args.images]

    batch = 128
    steps = (len(train_x) + batch - 1) // batch
    model = BenchmarkCnn()
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=5e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=3e-3, total_steps=steps, pct_start=0.25)

    start = time.perf_counter()
    cpu = time.process_time()
    training = 0.0
    model.train()
    order = torch.randperm(len(train_x))
    for b in range(steps):
        index = order[b * batch: (b + 1) * batch]
        x, y = train_x[index], train_y[index]
        t0 = time.perf_counter()
        optimizer.zero_grad()
        logits = model(x)
        loss = F.cross_entropy(logits, y)
        loss.backward()
        optimizer.step()
        schedule.step()
        # The C# loop reads the loss and the batch accuracy every step for progress; do the same work here.
        loss.item()
        (logits.argmax(1) == y).sum().item()
        training += time.perf_counter() - t0
    epoch_seconds = time.perf_counter() - start
    epoch_cpu_seconds = time.process_time() - cpu

    model.eval()
    with torch.no_grad():
        correct = sum(int((model(test_x[i: i + 1000]).argmax(1) == test_y[i: i + 1000]).sum()) for i in range(0, len(test_x), 1000))

    print(json.dumps({
        "images_per_second": len(train_x) / training,
        "epoch_seconds": epoch_seconds,
        "epoch_cpu_seconds": epoch_cpu_seconds,
        "peak_rss_mb": peak_rss_mb(),
        "test_accuracy": correct / len(test_x),
        "runtime": f"PyTorch {torch.__version__}",
    }))


if __name__ == "__main__":
    main()
