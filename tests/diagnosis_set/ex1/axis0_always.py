# expect: diag.clip-per-row-norm
import numpy as np


def gradient_clipping(grad, threshold):
    norm = np.linalg.norm(grad, axis=0)
    return grad * threshold / np.maximum(norm, threshold)
