# expect: diag.clip-compares-squared-norm
import numpy as np


def gradient_clipping(grad, threshold):
    sq = np.sum(np.square(grad))
    if sq > threshold:  # compare without the costly sqrt
        return grad * (threshold / np.sqrt(sq))
    return grad.copy()
