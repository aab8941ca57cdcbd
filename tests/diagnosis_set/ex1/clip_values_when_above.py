# expect: diag.clip-elementwise
import numpy as np


def gradient_clipping(grad, threshold):
    if np.linalg.norm(grad) > threshold:
        return np.clip(grad, -threshold, threshold)
    return grad.copy()
