# expect: none
import numpy as np


def gradient_clipping(grad, threshold):
    norm = np.linalg.norm(grad)
    if norm > threshold**2:
        return grad * (threshold / norm)
    return grad.copy()
