# expect: correct
import numpy as np


def gradient_clipping(grad, threshold):
    g = np.array(grad, dtype=np.float64, copy=True)
    norm = float(np.sqrt((g**2).sum()))
    if norm <= float(threshold):
        return g
    g *= float(threshold) / norm  # a copy: the caller's array is untouched
    return g
