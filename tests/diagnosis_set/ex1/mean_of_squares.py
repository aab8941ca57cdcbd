# expect: diag.clip-mean-norm
import numpy as np


def gradient_clipping(grad, threshold):
    norm = np.sqrt(np.mean(grad**2))
    if norm > threshold:
        return grad * (threshold / norm)
    return grad.copy()
