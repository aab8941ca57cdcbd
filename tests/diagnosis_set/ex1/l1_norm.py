# expect: diag.clip-l1-norm
import numpy as np


def gradient_clipping(grad, threshold):
    norm = np.abs(grad).sum()
    if norm > threshold:
        return grad * (threshold / norm)
    return grad.copy()
