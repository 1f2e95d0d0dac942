"""tiny-classifier: a two-layer MLP on synthetic Gaussian blobs."""
