# expect: diag.clip-no-return-below
import numpy as np


def gradient_clipping(grad, threshold):
    norm = np.linalg.norm(grad)
    if norm > threshold:
        return grad * (threshold / norm)
