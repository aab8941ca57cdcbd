# expect: diag.clip-missing-norm-division
import numpy as np


def gradient_clipping(grad, threshold):
    if np.linalg.norm(grad) > threshold:
        return grad * threshold
    return grad.copy()
