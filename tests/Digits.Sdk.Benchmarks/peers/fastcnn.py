"""PyTorch peer of the fastcnn-vs-pytorch benchmark: FastCnn's exact layers and recipe (AdamW lr 1e-2, weight decay
1e-4, one-cycle with 25% warm-up, batches of 64, one epoch, inputs normalized with mean 0.1307 and std 0.3081).

Prints one JSON line: wall_seconds (from interpreter start to the test accuracy), train_seconds, test_accuracy,
peak_rss_mb, runtime. Needs Debian's python3-torch (apt-get install -y python3-torch); run with /usr/bin/python3.
"""
import time

START = time.time()

import argparse  # noqa: E402
import json  # noqa: E402

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from peer_support import normalized_nchw, peak_rss_mb  # noqa: E402


def load(folder, prefix):
    images, labels = normalized_nchw(folder, prefix)
    return torch.from_numpy(images), torch.from_numpy(labels)


def block(inputs, outputs):
    return [nn.Conv2d(inputs, outputs, 3, padding=1), nn.BatchNorm2d(outputs), nn.ReLU(), nn.MaxPool2d(2)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(42)

    train_x, train_y = load(args.data, "train")
    test_x, test_y = load(args.data, "t10k")
    model = nn.Sequential(*block(1, 16), *block(16, 32), *block(32, 64), nn.Flatten(), nn.Linear(64 * 3 * 3, 10))
    batch = 64
    steps = (len(train_x) + batch - 1) // batch
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-2, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=1e-2, total_steps=steps, pct_start=0.25)

    train_start = time.time()
    model.train()
    order = torch.randperm(len(train_x))
    for b in range(steps):
        index = order[b * batch: (b + 1) * batch]
        optimizer.zero_grad()
        loss = F.cross_entropy(model(train_x[index]), train_y[index])
        loss.backward()
        optimizer.step()
        schedule.step()
    train_seconds = time.time() - train_start

    model.eval()
    correct = 0
    with torch.no_grad():
        for s in range(0, len(test_x), 1000):
            correct += (model(test_x[s: s + 1000]).argmax(1) == test_y[s: s + 1000]).sum().item()
    print(json.dumps({
        "wall_seconds": time.time() - START,
        "train_seconds": train_seconds,
        "test_accuracy": correct / len(test_x),
        "peak_rss_mb": peak_rss_mb(),
        "runtime": f"PyTorch {torch.__version__}",
    }))


if __name__ == "__main__":
    main()
