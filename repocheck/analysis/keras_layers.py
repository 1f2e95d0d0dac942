"""The Keras layers that draw: their weights when built, or a mask or noise while training.

Kept apart from :mod:`repocheck.analysis.implicit_draws`, which judges their calls, so that
:mod:`repocheck.analysis.imports` can bind them where ``from keras.layers import *`` does.
"""

from __future__ import annotations

#: Keras layers whose weights are drawn when the layer is built (not ``PReLU``, whose
#: alphas start at zeros).
KERAS_INITIALISED_LAYERS = frozenset(
    {"Dense", "EinsumDense", "Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose"}
    | {"Conv2DTranspose", "Conv3DTranspose", "SeparableConv1D", "SeparableConv2D"}
    | {"DepthwiseConv1D", "DepthwiseConv2D", "Convolution1D", "Convolution2D", "Convolution3D"}
    | {"Embedding", "LSTM", "GRU", "SimpleRNN", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"}
    | {"MultiHeadAttention"}
)
#: Keras layers that draw while training (a mask, noise, an augmentation) and take a seed=.
KERAS_RANDOM_LAYERS = frozenset(
    {"Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "AlphaDropout"}
    | {"GaussianDropout", "GaussianNoise", "RandomFlip", "RandomRotation", "RandomZoom"}
    | {"RandomCrop", "RandomTranslation", "RandomContrast", "RandomBrightness"}
)
