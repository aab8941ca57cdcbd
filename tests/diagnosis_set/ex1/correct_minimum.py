# expect: correct
import numpy as np


def gradient_clipping(grad, threshold):
    """Scale by min(1, threshold / norm); a zero norm keeps the zeros."""
    norm = np.sqrt(np.sum(np.square(grad)))
    rate = np.minimum(1.0, threshold / norm) if norm > 0 else 1.0
    return grad * rate
