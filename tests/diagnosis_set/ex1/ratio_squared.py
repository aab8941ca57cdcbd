# expect: diag.clip-scale-wrong
import numpy as np


def gradient_clipping(grad, threshold):
    norm = np.linalg.norm(grad)
    if norm > threshold:
        return grad * (threshold / norm) ** 2
    return grad.copy()
