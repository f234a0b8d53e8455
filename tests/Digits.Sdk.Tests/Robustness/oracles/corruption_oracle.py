"""Independent reference computations for the corruption tests, with the libraries MNIST-C was made with.

Reads a JSON request {"operation": ..., "image": [...], "height": h, "width": w, ...} from the file named on the
command line and prints {"image": [...]} (floats on the 0..1 scale, row-major). Needs Debian's python3-skimage
(which brings scipy and numpy); run with /usr/bin/python3.
"""
import json
import sys

import numpy as np
from scipy import ndimage
from skimage import color, feature, transform


def centred(transform_kwargs, height, width):
    """An skimage affine map about the image centre, as MNIST-C builds its shear, rotation and scaling."""
    plain = transform.AffineTransform(**transform_kwargs).params
    centre = np.array([(width - 1) / 2.0, (height - 1) / 2.0])
    shift = centre - plain[:2, :2] @ centre
    return transform.AffineTransform(matrix=np.array([[plain[0, 0], plain[0, 1], shift[0]],
                                                      [plain[1, 0], plain[1, 1], shift[1]],
                                                      [0, 0, 1]]))


def main():
    with open(sys.argv[1]) as f:
        request = json.load(f)
    height, width = request["height"], request["width"]
    image = np.array(request["image"], dtype=np.float64).reshape(height, width) / 255.0
    operation = request["operation"]
    if operation == "canny":
        result = feature.canny(image).astype(np.float64)
    elif operation == "gaussian":
        result = ndimage.gaussian_filter(image, request["sigma"], mode="nearest", truncate=4.0)
    elif operation == "brightness":
        hsv = color.rgb2hsv(color.gray2rgb(image))
        hsv[:, :, 2] = np.clip(hsv[:, :, 2] + request["amount"], 0, 1)
        result = color.rgb2gray(color.hsv2rgb(hsv))
    elif operation == "warp":
        kwargs = {k: request[k] for k in ("shear", "rotation") if k in request}
        if "scale" in request:
            kwargs["scale"] = (request["scale"], request["scale"])
        result = transform.warp(image, inverse_map=centred(kwargs, height, width), order=1, mode="constant", cval=0)
    elif operation == "shift":
        result = ndimage.shift(image, (request["down"], request["right"]), order=0, mode="constant", cval=0)
    else:
        raise SystemExit(f"unknown operation {operation}")
    print(json.dumps({"image": np.clip(result, 0, 1).ravel().tolist()}))


if __name__ == "__main__":
    main()
