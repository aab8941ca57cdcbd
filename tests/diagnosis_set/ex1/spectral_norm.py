# expect: diag.clip-spectral-norm
import numpy as np


def gradient_clipping(grad, threshold):
    norm = np.linalg.norm(grad, 2)
    if norm > threshold:
        return grad * (threshold / norm)
    return grad.copy()
