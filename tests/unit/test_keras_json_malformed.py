"""Malformed `model.to_json()` documents: each one is refused with a 422 that
locates the problem in the document, never a crash (a 500 over HTTP).

In-process and without Keras: the importer is plain JSON work. The documents
below are real `model.to_json()` output of Keras 3.15 (one layer per line),
for models built like the ones in tests/integration/test_import_keras_json.py.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest

from app.i18n.messages import MESSAGES
from app.importers.keras_json import MAX_DEPTH, spec_from_keras_json
from app.spec.errors import SpecError
from app.spec.validate import validate_spec

# keras.Sequential([Input((10, 3)), Conv1D(4, 3, strides=2, padding="same", activation="relu",
#   kernel_initializer="he_normal", kernel_regularizer="l2"),
#   Bidirectional(GRU(5, return_sequences=True, dropout=0.1)), GlobalAveragePooling1D(),
#   Dense(2, activation="softmax", name="probabilities")])
CONV_BIDIRECTIONAL = json.loads(r"""
{"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "layers": [
{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 10, 3], "dtype": "float32", "sparse": false, "ragged": false, "name": "input_layer", "optional": false}, "registered_name": null},
{"module": "keras.layers", "class_name": "Conv1D", "config": {"name": "conv1d", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "filters": 4, "kernel_size": [3], "strides": [2], "padding": "same", "data_format": "channels_last", "dilation_rate": [1], "groups": 1, "activation": "relu", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "HeNormal", "config": {"seed": null, "input_axes": null, "output_axes": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": {"module": "keras.regularizers", "class_name": "L2", "config": {"l2": 0.01}, "registered_name": null}, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}, "registered_name": null, "build_config": {"input_shape": [null, 10, 3]}},
{"module": "keras.layers", "class_name": "Bidirectional", "config": {"name": "bidirectional", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "merge_mode": "concat", "layer": {"module": "keras.layers", "class_name": "GRU", "config": {"name": "forward_gru", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "return_sequences": true, "return_state": false, "go_backwards": false, "stateful": false, "unroll": false, "zero_output_for_mask": true, "units": 5, "activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null, "input_axes": null, "output_axes": null}, "registered_name": null}, "recurrent_initializer": {"module": "keras.initializers", "class_name": "Orthogonal", "config": {"seed": null, "gain": 1.0}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "recurrent_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "recurrent_constraint": null, "bias_constraint": null, "dropout": 0.1, "recurrent_dropout": 0.0, "reset_after": true, "seed": null}, "registered_name": null, "build_config": {"input_shape": [null, 5, 4]}}, "backward_layer": {"module": "keras.layers", "class_name": "GRU", "config": {"name": "backward_gru", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "return_sequences": true, "return_state": false, "go_backwards": true, "stateful": false, "unroll": false, "zero_output_for_mask": true, "units": 5, "activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null, "input_axes": null, "output_axes": null}, "registered_name": null}, "recurrent_initializer": {"module": "keras.initializers", "class_name": "Orthogonal", "config": {"seed": null, "gain": 1.0}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "recurrent_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "recurrent_constraint": null, "bias_constraint": null, "dropout": 0.1, "recurrent_dropout": 0.0, "reset_after": true, "seed": null}, "registered_name": null, "build_config": {"input_shape": [null, 5, 4]}}}, "registered_name": null, "build_config": {"input_shape": [null, 5, 4]}},
{"module": "keras.layers", "class_name": "GlobalAveragePooling1D", "config": {"name": "global_average_pooling1d", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "data_format": "channels_last", "keepdims": false}, "registered_name": null},
{"module": "keras.layers", "class_name": "Dense", "config": {"name": "probabilities", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "units": 2, "activation": "softmax", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null, "input_axes": null, "output_axes": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null, "quantization_config": null}, "registered_name": null, "build_config": {"input_shape": [null, 10]}}
], "build_input_shape": [null, 10, 3]}, "registered_name": null, "build_config": {"input_shape": [null, 10, 3]}, "compile_config": {}}
""")

# keras.Sequential([Input((6, 4)), TimeDistributed(Dense(3)), RNN(SimpleRNNCell(3), return_sequences=True),
#   RNN([LSTMCell(3), GRUCell(2)]), Dense(4, kernel_regularizer="l1l2", bias_regularizer="l1",
#   kernel_constraint="max_norm"), Lambda(app.keras_ext.lambdas.scale, arguments={"factor": 0.5}),
#   Dense(2, activation="softmax", name="probabilities")])
RNN_WRAPPERS = json.loads(r"""
{"module": "keras", "class_name": "Sequential", "config": {"name": "sequential_1", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "layers": [
{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 6, 4], "dtype": "float32", "sparse": false, "ragged": false, "name": "input_layer_1", "optional": false}, "registered_name": null},
{"module": "keras.layers", "class_name": "TimeDistributed", "config": {"name": "time_distributed", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "layer": {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "units": 3, "activation": "linear", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null, "input_axes": null, "output_axes": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null, "quantization_config": null}, "registered_name": null, "build_config": {"input_shape": [null, 4]}}}, "registered_name": null, "build_config": {"input_shape": [null, 6, 4]}},
{"module": "keras.layers", "class_name": "RNN", "config": {"name": "rnn", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "return_sequences": true, "return_state": false, "go_backwards": false, "stateful": false, "unroll": false, "zero_output_for_mask": false, "cell": {"module": "keras.layers", "class_name": "SimpleRNNCell", "config": {"name": "simple_rnn_cell", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "units": 3, "activation": "tanh", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null, "input_axes": null, "output_axes": null}, "registered_name": null}, "recurrent_initializer": {"module": "keras.initializers", "class_name": "Orthogonal", "config": {"seed": null, "gain": 1.0}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "recurrent_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "recurrent_constraint": null, "bias_constraint": null, "dropout": 0.0, "recurrent_dropout": 0.0, "seed": null}, "registered_name": null, "build_config": {"input_shape": [null, 3]}}}, "registered_name": null, "build_config": {"input_shape": [null, 6, 3]}},
{"module": "keras.layers", "class_name": "RNN", "config": {"name": "rnn_1", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "return_sequences": false, "return_state": false, "go_backwards": false, "stateful": false, "unroll": false, "zero_output_for_mask": false, "cell": {"module": "keras.layers", "class_name": "StackedRNNCells", "config": {"name": "stacked_rnn_cells", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "cells": [{"module": "keras.layers", "class_name": "LSTMCell", "config": {"name": "lstm_cell", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "units": 3, "activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": true, "unit_forget_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null, "input_axes": null, "output_axes": null}, "registered_name": null}, "recurrent_initializer": {"module": "keras.initializers", "class_name": "Orthogonal", "config": {"seed": null, "gain": 1.0}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "recurrent_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "recurrent_constraint": null, "bias_constraint": null, "dropout": 0.0, "recurrent_dropout": 0.0, "seed": null}, "registered_name": null, "build_config": {"input_shape": [null, 3]}}, {"module": "keras.layers", "class_name": "GRUCell", "config": {"name": "gru_cell", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "units": 2, "activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null, "input_axes": null, "output_axes": null}, "registered_name": null}, "recurrent_initializer": {"module": "keras.initializers", "class_name": "Orthogonal", "config": {"seed": null, "gain": 1.0}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "recurrent_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "recurrent_constraint": null, "bias_constraint": null, "dropout": 0.0, "recurrent_dropout": 0.0, "reset_after": true, "seed": null}, "registered_name": null, "build_config": {"input_shape": [null, 3]}}]}, "registered_name": null, "build_config": {"input_shape": [null, 3]}}}, "registered_name": null, "build_config": {"input_shape": [null, 6, 3]}},
{"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense_1", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "units": 4, "activation": "linear", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null, "input_axes": null, "output_axes": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": {"module": "keras.regularizers", "class_name": "L1L2", "config": {"l1": 0.0, "l2": 0.0}, "registered_name": null}, "bias_regularizer": {"module": "keras.regularizers", "class_name": "L1", "config": {"l1": 0.009999999776482582}, "registered_name": null}, "kernel_constraint": {"module": "keras.constraints", "class_name": "MaxNorm", "config": {"max_value": 2, "axis": 0}, "registered_name": null}, "bias_constraint": null, "quantization_config": null}, "registered_name": null, "build_config": {"input_shape": [null, 2]}},
{"module": "keras.layers", "class_name": "Lambda", "config": {"name": "lambda", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "function": {"module": "builtins", "class_name": "function", "config": "keras_playground>scale", "registered_name": "function"}, "arguments": {"factor": 0.5}}, "registered_name": null, "build_config": {"input_shape": [null, 4]}},
{"module": "keras.layers", "class_name": "Dense", "config": {"name": "probabilities", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "units": 2, "activation": "softmax", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null, "input_axes": null, "output_axes": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null, "quantization_config": null}, "registered_name": null, "build_config": {"input_shape": [null, 4]}}
], "build_input_shape": [null, 6, 4]}, "registered_name": null, "build_config": {"input_shape": [null, 6, 4]}, "compile_config": {}}
""")

# a, b = Input((4,), name="a"), Input((4,), name="b"); shared = Dense(3, name="shared")
# keras.Model([a, b], Dense(1, name="out")(Add(name="add")([shared(a), shared(b)])))
SHARED_LAYER = json.loads(r"""
{"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "functional_2", "trainable": true, "layers": [
{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4], "dtype": "float32", "sparse": false, "ragged": false, "name": "a", "optional": false}, "registered_name": null, "name": "a", "inbound_nodes": []},
{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 4], "dtype": "float32", "sparse": false, "ragged": false, "name": "b", "optional": false}, "registered_name": null, "name": "b", "inbound_nodes": []},
{"module": "keras.layers", "class_name": "Dense", "config": {"name": "shared", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "units": 3, "activation": "linear", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null, "input_axes": null, "output_axes": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null, "quantization_config": null}, "registered_name": null, "build_config": {"input_shape": [null, 4]}, "name": "shared", "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 4], "dtype": "float32", "keras_history": ["a", 0, 0]}}], "kwargs": {}}, {"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 4], "dtype": "float32", "keras_history": ["b", 0, 0]}}], "kwargs": {}}]},
{"module": "keras.layers", "class_name": "Add", "config": {"name": "add", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}}, "registered_name": null, "build_config": {"input_shape": [[null, 3], [null, 3]]}, "name": "add", "inbound_nodes": [{"args": [[{"class_name": "__keras_tensor__", "config": {"shape": [null, 3], "dtype": "float32", "keras_history": ["shared", 0, 0]}}, {"class_name": "__keras_tensor__", "config": {"shape": [null, 3], "dtype": "float32", "keras_history": ["shared", 1, 0]}}]], "kwargs": {}}]},
{"module": "keras.layers", "class_name": "Dense", "config": {"name": "out", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "units": 1, "activation": "linear", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null, "input_axes": null, "output_axes": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null, "quantization_config": null}, "registered_name": null, "build_config": {"input_shape": [null, 3]}, "name": "out", "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 3], "dtype": "float32", "keras_history": ["add", 0, 0]}}], "kwargs": {}}]}
], "input_layers": [["a", 0, 0], ["b", 0, 0]], "output_layers": ["out", 0, 0]}, "registered_name": "Functional", "build_config": {"input_shape": null}, "compile_config": {}}
""")

# build_model() of the model of the lesson "05-functional-api" (two inputs, two outputs)
TWO_OUTPUTS = json.loads(r"""
{"module": "keras.src.models.functional", "class_name": "Functional", "config": {"name": "functional", "trainable": true, "layers": [
{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 20], "dtype": "int32", "sparse": false, "ragged": false, "name": "main_input", "optional": false}, "registered_name": null, "name": "main_input", "inbound_nodes": []},
{"module": "keras.layers", "class_name": "Embedding", "config": {"name": "embedding", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "input_dim": 500, "output_dim": 32, "embeddings_initializer": {"module": "keras.initializers", "class_name": "RandomUniform", "config": {"seed": null, "minval": -0.05, "maxval": 0.05}, "registered_name": null}, "embeddings_regularizer": null, "activity_regularizer": null, "embeddings_constraint": null, "mask_zero": false, "quantization_config": null}, "registered_name": null, "build_config": {"input_shape": [null, 20]}, "name": "embedding", "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 20], "dtype": "int32", "keras_history": ["main_input", 0, 0]}}], "kwargs": {}}]},
{"module": "keras.layers", "class_name": "LSTM", "config": {"name": "lstm", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "return_sequences": false, "return_state": false, "go_backwards": false, "stateful": false, "unroll": false, "zero_output_for_mask": false, "units": 16, "activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null, "input_axes": null, "output_axes": null}, "registered_name": null}, "recurrent_initializer": {"module": "keras.initializers", "class_name": "Orthogonal", "config": {"seed": null, "gain": 1.0}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "unit_forget_bias": true, "kernel_regularizer": null, "recurrent_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "recurrent_constraint": null, "bias_constraint": null, "dropout": 0.0, "recurrent_dropout": 0.0, "seed": null}, "registered_name": null, "build_config": {"input_shape": [null, 20, 32]}, "name": "lstm", "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 20, 32], "dtype": "float32", "keras_history": ["embedding", 0, 0]}}], "kwargs": {"training": false, "mask": null}}]},
{"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 5], "dtype": "float32", "sparse": false, "ragged": false, "name": "aux_input", "optional": false}, "registered_name": null, "name": "aux_input", "inbound_nodes": []},
{"module": "keras.layers", "class_name": "Concatenate", "config": {"name": "merged", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "axis": -1}, "registered_name": null, "build_config": {"input_shape": [[null, 16], [null, 5]]}, "name": "merged", "inbound_nodes": [{"args": [[{"class_name": "__keras_tensor__", "config": {"shape": [null, 16], "dtype": "float32", "keras_history": ["lstm", 0, 0]}}, {"class_name": "__keras_tensor__", "config": {"shape": [null, 5], "dtype": "float32", "keras_history": ["aux_input", 0, 0]}}]], "kwargs": {}}]},
{"module": "keras.layers", "class_name": "Dense", "config": {"name": "hidden_1", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "units": 32, "activation": "relu", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null, "input_axes": null, "output_axes": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null, "quantization_config": null}, "registered_name": null, "build_config": {"input_shape": [null, 21]}, "name": "hidden_1", "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 21], "dtype": "float32", "keras_history": ["merged", 0, 0]}}], "kwargs": {}}]},
{"module": "keras.layers", "class_name": "Dense", "config": {"name": "hidden_2", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "units": 32, "activation": "relu", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null, "input_axes": null, "output_axes": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null, "quantization_config": null}, "registered_name": null, "build_config": {"input_shape": [null, 32]}, "name": "hidden_2", "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 32], "dtype": "float32", "keras_history": ["hidden_1", 0, 0]}}], "kwargs": {}}]},
{"module": "keras.layers", "class_name": "Dense", "config": {"name": "main_output", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "units": 1, "activation": "sigmoid", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null, "input_axes": null, "output_axes": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null, "quantization_config": null}, "registered_name": null, "build_config": {"input_shape": [null, 32]}, "name": "main_output", "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 32], "dtype": "float32", "keras_history": ["hidden_2", 0, 0]}}], "kwargs": {}}]},
{"module": "keras.layers", "class_name": "Dense", "config": {"name": "aux_output", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "units": 1, "activation": "sigmoid", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null, "input_axes": null, "output_axes": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, "bias_constraint": null, "quantization_config": null}, "registered_name": null, "build_config": {"input_shape": [null, 16]}, "name": "aux_output", "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 16], "dtype": "float32", "keras_history": ["lstm", 0, 0]}}], "kwargs": {}}]}
], "input_layers": [["main_input", 0, 0], ["aux_input", 0, 0]], "output_layers": [["main_output", 0, 0], ["aux_output", 0, 0]]}, "registered_name": "Functional", "build_config": {"input_shape": null}, "compile_config": {}}
""")

DOCUMENTS = {"conv-bidirectional": CONV_BIDIRECTIONAL, "rnn-wrappers": RNN_WRAPPERS, "shared-layer": SHARED_LAYER, "two-outputs": TWO_OUTPUTS}
DELETE = object()  # as a value in `changed`: remove the key (or the list item)
LAYERS = ("config", "layers")


def changed(doc: Any, *edits: tuple[tuple, Any]) -> Any:
    """A copy of `doc` with the value at each path replaced (or removed, with DELETE)."""
    doc = copy.deepcopy(doc)
    for path, value in edits:
        parent = doc
        for part in path[:-1]:
            parent = parent[part]
        if value is DELETE:
            del parent[path[-1]]
        else:
            parent[path[-1]] = value
    return doc


def nested(depth: int) -> list:
    value: list = []
    for _ in range(depth):
        value = [value]
    return value


def answer(doc: Any) -> tuple[int, Any]:
    """What POST /api/import/keras-json answers, in-process: (200, the spec) or (422, SpecError).

    Anything else raised here would be a 500 over HTTP.
    """
    try:
        spec = validate_spec(spec_from_keras_json(doc)).model_dump(mode="json", include={"model"})
    except SpecError as e:
        for lang in ("en", "zh"):  # what the 422 carries, rendered as the app sends it
            detail = e.detail(lang)
            json.dumps(detail, allow_nan=False)
            for issue, shown in zip(e.issues, detail, strict=True):
                assert issue.code in MESSAGES and shown["msg"] not in ("", issue.code), (issue, shown)
        return 422, e
    json.dumps(spec, allow_nan=False)  # as the JSON response does; NaN or Infinity would be a 500 there
    return 200, spec


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_the_documents_are_valid(name):
    status, spec = answer(DOCUMENTS[name])
    assert status == 200, spec
    status, again = answer(json.dumps(DOCUMENTS[name]))  # the text, as the page sends it
    assert (status, again) == (200, spec)


def test_what_the_documents_import_as():
    rnn = answer(RNN_WRAPPERS)[1]["model"]["layers"]
    assert [x["class_name"] for x in rnn] == ["TimeDistributed", "RNN", "RNN", "Dense", "Lambda", "Dense"]
    assert [c["class_name"] for c in rnn[1]["config"]["cell"]] == ["SimpleRNNCell"]
    assert [c["class_name"] for c in rnn[2]["config"]["cell"]] == ["LSTMCell", "GRUCell"]
    assert (rnn[3]["config"]["kernel_regularizer"], rnn[3]["config"]["bias_regularizer"]) == ("l1l2", "l1")
    assert rnn[3]["config"]["kernel_constraint"] == "max_norm" and rnn[4]["config"]["function"] == "scale"
    shared = answer(SHARED_LAYER)[1]["model"]
    assert [(n["name"], n["inputs"]) for n in shared["nodes"]] == [("shared", ["a"]), ("shared_1", ["b"]), ("add", ["shared", "shared_1"]), ("out", ["add"])]
    assert answer(TWO_OUTPUTS)[1]["model"]["outputs"] == ["main_output", "aux_output"]


CB, RW, SL, TO = CONV_BIDIRECTIONAL, RNN_WRAPPERS, SHARED_LAYER, TWO_OUTPUTS
KERNEL_REG = (*LAYERS, 1, "config", "kernel_regularizer")  # in CB: L2(0.01)
CELL = (*LAYERS, 3, "config", "cell")  # in RW: StackedRNNCells([LSTMCell, GRUCell])
SHARED_NODE = (*LAYERS, 2, "inbound_nodes", 0)  # in SL: shared(a)
ADD_NODE = (*LAYERS, 3, "inbound_nodes", 0)  # in SL: Add()([shared(a), shared(b)])
HISTORY = (*SHARED_NODE, "args", 0, "config", "keras_history")

# (document, where the problem is, the code that names it)
CASES = [
    # the top level
    pytest.param("[1, 2]", ("class_name",), "import_model", id="top-level-list-text"),
    pytest.param(None, ("class_name",), "import_model", id="top-level-null"),
    pytest.param(changed(CB, (("config",), DELETE)), ("config",), "import_missing", id="config-missing"),
    pytest.param(changed(CB, (("config",), [1])), ("config",), "import_type", id="config-is-a-list"),
    pytest.param(changed(SL, (("config",), None)), ("config",), "import_type", id="config-is-null"),
    pytest.param("[" * 100_000 + "]" * 100_000, (), "import_depth", id="nesting-deeper-than-python-parses"),
    pytest.param(changed(CB, ((*LAYERS, 4, "config", "units"), nested(5000))), (*LAYERS, 4, "config", "units", *[0] * (MAX_DEPTH - 5)), "import_depth", id="nesting-deep-in-a-config"),
    pytest.param('{"class_name": "Sequential", "config": {"layers": [' + "1" * 5000 + "]}}", (), "import_json", id="integer-of-5000-digits"),
    # the layers list and its entries
    pytest.param(changed(CB, (LAYERS, {"0": CB["config"]["layers"][0]})), LAYERS, "import_type", id="layers-is-an-object"),
    pytest.param(changed(SL, (LAYERS, "abc")), LAYERS, "import_type", id="functional-layers-is-text"),
    pytest.param(changed(CB, ((*LAYERS, 0), "InputLayer")), (*LAYERS, 0), "import_type", id="first-layer-is-text"),
    pytest.param(changed(CB, ((*LAYERS, 2), ["Bidirectional"])), (*LAYERS, 2), "import_type", id="layer-is-a-list"),
    pytest.param(changed(CB, ((*LAYERS, 0, "config"), DELETE)), (*LAYERS, 0, "config"), "import_missing", id="input-layer-config-missing"),
    pytest.param(changed(CB, ((*LAYERS, 0, "config"), [None, 10, 3])), (*LAYERS, 0, "config"), "import_type", id="input-layer-config-is-a-list"),
    pytest.param(changed(CB, ((*LAYERS, 0, "config", "batch_shape"), 10)), (*LAYERS, 0, "config", "batch_shape"), "import_type", id="batch-shape-is-a-number"),
    pytest.param(changed(CB, ((*LAYERS, 0, "config", "batch_shape"), {"0": None})), (*LAYERS, 0, "config", "batch_shape"), "import_type", id="batch-shape-is-an-object"),
    pytest.param(changed(CB, ((*LAYERS, 0), DELETE), (("config", "build_input_shape"), 7)), ("config", "build_input_shape"), "import_type", id="build-input-shape-is-a-number"),
    pytest.param(changed(CB, ((*LAYERS, 1, "class_name"), ["Conv1D"])), (*LAYERS, 1, "class_name"), "import_type", id="class-name-is-a-list"),
    pytest.param(changed(CB, ((*LAYERS, 1, "config"), [4, 3])), (*LAYERS, 1, "config"), "import_type", id="layer-config-is-a-list"),
    pytest.param(changed(CB, ((*LAYERS, 4, "config", "name"), 7)), (*LAYERS, 4, "config", "name"), "import_type", id="layer-name-is-a-number"),
    pytest.param(changed(CB, ((*LAYERS, 4, "config", "name"), {"n": 1})), (*LAYERS, 4, "config", "name"), "import_type", id="layer-name-is-an-object"),
    # layers inside layers: Bidirectional, TimeDistributed, the cells of RNN
    pytest.param(changed(CB, ((*LAYERS, 2, "config", "layer"), "GRU")), (*LAYERS, 2, "config", "layer"), "import_type", id="bidirectional-layer-is-text"),
    pytest.param(changed(CB, ((*LAYERS, 2, "config", "layer", "config"), [5])), (*LAYERS, 2, "config", "layer", "config"), "import_type", id="bidirectional-inner-config-is-a-list"),
    pytest.param(changed(CB, ((*LAYERS, 2, "config", "backward_layer", "class_name"), 1)), (*LAYERS, 2, "config", "backward_layer", "class_name"), "import_type", id="backward-layer-class-is-a-number"),
    pytest.param(changed(RW, ((*LAYERS, 1, "config", "layer"), [])), (*LAYERS, 1, "config", "layer"), "import_type", id="time-distributed-layer-is-a-list"),
    pytest.param(changed(RW, ((*LAYERS, 1, "config", "layer", "class_name"), None)), (*LAYERS, 1, "config", "layer", "class_name"), "import_type", id="time-distributed-class-is-null"),
    pytest.param(changed(RW, ((*LAYERS, 1, "config", "layer", "class_name"), DELETE)), (*LAYERS, 1, "config", "layer", "class_name"), "import_missing", id="time-distributed-class-missing"),
    pytest.param(changed(RW, ((*LAYERS, 2, "config", "cell"), ["SimpleRNNCell"])), (*LAYERS, 2, "config", "cell"), "import_type", id="rnn-cell-is-a-list"),
    pytest.param(changed(RW, ((*CELL, "config"), DELETE)), (*CELL, "config"), "import_missing", id="stacked-cells-config-missing"),
    pytest.param(changed(RW, ((*CELL, "config", "cells"), DELETE)), (*CELL, "config", "cells"), "import_missing", id="stacked-cells-missing"),
    pytest.param(changed(RW, ((*CELL, "config", "cells"), {"class_name": "LSTMCell"})), (*CELL, "config", "cells"), "import_type", id="stacked-cells-is-an-object"),
    pytest.param(changed(RW, ((*CELL, "config", "cells", 1), None)), (*CELL, "config", "cells", 1), "import_type", id="stacked-cell-is-null"),
    pytest.param(changed(RW, ((*CELL, "config", "cells", 0, "config"), "units=3")), (*CELL, "config", "cells", 0, "config"), "import_type", id="stacked-cell-config-is-text"),
    # initializers, regularizers, constraints: objects with a class and a config
    pytest.param(changed(CB, ((*KERNEL_REG, "config", "l2"), "0.01")), (*KERNEL_REG, "config", "l2"), "import_type", id="regularizer-l2-is-text"),
    pytest.param(changed(RW, ((*LAYERS, 4, "config", "kernel_regularizer", "config", "l1"), "0")), (*LAYERS, 4, "config", "kernel_regularizer", "config", "l1"), "import_type", id="regularizer-l1l2-l1-is-text"),
    pytest.param(changed(RW, ((*LAYERS, 4, "config", "bias_regularizer", "config", "l1"), [0.01])), (*LAYERS, 4, "config", "bias_regularizer", "config", "l1"), "import_type", id="regularizer-l1-is-a-list"),
    pytest.param(changed(CB, ((*KERNEL_REG, "config"), [0.01])), (*KERNEL_REG, "config"), "import_type", id="regularizer-config-is-a-list"),
    pytest.param(changed(CB, ((*KERNEL_REG, "config"), "l2")), (*KERNEL_REG, "config"), "import_type", id="regularizer-config-is-text"),
    pytest.param(changed(CB, ((*KERNEL_REG, "class_name"), ["L2"])), (*KERNEL_REG, "class_name"), "import_type", id="regularizer-class-is-a-list"),
    pytest.param(changed(CB, ((*LAYERS, 1, "config", "kernel_initializer", "class_name"), None)), (*LAYERS, 1, "config", "kernel_initializer", "class_name"), "import_type", id="initializer-class-is-null"),
    pytest.param(changed(CB, ((*LAYERS, 1, "config", "kernel_initializer", "class_name"), {"HeNormal": 1})), (*LAYERS, 1, "config", "kernel_initializer", "class_name"), "import_type", id="initializer-class-is-an-object"),
    pytest.param(changed(CB, ((*LAYERS, 1, "config", "kernel_initializer", "class_name"), DELETE)), (*LAYERS, 1, "config", "kernel_initializer", "class_name"), "import_missing", id="initializer-class-missing"),
    pytest.param(changed(CB, ((*LAYERS, 1, "config", "kernel_initializer", "config"), ["seed"])), (*LAYERS, 1, "config", "kernel_initializer", "config"), "import_type", id="initializer-config-is-a-list"),
    pytest.param(changed(RW, ((*LAYERS, 4, "config", "kernel_constraint", "class_name"), 5)), (*LAYERS, 4, "config", "kernel_constraint", "class_name"), "import_type", id="constraint-class-is-a-number"),
    pytest.param(changed(RW, ((*LAYERS, 5, "config", "function", "class_name"), 0)), (*LAYERS, 5, "config", "function", "class_name"), "import_type", id="lambda-function-class-is-a-number"),
    # Functional models: layer names, inbound nodes and their tensors, inputs and outputs
    pytest.param(changed(SL, ((*LAYERS, 2, "name"), ["shared"])), (*LAYERS, 2, "name"), "import_type", id="functional-name-is-a-list"),
    pytest.param(changed(SL, ((*LAYERS, 0, "name"), DELETE), ((*LAYERS, 0, "config", "name"), DELETE)), (*LAYERS, 0, "config", "name"), "import_missing", id="functional-name-missing"),
    pytest.param(changed(SL, ((*LAYERS, 2, "name"), DELETE), ((*LAYERS, 2, "config"), "shared")), (*LAYERS, 2, "config"), "import_type", id="functional-config-is-text-and-no-name"),
    pytest.param(changed(SL, ((*LAYERS, 2, "inbound_nodes"), {"args": []})), (*LAYERS, 2, "inbound_nodes"), "import_type", id="inbound-nodes-is-an-object"),
    pytest.param(changed(SL, (SHARED_NODE, "a")), SHARED_NODE, "import_type", id="inbound-node-is-text"),
    pytest.param(changed(SL, ((*SHARED_NODE, "args"), {"0": "a"})), (*SHARED_NODE, "args"), "import_type", id="node-args-is-an-object"),
    pytest.param(changed(SL, ((*SHARED_NODE, "args", 0, "config"), DELETE)), (*SHARED_NODE, "args", 0, "config"), "import_missing", id="tensor-config-missing"),
    pytest.param(changed(SL, ((*SHARED_NODE, "args", 0, "config"), ["a", 0, 0])), (*SHARED_NODE, "args", 0, "config"), "import_type", id="tensor-config-is-a-list"),
    pytest.param(changed(SL, (HISTORY, DELETE)), HISTORY, "import_missing", id="keras-history-missing"),
    pytest.param(changed(SL, (HISTORY, "abc")), HISTORY, "import_type", id="keras-history-is-text"),
    pytest.param(changed(SL, (HISTORY, ["a", 0])), HISTORY, "import_type", id="keras-history-too-short"),
    pytest.param(changed(SL, (HISTORY, ["a", "0", 0])), HISTORY, "import_type", id="keras-history-index-is-text"),
    pytest.param(changed(SL, (HISTORY, [["a"], 0, 0])), HISTORY, "import_type", id="keras-history-name-is-a-list"),
    pytest.param(changed(SL, (HISTORY, ["a", True, 0])), HISTORY, "import_type", id="keras-history-index-is-true"),
    pytest.param(changed(SL, ((*ADD_NODE, "args", 0, 1, "config", "keras_history"), {"layer": "shared"})), (*ADD_NODE, "args", 0, 1, "config", "keras_history"), "import_type", id="keras-history-in-a-list-of-tensors"),
    pytest.param(changed(SL, (("config", "output_layers"), "out")), ("config", "output_layers"), "import_type", id="output-layers-is-text"),
    pytest.param(changed(SL, (("config", "output_layers"), {"out": 0})), ("config", "output_layers"), "import_type", id="output-layers-is-an-object"),
    pytest.param(changed(SL, (("config", "output_layers"), ["out", 0.5, 0])), ("config", "output_layers"), "import_type", id="output-layer-index-is-a-fraction"),
    pytest.param(changed(TO, (("config", "output_layers", 1), "aux_output")), ("config", "output_layers", 1), "import_type", id="second-output-is-text"),
    pytest.param(changed(TO, (("config", "input_layers"), "main_input")), ("config", "input_layers"), "import_type", id="input-layers-is-text"),
    pytest.param(changed(TO, (("config", "input_layers", 1), ["aux_input", None, 0])), ("config", "input_layers", 1), "import_type", id="input-layer-index-is-null"),
]


@pytest.mark.parametrize(("doc", "loc", "code"), CASES)
def test_malformed_documents_are_located(doc, loc, code):
    status, error = answer(doc)
    assert status == 422, error
    [issue] = error.issues
    assert (issue.loc, issue.code) == (loc, code), error
    if code in ("import_type", "import_missing"):  # the message names the place too: the page shows only the message
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
        assert all(where in d["msg"] for d in (*error.detail("en"), *error.detail("zh"))), error.detail("en")


def test_a_message_in_both_languages():
    error = answer(changed(CB, ((*KERNEL_REG, "config", "l2"), "0.01")))[1]
    assert error.detail("en")[0]["msg"] == 'expected a number at config.layers[1].config.kernel_regularizer.config.l2 in the output of model.to_json(); received "0.01"'
    assert error.detail("zh")[0]["msg"] == 'model.to_json() 输出中的 config.layers[1].config.kernel_regularizer.config.l2 应为数值；收到的是 "0.01"'
    error = answer(changed(SL, (HISTORY, DELETE)))[1]
    assert error.detail("en")[0]["msg"] == "expected config.layers[2].inbound_nodes[0].args[0].config.keras_history in the output of model.to_json(); it is missing"
    assert error.detail("zh")[0]["msg"] == "model.to_json() 的输出中应有 config.layers[2].inbound_nodes[0].args[0].config.keras_history；但缺少这一项"


def test_an_input_axis_keras_leaves_open_stays_null():
    # keras.Input((None, 3)) writes "batch_shape": [null, null, 3]: sequences of any length
    status, spec = answer(changed(CB, ((*LAYERS, 0, "config", "batch_shape"), [None, None, 3])))
    assert status == 200, spec
    assert spec["model"]["input"] == {"shape": [None, 3], "dtype": "float32"}
    status, spec = answer(changed(SL, ((*LAYERS, 0, "config", "batch_shape"), [None, None])))
    assert status == 200, spec
    assert spec["model"]["inputs"][0]["shape"] == [None]
    status, error = answer(changed(CB, ((*LAYERS, 0, "config", "batch_shape"), [None])))  # the batch axis alone
    assert status == 422 and [(i.loc, i.code) for i in error.issues] == [(("model", "input"), "import_input")]


def test_the_chinese_import_messages_have_no_space_between_chinese_characters():
    for code, text in MESSAGES.items():
        if code.startswith("import_"):
            assert not re.search(r"[\u4e00-\u9fff\uff08-\uff1b] +[\u4e00-\u9fff\uff08-\uff1b]", text.zh), (code, text.zh)


# --- every place in a real document, replaced by each of these --------------------------

REPLACEMENTS = [None, [], {}, "x", 1e308, -1, "", True, 0, float("nan"), float("inf"), [[]], {"class_name": "Dense"}, DELETE]


def places(value: Any, at: tuple = ()):
    yield at
    if isinstance(value, dict):
        for key, item in value.items():
            yield from places(item, (*at, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from places(item, (*at, i))


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_every_value_replaced_is_answered_200_or_422(name):
    doc = DOCUMENTS[name]
    crashes = []
    count = 0
    for at in places(doc):
        for value in REPLACEMENTS:
            if value is DELETE and not at:
                continue
            mutant = changed(doc, (at, value)) if at else value
            count += 1
            try:
                status, error = answer(mutant)
            except Exception as e:  # collected, and reported below
                crashes.append(f"{at} = {'DELETE' if value is DELETE else value!r}: {type(e).__name__}: {e}")
                continue
            if status == 422 and not all(isinstance(p, str | int) for i in error.issues for p in i.loc):
                crashes.append(f"{at} = {value!r}: loc {error.issues}")
    assert count > 1000
    assert not crashes, f"{len(crashes)} of {count} crash, e.g.\n" + "\n".join(crashes[:40])
