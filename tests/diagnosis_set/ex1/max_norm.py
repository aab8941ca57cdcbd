# expect: diag.clip-max-norm
import numpy as np


def gradient_clipping(grad, threshold):
    norm = np.linalg.norm(grad.ravel(), ord=np.inf)
    if norm > threshold:
        return grad * (threshold / norm)
    return grad.copy()
