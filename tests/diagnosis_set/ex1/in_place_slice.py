# expect: diag.argument-modified
import numpy as np


def gradient_clipping(grad, threshold):
    norm = np.linalg.norm(grad)
    if norm > threshold:
        grad[...] = grad * (threshold / norm)
    return grad.copy()
