# expect: diag.clip-inverted-ratio
import numpy as np


def gradient_clipping(grad, threshold):
    norm = np.linalg.norm(grad)
    if norm > threshold:
        return grad * norm / threshold
    return grad.copy()
