# expect: diag.clip-comparison-reversed
import numpy as np


def gradient_clipping(grad, threshold):
    total_norm = np.sqrt(np.sum(grad**2))
    if total_norm < threshold:
        grad = grad * (threshold / total_norm)
    return grad
