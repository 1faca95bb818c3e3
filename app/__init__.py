"""Keras Playground: learn Keras chapter by chapter, training real models."""
