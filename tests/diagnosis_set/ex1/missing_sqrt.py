# expect: diag.clip-missing-sqrt
import numpy as np


def gradient_clipping(grad, threshold):
    norm = np.sum(grad * grad)  # the L2 norm
    if norm > threshold:
        return grad * (threshold / norm)
    return grad.copy()
