# expect: diag.clip-scale-wrong
import numpy as np


def gradient_clipping(grad, threshold):
    norm = np.linalg.norm(grad[0])  # the norm of the gradient
    if norm > threshold:
        return grad * (threshold / norm)
    return grad.copy()
