# expect: diag.clip-fro-norm
import numpy as np


def gradient_clipping(grad, threshold):
    norm = np.linalg.norm(grad, "fro")
    return grad * (threshold / norm) if norm > threshold else grad.copy()
