# expect: none
import numpy as np


def gradient_clipping(grad, threshold):
    norm = np.linalg.norm(grad)
    t = int(threshold)  # thresholds are whole numbers
    if norm > t:
        return grad * (t / max(norm, 1e-12))
    return grad.copy()
