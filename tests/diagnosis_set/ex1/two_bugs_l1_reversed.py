# expect: diag.clip-nan-on-zero
import numpy as np


def gradient_clipping(grad, threshold):
    norm = np.sum(np.abs(grad))
    if norm < threshold:
        return grad * (threshold / norm)
    return grad.copy()
