# expect: diag.clip-no-comparison
import numpy as np


def gradient_clipping(grad, threshold):
    norm = np.linalg.norm(grad)
    return threshold * grad / (norm if norm > 0 else 1.0)
