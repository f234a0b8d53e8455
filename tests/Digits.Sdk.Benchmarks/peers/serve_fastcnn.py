"""Python peer of the serve-load benchmark: FastCnn's layers served by FastAPI + uvicorn + PyTorch, the stack a
Python user would pick to put an MNIST model behind HTTP.

POST /v1/predict takes a raw image/png or image/jpeg body (what the benchmark sends to both servers), decodes it
with Pillow, scales it to 28x28 grayscale, normalises it as the SDK does and answers label, confidence and the ten
probabilities as JSON; GET /healthz answers once the model is ready. Latency does not depend on the weights, so the
network keeps its seeded initialisation. One uvicorn worker by default (--workers N for more).

Needs Debian's python3-torch, python3-fastapi, python3-uvicorn and python3-pil; run with /usr/bin/python3:
    /usr/bin/python3 serve_fastcnn.py --port 8100 [--workers 1] [--threads 1]
"""
import argparse
import io
import os

import numpy as np
import torch
import torch.nn as nn
import uvicorn
from fastapi import FastAPI, HTTPException, Request
from PIL import Image

MEAN = 0.1307
STD = 0.3081


def block(inputs, outputs):
    return [nn.Conv2d(inputs, outputs, 3, padding=1), nn.BatchNorm2d(outputs), nn.ReLU(), nn.MaxPool2d(2)]


def fast_cnn():
    torch.manual_seed(42)
    model = nn.Sequential(*block(1, 16), *block(16, 32), *block(32, 64), nn.Flatten(), nn.Linear(64 * 3 * 3, 10))
    return model.eval()


def create_app():
    # Each worker process builds its own app (uvicorn imports this module by name for --workers > 1).
    torch.set_num_threads(int(os.environ.get("PEER_TORCH_THREADS", "1")))
    model = fast_cnn()
    app = FastAPI()

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    @app.post("/v1/predict")
    async def predict(request: Request):
        body = await request.body()
        if not body:
            raise HTTPException(status_code=400, detail="empty body")
        try:
            picture = Image.open(io.BytesIO(body)).convert("L")
        except Exception as error:  # Pillow raises several types for bad pictures.
            raise HTTPException(status_code=400, detail=f"not a picture: {error}")
        if picture.size != (28, 28):
            picture = picture.resize((28, 28), Image.BILINEAR)
        pixels = (np.asarray(picture, dtype=np.float32) / 255.0 - MEAN) / STD
        with torch.no_grad():
            logits = model(torch.from_numpy(pixels)[None, None, :, :])
            probabilities = torch.softmax(logits, dim=1)[0]
        label = int(torch.argmax(probabilities))
        return {"label": label, "confidence": float(probabilities[label]), "probabilities": probabilities.tolist()}

    return app


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    os.environ["PEER_TORCH_THREADS"] = str(args.threads)
    # Loopback only: the benchmark never serves beyond this machine.
    uvicorn.run("serve_fastcnn:create_app", factory=True, host="127.0.0.1", port=args.port, workers=args.workers,
                log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
