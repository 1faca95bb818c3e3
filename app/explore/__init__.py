"""The calculators behind the loss, metric and optimizer lessons: a learner's
small arrays go to the fast lane, where real Keras computes the answer."""
