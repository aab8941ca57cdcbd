# expect: diag.returned-list
import numpy as np


def gradient_clipping(grad, threshold):
    norm = np.linalg.norm(grad)
    scale = threshold / norm if norm > threshold else 1.0
    return (grad * scale).tolist()
